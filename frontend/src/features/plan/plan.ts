// "Plan my cluster" (docs/api.md, "Plans"): for a job spec and a link, the virtual time to a target test error over
// p and τ, from short runs on the virtual cluster. The plan's request and table, and the chart of time over p.

import type uPlot from 'uplot';
import { apiJson } from '../../api/client';
import type { JobSpec, JobState } from '../../api/types';

export interface PlanRequest {
  spec?: Partial<JobSpec>;
  link: string;
  serverLink?: string;
  stepMs?: number | 'measured';
  jitter?: number | 'measured';
  workers?: number[];
  tau?: number[];
  target: { testError: number };
  budget?: { maxSteps: number };
}

export interface PlanCell {
  workers: number;
  tau: number;
  jobId: number;
  state: JobState;
  /** Virtual seconds to the target; null when not reached (yet). */
  secondsToTarget: number | null;
  /** True once reached; false once the run ended without it; null while it runs. */
  reached: boolean | null;
  bestTestError: number | null;
  note: string;
}

export interface Plan {
  id: number;
  sweepId: number;
  state: 'RUNNING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';
  createdAt: string;
  link: string;
  serverLink: string | null;
  targetTestError: number;
  maxSteps: number;
  workers: number[];
  tau: number[];
  cells: PlanCell[];
  fastest: PlanCell | null;
  summary: string;
}

export const planApi = {
  create: (body: PlanRequest) => apiJson<Plan>('/plans', { method: 'POST', body }),
  get: (id: number | string, signal?: AbortSignal) => apiJson<Plan>(`/plans/${id}`, { signal }),
};

/** The cell of (p, τ), if the plan has it. */
export function cellAt(plan: Plan, workers: number, tau: number): PlanCell | undefined {
  return plan.cells.find((c) => c.workers === workers && c.tau === tau);
}

/** One line per τ: virtual seconds to the target over p (null where not reached). */
export function planChart(plan: Plan): { data: uPlot.AlignedData; labels: string[] } {
  const ps = [...plan.workers].sort((a, b) => a - b);
  const lines = plan.tau.map((t) => ps.map((p) => cellAt(plan, p, t)?.secondsToTarget ?? null));
  return { data: [ps, ...lines] as uPlot.AlignedData, labels: plan.tau.map((t) => `τ = ${t}`) };
}

/** "1, 2, 4" → [1, 2, 4]; null when a value is not a positive integer. */
export function parseList(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) return null;
  const out = parts.map(Number);
  return out.every((n) => Number.isInteger(n) && n >= 1) ? out : null;
}
