import type { Job } from '../../api/types';
import { fmtNumber } from '../../lib/format';

/** What a simulated job's run uses (`job.simulation`, null for a real job and until its agent started the run). */
export interface Simulation {
  workers: number;
  link: string;
  serverLink?: string | null;
  stepMs: number;
  stepMsMeasured: boolean;
  jitter: number;
  jitterMeasured: boolean;
  virtualSeconds: number;
}

/** The spec's `simulate` object (the job runs on the virtual cluster), or null. */
interface SimulateSpec {
  workers: number;
  link?: string | null;
  stepMs?: number | string | null;
}

export function simulateSpec(job: Pick<Job, 'spec'> | null | undefined): SimulateSpec | null {
  const s = (job?.spec as { simulate?: SimulateSpec | null } | undefined)?.simulate;
  return s && typeof s === 'object' ? s : null;
}

export function simulationOf(job: Job | null | undefined): Simulation | null {
  const s = (job as { simulation?: Simulation | null } | null | undefined)?.simulation;
  return s ?? null;
}

export function isSimulated(job: Pick<Job, 'spec'> | null | undefined): boolean {
  return simulateSpec(job) !== null;
}

/** The label of a chart's time axis: virtual seconds for a simulated job, wall seconds otherwise. */
export function timeAxisLabel(job: Pick<Job, 'spec'> | null | undefined): string {
  return isSimulated(job) ? 'virtual s' : 'time (s)';
}

/** The time axis of charts overlaying several jobs: virtual only when all are simulated; mixed says so. */
export function overlayTimeLabel(jobs: Pick<Job, 'spec'>[]): string {
  const simulated = jobs.filter(isSimulated).length;
  if (simulated === 0) return 'time (s)';
  if (simulated === jobs.length) return 'virtual s';
  return 'time (s): virtual for simulated jobs, wall for real ones';
}

/**
 * "simulated: p = 16 over 1gbit,0.2ms, stepMs 12.3 (measured)": the banner of a simulated job's page; before its
 * agent measured the step time, what the spec asks.
 */
export function simulationBanner(job: Job | null | undefined): string | null {
  const spec = simulateSpec(job);
  if (!spec) return null;
  const sim = simulationOf(job);
  const link = sim?.link ?? spec.link ?? '10gbit,0.05ms';
  const p = sim?.workers ?? spec.workers;
  const step = sim
    ? `stepMs ${fmtNumber(sim.stepMs, 3)} (${sim.stepMsMeasured ? 'measured' : 'given'})`
    : typeof spec.stepMs === 'number'
      ? `stepMs ${fmtNumber(spec.stepMs, 3)} (given)`
      : 'stepMs measured when it starts';
  const jitter = sim ? `, jitter ${fmtNumber(sim.jitter, 3)} (${sim.jitterMeasured ? 'measured' : 'given'})` : '';
  return `simulated: p = ${p} over ${link}, ${step}${jitter}`;
}
