// The sweeps contract (docs/api.md, "Sweeps"): a sweep is a grid of jobs over algorithm, τ, η,
// p and seed, run together, with a verdict on the paper's questions once it has ended.
// Response types are aliases of the schema generated from the backend's OpenAPI document
// (schema.d.ts); springdoc marks nothing nullable, so each alias says which fields may be null.
// The request body and a run's params are maps on the server, so their shapes are written here.

import type { components } from './schema';
import type { Algorithm, JobSpec, JobState } from './types';

type Schemas = components['schemas'];
type Nullable<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | null };

export const SWEEP_STATES = ['RUNNING', 'COMPLETED', 'CANCELLED', 'FAILED'] as const;
export type SweepState = Schemas['Sweep']['state'];
const sweepStatesMatch: [SweepState] extends [(typeof SWEEP_STATES)[number]]
  ? [(typeof SWEEP_STATES)[number]] extends [SweepState]
    ? true
    : false
  : false = true;
void sweepStatesMatch;

/** The axes of a sweep's grid; each present axis multiplies the run count by its length. */
export interface SweepGrid {
  algorithm?: Algorithm[];
  tau?: number[];
  eta?: number[];
  workers?: number[];
  seed?: number[];
}

export type SweepTarget = Schemas['SweepTarget'];

/** Body of POST /sweeps; with `preset`, the other fields override the preset's. */
export interface SweepRequest {
  name?: string;
  priority?: number;
  preset?: string;
  base?: JobSpec;
  grid?: SweepGrid;
  /** Runs besides the grid, e.g. the MSGD p=1 baseline: partial specs over `base`, each once per seed. */
  extra?: JobSpec[];
  target?: SweepTarget;
}

export type SweepCounts = Schemas['SweepCounts'];

/** The grid values (or an extra run's fields plus its seed) of one run: only what the sweep varied. */
export interface SweepRunParams {
  algorithm?: Algorithm;
  tau?: number;
  eta?: number;
  workers?: number;
  seed?: number;
}

export type SweepRun = Omit<
  Nullable<
    Schemas['SweepRun'],
    'bestTestError' | 'finalTestError' | 'secondsToTarget' | 'bytesToTarget' | 'bytesTotal' | 'wallSeconds' | 'rung' | 'workerSeconds'
  >,
  'params' | 'state'
> & { params: SweepRunParams; state: JobState };

export type VerdictQuestion = Schemas['VerdictQuestion'];
export type VerdictAnswer = VerdictQuestion['answer'];
/** `reached`: how many of the seeds reached the target, e.g. "2/3". */
export type VerdictBytes = Omit<Nullable<Schemas['VerdictBytes'], 'medianBytesToTarget'>, 'algorithm'> & {
  algorithm: Algorithm;
};
export type SweepVerdict = Omit<Schemas['SweepVerdict'], 'bytesToTarget'> & { bytesToTarget: VerdictBytes[] };

type WithRequest<T> = Omit<T, 'base' | 'grid' | 'extra'> & { base: JobSpec; grid: SweepGrid; extra: JobSpec[] };

/** A sweep as GET /sweeps/{id} shows it; `warnings` say what keeps its runs from starting now. */
export type Sweep = Omit<
  WithRequest<Nullable<Schemas['Sweep'], 'name' | 'preset' | 'finishedAt' | 'best' | 'verdict'>>,
  'runs' | 'verdict' | 'priority' | 'warnings' | 'sample' | 'search' | 'rungs' | 'workerSeconds'
> & {
  runs: SweepRun[];
  verdict: SweepVerdict | null;
  priority?: number;
  warnings?: string[];
  // a search's parts (docs/api.md "Searches"): null without one
  sample?: Record<string, unknown> | null;
  search?: Record<string, unknown> | null;
  rungs?: Schemas['SweepRung'][];
  workerSeconds?: number;
};

/** A sweep in the list: no runs, best run or verdict. */
export type SweepSummary = Omit<
  WithRequest<Nullable<Schemas['SweepSummary'], 'name' | 'preset' | 'finishedAt'>>,
  'priority'
> & { priority?: number };

export type SweepPreset = Omit<Schemas['SweepPreset'], 'sweep'> & { sweep: SweepRequest };

export type SweepPage = Omit<Schemas['SweepPage'], 'items'> & { items: SweepSummary[] };

/**
 * The number of runs a request makes: the product of the grid's non-empty axes, plus each extra
 * once per seed (the paper preset: 4 × 4 × 3 + 1 × 3 = 51).
 */
export function runCount(req: Pick<SweepRequest, 'grid' | 'extra'>): number {
  const axes = Object.values(req.grid ?? {}).filter((v): v is unknown[] => Array.isArray(v) && v.length > 0);
  const grid = axes.reduce((n, axis) => n * axis.length, 1);
  const seeds = req.grid?.seed && req.grid.seed.length > 0 ? req.grid.seed.length : 1;
  return grid + (req.extra?.length ?? 0) * seeds;
}
