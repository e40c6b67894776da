// The fault lab's contract (issue 22; docs/api.md, "Fault lab"): which faults this backend can
// inject, one fault or a schedule of them into a running job, and what each cost until the job
// healed. A fault's changes also reach the job page as `fault` events of the job's stream.

import { apiJson } from './client';

export const FAULT_KINDS = ['AGENT_KILL', 'AGENT_PAUSE', 'LINK_CUT', 'LINK_SLOW', 'BACKEND_RESTART', 'BACKEND_KILL', 'POSTGRES_RESTART'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type FaultState = 'PENDING' | 'ACTIVE' | 'HEALING' | 'HEALED' | 'NOT_HEALED' | 'FAILED' | 'CANCELLED';

/** One kind as GET /lab/faults describes it; `note` says why it is not available. */
export interface FaultKindView {
  kind: FaultKind;
  available: boolean;
  note: string | null;
  /** Absent from older backends: then the agent and link kinds take a rank. */
  takesRank?: boolean;
  takesDuration: boolean;
  takesRate: boolean;
}

export interface FaultLabStatus {
  enabled: boolean;
  note: string | null;
  kinds: FaultKindView[];
}

export interface Fault {
  id: number;
  jobId: number;
  scheduleId: number | null;
  kind: FaultKind;
  rank: number | null;
  agentName: string | null;
  durationMs: number | null;
  rate: string | null;
  state: FaultState;
  dueAt: string;
  injectedAt: string | null;
  undoneAt: string | null;
  healedAt: string | null;
  /** From injectedAt to the moment every live rank exchanged again after the fault ended. */
  healMs: number | null;
  stepsLost: number | null;
  updatesDropped: number | null;
  detail: string | null;
}

export interface FaultsByKind {
  kind: FaultKind;
  count: number;
  healed: number;
  medianHealMs: number | null;
  p95HealMs: number | null;
  stepsLost: number;
  updatesDropped: number;
}

export interface JobFaults {
  faults: Fault[];
  byKind: FaultsByKind[];
}

export interface FaultSchedule {
  id: number;
  jobId: number;
  state: 'RUNNING' | 'DONE' | 'CANCELLED';
  faults: Fault[];
}

/** Body of POST /lab/faults: fields a kind does not take must be left out (the server answers 400 naming them). */
export interface InjectBody {
  jobId: number;
  kind: FaultKind;
  rank?: number;
  durationMs?: number;
  rate?: string;
}

export interface RandomPlan {
  seed: number;
  count: number;
  meanIntervalMs: number;
  kinds: FaultKind[];
  minDurationMs: number;
  maxDurationMs: number;
  slowRate?: string;
}

export const faultsApi = {
  status: (signal?: AbortSignal) => apiJson<FaultLabStatus>('/lab/faults', { signal }),
  inject: (body: InjectBody) => apiJson<Fault>('/lab/faults', { method: 'POST', body }),
  schedule: (jobId: number, random: RandomPlan) =>
    apiJson<FaultSchedule>('/lab/faults/schedules', { method: 'POST', body: { jobId, random } }),
  cancelSchedule: (id: number) => apiJson<FaultSchedule>(`/lab/faults/schedules/${id}`, { method: 'DELETE' }),
  ofJob: (jobId: number, signal?: AbortSignal) => apiJson<JobFaults>(`/jobs/${jobId}/faults`, { signal }),
};
