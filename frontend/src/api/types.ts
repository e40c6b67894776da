// Types of the REST + SSE contract in docs/api.md (base path /api/v1).
//
// The REST types are aliases of the types generated from the backend's OpenAPI document
// (schema.d.ts ← openapi.json ← GET /api/v1/openapi; OpenApiContractIT and schema.test.ts keep
// them equal), so a renamed or retyped field breaks `npm run typecheck`. springdoc marks no field
// nullable, so each alias lists the fields the server may send as null. Endpoints that answer an
// untyped map (workers, metrics) and the SSE events are not described by the document:
// their types below are hand-written.

import type { Fault } from './faults';
import type { components } from './schema';

type Schemas = components['schemas'];
/** T with the keys K (which must exist in T) also allowing null. */
type Nullable<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | null };
/** T with the keys K (which must exist in T) optional: fields the UI neither needs nor gets in every payload. */
type Optional<T, K extends keyof T> = Omit<T, K> & { [P in K]?: T[P] };
/** Compile-time check that two unions are the same. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(): T | undefined => undefined;

export type Algorithm = Schemas['JobSpec']['algorithm'];
/** Every algorithm, in the order the form lists them (checked against the schema's enum). */
export const ALGORITHMS = [
  'EASGD',
  'EAMSGD',
  'DOWNPOUR',
  'MDOWNPOUR',
  'ADOWNPOUR',
  'MVADOWNPOUR',
  'SGD',
  'MSGD',
  'ASGD',
  'MVASGD',
  'SYNC_EASGD',
  'SYNC_EAMSGD',
  'DILOCO',
  'ADMM',
] as const;
same<Same<(typeof ALGORITHMS)[number], Algorithm>>();

