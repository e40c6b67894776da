// The fault lab's contract (issue 22; docs/api.md, "Fault lab"): which faults this backend can
// inject, one fault or a schedule of them into a running job, and what each cost until the job
// healed. A fault's changes also reach the job page as `fault` events of the job's stream.
// Responses are aliases of the generated schema (schema.d.ts; springdoc marks nothing nullable, so
// each alias says which fields may be null). The request bodies are strings in the document (the
// backend reads them itself, strictly), so their shapes are written here.

import { apiJson } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];
type Nullable<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | null };
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(): T | undefined => undefined;

export type FaultKind = Schemas['Fault']['kind'];
export const FAULT_KINDS = ['AGENT_KILL', 'AGENT_PAUSE', 'LINK_CUT', 'LINK_SLOW', 'BACKEND_RESTART', 'BACKEND_KILL', 'POSTGRES_RESTART'] as const;
same<Same<(typeof FAULT_KINDS)[number], FaultKind>>();

export type FaultState = Schemas['Fault']['state'];

/** One kind as GET /lab/faults describes it; `note` says why it is not available. */
export type FaultKindView = Nullable<Schemas['KindView'], 'note'>;

/** GET /lab/faults (the UI needs neither the backend's pid nor its log file). */
export type FaultLabStatus = Omit<Nullable<Schemas['LabView'], 'note'>, 'kinds' | 'backendPid' | 'backendLog'> & {
  kinds: FaultKindView[];
  backendPid?: number;
  backendLog?: string;
};

/**
 * A fault. `healMs`: from injectedAt to the first moment every rank of the job had an upload applied
 * after the fault was over; `stepsLost`: how far the ranks fell back (work to redo); `updatesDropped`:
 * uploads in flight never applied; `resendsDropped`: copies sent again and answered without being
 * applied twice.
 */
export type Fault = Nullable<
  Schemas['Fault'],
  | 'scheduleId'
  | 'rank'
  | 'agentName'
  | 'durationMs'
  | 'rate'
  | 'injectedAt'
  | 'undoneAt'
  | 'healedAt'
  | 'healMs'
  | 'stepsLost'
  | 'updatesDropped'
  | 'resendsDropped'
  | 'detail'
>;

/** A job's figures by kind; the percentiles are null while none of its faults healed. */
export type FaultsByKind = Nullable<Schemas['ByKind'], 'medianHealMs' | 'p95HealMs'>;

export type JobFaults = { faults: Fault[]; byKind: FaultsByKind[] };

export type FaultSchedule = Omit<Schemas['ScheduleView'], 'state' | 'faults' | 'createdAt'> & {
  state: 'RUNNING' | 'DONE' | 'CANCELLED';
  faults: Fault[];
  createdAt?: string;
};

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
