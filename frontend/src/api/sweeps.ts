// hand-written until the sweeps API is merged; then alias the generated schema
// (components['schemas'][…] in schema.d.ts, as types.ts does for jobs).
//
// The sweeps contract (docs/api.md, "Sweeps"): a sweep is a grid of jobs over algorithm, τ, η,
// p and seed, run together, with a verdict on the paper's questions once it has ended.

import type { Algorithm, JobSpec, JobState, Page } from './types';

export const SWEEP_STATES = ['RUNNING', 'COMPLETED', 'CANCELLED', 'FAILED'] as const;
export type SweepState = (typeof SWEEP_STATES)[number];

/** The axes of a sweep's grid; each present axis multiplies the run count by its length. */
export interface SweepGrid {
  algorithm?: Algorithm[];
  tau?: number[];
  eta?: number[];
  workers?: number[];
  seed?: number[];
}

export interface SweepTarget {
  testError: number;
}

/** Body of POST /sweeps; with `preset`, the other fields override the preset's. */
export interface SweepRequest {
  name?: string;
  priority?: number;
  preset?: string;
  base?: JobSpec;
  grid?: SweepGrid;
  /** Runs besides the grid, e.g. the MSGD p=1 baseline: partial specs over `base`. */
  extra?: JobSpec[];
  target?: SweepTarget;
}

export interface SweepCounts {
  total: number;
  queued: number;
  running: number;
  completed: number;
  failed: number;
  cancelled: number;
}

export interface SweepRunParams {
  algorithm: Algorithm;
  tau: number;
  eta: number;
  workers: number;
  seed: number;
}

export interface SweepRun {
  jobId: number;
  label: string;
  params: SweepRunParams;
  state: JobState;
  bestTestError: number | null;
  finalTestError: number | null;
  secondsToTarget: number | null;
  bytesToTarget: number | null;
  bytesTotal: number | null;
  wallSeconds: number | null;
  best: boolean;
}

export type VerdictAnswer = 'YES' | 'NO' | 'PARTLY' | 'UNDECIDED';

export interface VerdictQuestion {
  id: string;
  question: string;
  answer: VerdictAnswer;
  detail: string;
}

export interface VerdictBytes {
  algorithm: Algorithm;
  tau: number;
  medianBytesToTarget: number | null;
  /** How many of the seeds reached the target, e.g. "2/3". */
  reached: string;
}

export interface SweepVerdict {
  questions: VerdictQuestion[];
  bytesToTarget: VerdictBytes[];
}

export interface Sweep {
  id: number;
  name: string | null;
  preset: string | null;
  state: SweepState;
  createdAt: string;
  finishedAt: string | null;
  base: JobSpec;
  grid: SweepGrid;
  extra: JobSpec[];
  target: SweepTarget | null;
  counts: SweepCounts;
  runs: SweepRun[];
  best: number | null;
  verdict: SweepVerdict | null;
}

export interface SweepPreset {
  name: string;
  description: string;
  sweep: SweepRequest;
}

export type SweepPage = Page<Sweep>;

/** The number of runs a request makes: the product of the grid's non-empty axes, plus the extras. */
export function runCount(req: Pick<SweepRequest, 'grid' | 'extra'>): number {
  const axes = Object.values(req.grid ?? {}).filter((v): v is unknown[] => Array.isArray(v) && v.length > 0);
  const grid = axes.reduce((n, axis) => n * axis.length, 1);
  return grid + (req.extra?.length ?? 0);
}
