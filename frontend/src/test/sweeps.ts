// Fixtures of sweeps with a search (docs/api.md "Searches: sampled spaces and early stopping").
import type { Sweep, SweepPreset, SweepRun } from '../api/sweeps';

/** The backend's `random-asha` preset as the contract describes it. */
export const RANDOM_ASHA: SweepPreset = {
  name: 'random-asha',
  description: 'A random search of EAMSGD with ASHA early stopping',
  sweep: {
    name: 'random-asha',
    base: { algorithm: 'EAMSGD', workers: 4, model: 'mlp', dataset: 'mnist-10k', delta: 0.9, stop: { maxSteps: 1800 } },
    grid: { eta: { logUniform: [0.003, 0.3] }, tau: { logInt: [1, 64] }, beta: { uniform: [0.3, 0.95] }, compression: ['none', 'fp16', 'int8'] },
    extra: [],
    sample: { method: 'random', runs: 27, seed: 1 },
    search: { method: 'asha', reductionFactor: 3, resource: 'steps', minSteps: 200, maxSteps: 1800 },
    target: { testError: 0.05 },
  },
};

export const searchRun = (jobId: number, params: SweepRun['params'], extra: Partial<SweepRun> = {}): SweepRun => ({
  jobId,
  label: Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' '),
  params,
  state: 'COMPLETED',
  bestTestError: 0.05,
  finalTestError: 0.06,
  secondsToTarget: null,
  bytesToTarget: null,
  bytesTotal: 1e8,
  wallSeconds: 100,
  best: false,
  rung: 1,
  workerSeconds: 400,
  ...extra,
});

/**
 * An ASHA search over η, τ and compression of 4 runs, one bracket, rungs at 200 and 600 steps:
 * at rung 0 runs 22 (first decided) and 21 are promoted and 23, 24 stopped; 22 is stopped at rung 1; 21 is the best.
 */
export const searchSweep = (extra: Partial<Sweep> = {}): Sweep => ({
  id: 9,
  name: 'eta-tau-search',
  preset: null,
  state: 'COMPLETED',
  createdAt: '2026-11-25T09:00:00Z',
  finishedAt: '2026-11-25T10:00:00Z',
  base: { algorithm: 'EAMSGD', workers: 2 },
  grid: { eta: { logUniform: [0.005, 0.2] }, tau: { logInt: [1, 64] }, compression: ['none', 'fp16', 'int8'] },
  extra: [],
  target: { testError: 0.05 },
  counts: { total: 4, queued: 0, running: 0, completed: 1, failed: 0, cancelled: 0, stoppedEarly: 3 },
  runs: [
    searchRun(21, { eta: 0.01, tau: 4, compression: 'none' }, { bestTestError: 0.04, secondsToTarget: 80, bytesToTarget: 5e7, best: true, rung: 1, workerSeconds: 600 }),
    searchRun(22, { eta: 0.1, tau: 64, compression: 'fp16' }, { state: 'STOPPED_EARLY', bestTestError: 0.12, rung: 1, workerSeconds: 240 }),
    searchRun(23, { eta: 0.005, tau: 1, compression: 'int8' }, { state: 'STOPPED_EARLY', bestTestError: 0.3, rung: 0, workerSeconds: 80 }),
    searchRun(24, { eta: 0.2, tau: 16, compression: 'none' }, { state: 'STOPPED_EARLY', bestTestError: null, finalTestError: null, rung: 0, workerSeconds: 80 }),
  ],
  best: 21,
  verdict: null,
  search: { method: 'asha', reductionFactor: 3, resource: 'steps', min: 200, max: 1800, brackets: 1 },
  sample: { method: 'random', runs: 4, seed: 1 },
  rungs: [
    {
      bracket: 0,
      rung: 0,
      at: 200,
      decided: 4,
      promoted: 2,
      stopped: 2,
      ended: 0,
      decisions: [
        { jobId: 22, value: 201, testError: 0.25, rank: 1, of: 1, decision: 'PROMOTED', decidedAt: '2026-11-25T09:10:00Z' },
        { jobId: 21, value: 204, testError: 0.2, rank: 1, of: 2, decision: 'PROMOTED', decidedAt: '2026-11-25T09:11:00Z' },
        { jobId: 23, value: 210, testError: 0.31, rank: 3, of: 3, decision: 'STOPPED', decidedAt: '2026-11-25T09:12:00Z' },
        { jobId: 24, value: 200, testError: 0.5, rank: 4, of: 4, decision: 'STOPPED', decidedAt: '2026-11-25T09:13:00Z' },
      ],
    },
    {
      bracket: 0,
      rung: 1,
      at: 600,
      decided: 2,
      promoted: 1,
      stopped: 1,
      ended: 0,
      decisions: [
        { jobId: 21, value: 612, testError: 0.08, rank: 1, of: 1, decision: 'PROMOTED', decidedAt: '2026-11-25T09:20:00Z' },
        { jobId: 22, value: 605, testError: 0.142, rank: 2, of: 2, decision: 'STOPPED', decidedAt: '2026-11-25T09:21:00Z' },
      ],
    },
  ],
  workerSeconds: 1000,
  ...extra,
});
