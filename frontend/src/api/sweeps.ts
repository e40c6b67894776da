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

/**
 * A range an axis of a sampled sweep draws from (docs/api.md "Searches"): `[lo, hi]`, ends included;
 * `logUniform` needs lo > 0, `logInt` lo ≥ 1; `choice` is the same as a list. Written by hand: the
 * document types the grid in its list form only.
 */
export type SweepRange =
  | { uniform: [number, number] }
  | { logUniform: [number, number] }
  | { int: [number, number] }
  | { logInt: [number, number] }
  | { choice: (string | number)[] };
export const RANGE_FORMS = ['uniform', 'logUniform', 'int', 'logInt', 'choice'] as const;
export type RangeForm = (typeof RANGE_FORMS)[number];

/** One axis: a list of values, or (with `sample`) a range. */
export type SweepAxis<T extends string | number = number> = T[] | SweepRange;

export const isRange = (axis: unknown): axis is SweepRange =>
  axis !== null && typeof axis === 'object' && !Array.isArray(axis) && RANGE_FORMS.some((f) => f in axis);

/** The axes of a sweep's grid; without `sample` each present axis multiplies the run count by its length. */
export interface SweepGrid {
  algorithm?: Algorithm[] | { choice: Algorithm[] };
  tau?: SweepAxis<number | 'auto'>;
  eta?: SweepAxis;
  workers?: SweepAxis;
  seed?: SweepAxis;
  alpha?: SweepAxis;
  beta?: SweepAxis;
  delta?: SweepAxis;
  averagingRate?: SweepAxis;
  batchSize?: SweepAxis;
  weightDecay?: SweepAxis;
  rho?: SweepAxis;
  model?: SweepAxis<string>;
  dataset?: SweepAxis<string>;
  compression?: SweepAxis<string>;
}

// Searches (docs/api.md "Searches: sampled spaces and early stopping"). The request's parts are written here
// (the document types the grid in its list form only); the stored sweep's `search` and `sample` are maps in the
// document, so their shapes are written here too; a rung and its decisions alias the schema.

/** Draw the runs instead of taking the grid's product. */
export interface SweepSample {
  method: 'random' | 'sobol';
  /** The budget, 1…200. */
  runs: number;
  /** Default 1: the same request gives the same runs. */
  seed?: number;
}

export type SearchMethod = 'asha' | 'hyperband';
export type SearchResource = 'steps' | 'seconds' | 'bytes';
export const SEARCH_RESOURCES: readonly SearchResource[] = ['steps', 'seconds', 'bytes'];

/** `search` of the request: the resource's bounds are named after it (minSteps/maxSteps, …). */
export interface SweepSearchRequest {
  method: SearchMethod;
  /** η ≥ 2, default 3: the best 1/η at a rung run on. */
  reductionFactor?: number;
  resource?: SearchResource;
  minSteps?: number;
  maxSteps?: number;
  minSeconds?: number;
  maxSeconds?: number;
  minBytes?: number;
  maxBytes?: number;
  /** Hyperband only. */
  brackets?: number;
}

/** `search` of a stored sweep: the bounds as `min`/`max` of its resource. */
export interface SweepSearch {
  method: SearchMethod;
  reductionFactor: number;
  resource: SearchResource;
  min: number;
  max: number;
  brackets: number;
}

/** `value`: the resource at the deciding evaluation; `keep`: how many of `of` ran on. */
export type SweepRungDecision = Omit<Nullable<Schemas['SweepRungDecision'], 'decidedAt'>, 'decision' | 'keep'> & {
  decision: 'PROMOTED' | 'STOPPED' | 'ENDED';
  keep?: number;
};

/** A rung of one bracket: decided at the resource value `at`. */
export type SweepRung = Omit<Schemas['SweepRung'], 'decisions'> & { decisions: SweepRungDecision[] };

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
  /** null (over a preset): no sampling, whatever the preset says. */
  sample?: SweepSample | null;
  /** null (over a preset): no early stopping, whatever the preset says. */
  search?: SweepSearchRequest | null;
}

export type SweepCounts = Schemas['SweepCounts'];

/** The grid values (or an extra run's fields plus its seed) of one run: only what the sweep varied. */
export interface SweepRunParams {
  algorithm?: Algorithm;
  tau?: number | 'auto';
  eta?: number;
  workers?: number;
  seed?: number;
  /** Any other axis of the grid (beta, batchSize, compression, …). */
  [axis: string]: string | number | undefined;
}

/** `rung`: the highest rung decided for the run; `workerSeconds`: wallSeconds × p (virtual for a simulated job). */
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

type WithRequest<T> = Omit<T, 'base' | 'grid' | 'extra' | 'counts'> & { base: JobSpec; grid: SweepGrid; extra: JobSpec[]; counts: SweepCounts };

/**
 * A sweep as GET /sweeps/{id} shows it; `warnings` say what keeps its runs from starting now.
 * `search`, `sample` (null without one), `rungs` ([] without a search) and `workerSeconds` (the runs' sum).
 */
export type Sweep = Omit<
  WithRequest<Nullable<Schemas['Sweep'], 'name' | 'preset' | 'finishedAt' | 'best' | 'verdict'>>,
  'runs' | 'verdict' | 'priority' | 'warnings' | 'sample' | 'search' | 'rungs' | 'workerSeconds'
> & {
  runs: SweepRun[];
  verdict: SweepVerdict | null;
  priority?: number;
  warnings?: string[];
  search: SweepSearch | null;
  sample: SweepSample | null;
  rungs: SweepRung[];
  workerSeconds: number | null;
};

/** A sweep in the list: no runs, best run or verdict. */
export type SweepSummary = Omit<
  WithRequest<Nullable<Schemas['SweepSummary'], 'name' | 'preset' | 'finishedAt'>>,
  'priority'
> & { priority?: number };

export type SweepPreset = Omit<Schemas['SweepPreset'], 'sweep'> & { sweep: SweepRequest };

export type SweepPage = Omit<Schemas['SweepPage'], 'items'> & { items: SweepSummary[] };

/**
 * The number of runs a request makes: the product of the grid's non-empty axes — or with `sample` its
 * budget `sample.runs` — plus each extra once per seed (the paper preset: 4 × 4 × 3 + 1 × 3 = 51).
 */
export function runCount(req: Pick<SweepRequest, 'grid' | 'extra' | 'sample'>): number {
  const seedAxis = req.grid?.seed;
  const seeds = Array.isArray(seedAxis) && seedAxis.length > 0 ? seedAxis.length : 1;
  const extra = (req.extra?.length ?? 0) * seeds;
  if (req.sample) return req.sample.runs + extra;
  const axes = Object.values(req.grid ?? {}).filter((v): v is unknown[] => Array.isArray(v) && v.length > 0);
  return axes.reduce((n, axis) => n * axis.length, 1) + extra;
}