export type JobState = Schemas['Job']['state'];
export const JOB_STATES = ['QUEUED', 'ASSIGNING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'STOPPED_EARLY'] as const;
same<Same<(typeof JOB_STATES)[number], JobState>>();
export const TERMINAL_STATES: readonly JobState[] = ['COMPLETED', 'FAILED', 'CANCELLED', 'STOPPED_EARLY'];
export const isTerminal = (s: JobState | string | undefined): boolean =>
  s !== undefined && (TERMINAL_STATES as readonly string[]).includes(s);

export type StopSpec = Partial<Nullable<Schemas['StopCriteria'], 'maxSteps' | 'maxWallSeconds' | 'targetTestError'>>;

/** The job spec (body of POST /jobs, without name/priority). Optional fields are filled by the server. */
export type JobSpec = Partial<Omit<Nullable<Schemas['JobSpec'], 'alpha' | 'beta' | 'delta' | 'averagingRate' | 'modelJson'>, 'stop'>> & {
  stop?: StopSpec;
};

/**
 * Body of POST /jobs (the document's JobSubmission; written by hand here because every generated
 * property is required, see schema.test.ts, while a request leaves out what the server fills in).
 */
export type SubmitBody = JobSpec & {
  name?: string;
  priority?: number;
};

/**
 * `tau`: the τ the workers run with — the spec's, or an auto-τ job's latest (null before it ran);
 * `workers`: p — the spec's, or a worker range job's current one (null before it ran).
 */
export type JobProgress = Optional<
  Nullable<Schemas['Progress'], 'totalSteps' | 'fraction' | 'etaSeconds' | 'tau' | 'workers'>,
  'tau' | 'workers'
>;

/** The auto-τ settings of a spec with `tau: "auto"`. */
export type AutoTau = Schemas['AutoTau'];

export type JobResult = Optional<Nullable<Schemas['Result'], 'testError' | 'testLoss' | 'ranks'>, 'ranks'>;

export type Job = Omit<
  Optional<
    Nullable<Schemas['Job'], 'name' | 'startedAt' | 'finishedAt' | 'reason' | 'sweepId' | 'simulation'>,
    'warnings' | 'reason' | 'sweepId' | 'simulation'
  >,
  'spec' | 'progress' | 'result' | 'state'
> & {
  state: JobState;
  spec: JobSpec;
  progress: JobProgress | null;
  result: JobResult | null;
};

/** A page of a list (JobPage in the document, with any item type). */
export type Page<T> = Omit<Schemas['JobPage'], 'items'> & { items: T[] };

/** POST /jobs/check (JobCheck in the document, with the nullable spec above). */
export type CheckResult = Omit<Schemas['JobCheck'], 'spec'> & { spec: JobSpec };

/** GET /jobs/{id}/workers rows (untyped maps in the document). */
export interface Worker {
  rank: number;
  agentId: string | null;
  /** The agent's display name (host name or --name), when the backend knows it. */
  agentName?: string | null;
  state: string;
  step: number;
  stepsPerSecond: number | null;
  lastExchangeAt: string | null;
  bytesUp: number;
  bytesDown: number;
  /** A lost rank past its grace period with no free agent to take it: since when it waits (ISO instant). */
  waitingSince?: string | null;
  /** The rank runs well below its peers' median steps/s (absent from backends without straggler detection). */
  straggler?: boolean;
}

/** ADMITTED / RETIRED: a worker range took in a free agent as this rank / gave the rank up (p changed). */
/** WAITING: a lost rank's grace is over and no agent is free to take it (the job fails when every rank waits longer than easgd.agents.replace-timeout). */
export type WorkerChange = 'JOINED' | 'LOST' | 'REPLACED' | 'LEFT' | 'ADMITTED' | 'RETIRED' | 'WAITING';

/** `worker` SSE event: a worker row, plus `event` when it changed (and `at`, see API-NOTES.md). */
export interface WorkerEvent extends Worker {
  jobId?: number;
  event?: WorkerChange;
  at?: string;
}

export interface StateEvent {
  jobId: number;
  from: JobState | null;
  to: JobState;
  reason?: string | null;
  at: string;
}

/** `tau` SSE event: the platform changed an auto-τ job's τ (docs/api.md). */
export interface TauEvent {
  jobId: number;
  from: number;
  to: number;
  /** e.g. "τ 1 → 12: exchange 86 ms, step 20 ms, target 10 %". */
  reason: string;
  /** The job's step, and ms since it started running, at the change. */
  step: number;
  t: number;
  at: string;
}

export interface MetricEvent {
  jobId: number;
  series: string;
  worker: number | null;
  t: number;
  step: number;
  value: number;
}

/** GET /jobs/{id}/metrics (an untyped map in the document). */
export interface MetricPoint {
  t: number;
  step: number;
  value: number;
}

export interface MetricSeries {
  series: string;
  worker: number | null;
  points: MetricPoint[];
}

export interface MetricsResponse {
  jobId: number;
  series: MetricSeries[];
}

export type AgentCapabilities = Nullable<Schemas['Capabilities'], 'gpuName' | 'gpuMemoryBytes'>;

/** A local agent process the backend supervises (`GET /agents/local`, and `local` on an agent row). */
export type LocalProcess = Nullable<Schemas['LocalProcessView'], 'pid' | 'lastExitCode' | 'lastExitAt' | 'nextRestartAt'>;
/** GET /lab: the bandwidth-limited lab's links and what each measured (enabled false: agents on loopback). */
export type LabStatus = Schemas['LabStatus'];

/** An agent row; `local` is set when the backend runs the agent itself. */
export type Agent = Omit<Nullable<Schemas['AgentView'], 'jobId' | 'rank' | 'connectedAt' | 'lastHeartbeatAt'>, 'capabilities' | 'local'> & {
  capabilities: AgentCapabilities;
  local?: LocalProcess | null;
};

export type Dataset = Schemas['DatasetInfo'];

/** An agent connected with an enrollment token (`connectedAgents` of an agent token). */
export type TokenAgent = Nullable<Schemas['TokenAgent'], 'remoteAddress'>;

/** A per-agent enrollment token as `GET /agent-tokens` lists it: never the token itself. */
export type AgentToken = Omit<Nullable<Schemas['AgentToken'], 'lastUsedAt' | 'revokedAt' | 'revokedBy'>, 'connectedAgents'> & {
  connectedAgents: TokenAgent[];
};

/** `POST /agent-tokens`: the only answer that carries the token. */
export type CreatedAgentToken = Schemas['CreatedAgentToken'];

/** One row of `GET /audit`. */
export type AuditEntry = Nullable<Schemas['AuditEntry'], 'remoteAddress' | 'targetType' | 'targetId' | 'detail'>;

/** A page of the audit trail, newest first. */
export type AuditPage = Omit<Schemas['AuditPage'], 'items'> & { items: AuditEntry[] };

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, as the API sends them. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
}

/** `straggler` SSE event: a rank fell well below its peers' median steps/s (SLOW), or caught up again (RECOVERED). */
export interface StragglerEvent {
  rank: number;
  agentName?: string | null;
  state: 'SLOW' | 'RECOVERED';
  stepsPerSecond?: number | null;
  peerMedianStepsPerSecond?: number | null;
  at?: string;
}

/**
 * `rung` SSE event: a rung decision of the job's sweep's search (docs/api.md "Searches"): at rung `rung`
 * (resource value `at`; the deciding evaluation had `value`) the run was `rank` of `of`, the best `keep` run on.
 */
export interface RungEvent {
  sweepId: number;
  jobId: number;
  bracket: number;
  rung: number;
  resource: 'steps' | 'seconds' | 'bytes';
  at: number;
  value: number;
  testError: number;
  rank: number;
  of: number;
  keep: number;
  decision: 'PROMOTED' | 'STOPPED' | 'ENDED';
  /** Not in the contract's example; used when present. */
  decidedAt?: string;
}

/** Events on /jobs/{id}/events and /jobs/stream. */
export type JobStreamEvent =
  | { type: 'state'; id: string | null; data: StateEvent }
  | { type: 'metric'; id: string | null; data: MetricEvent }
  | { type: 'worker'; id: string | null; data: WorkerEvent }
  | { type: 'tau'; id: string | null; data: TauEvent }
  | { type: 'job'; id: string | null; data: Job }
  | { type: 'fault'; id: string | null; data: Fault }
  | { type: 'straggler'; id: string | null; data: StragglerEvent }
  | { type: 'rung'; id: string | null; data: RungEvent };
