// Types of the REST + SSE contract in docs/api.md (base path /api/v1).

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
] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export const JOB_STATES = ['QUEUED', 'ASSIGNING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const TERMINAL_STATES: readonly JobState[] = ['COMPLETED', 'FAILED', 'CANCELLED'];
export const isTerminal = (s: JobState | string | undefined): boolean =>
  s !== undefined && (TERMINAL_STATES as readonly string[]).includes(s);

export interface StopSpec {
  maxSteps?: number | null;
  maxWallSeconds?: number | null;
  targetTestError?: number | null;
}

/** The job spec (body of POST /jobs, without name/priority). Optional fields are filled by the server. */
export interface JobSpec {
  algorithm?: Algorithm;
  workers?: number;
  tau?: number;
  eta?: number;
  alpha?: number | null;
  beta?: number | null;
  delta?: number | null;
  averagingRate?: number | null;
  batchSize?: number;
  weightDecay?: number;
  model?: string;
  modelJson?: string | null;
  dataset?: string;
  seed?: number;
  stop?: StopSpec;
}

export interface SubmitBody extends JobSpec {
  name?: string;
  priority?: number;
}

export interface JobProgress {
  step: number;
  totalSteps: number;
  fraction: number;
  etaSeconds: number | null;
}

export interface JobResult {
  testError: number | null;
  testLoss: number | null;
  bytesUp: number | null;
  bytesDown: number | null;
}

export interface Job {
  id: number;
  name: string | null;
  state: JobState;
  priority: number;
  spec: JobSpec;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: JobProgress | null;
  result: JobResult | null;
  warnings?: string[];
}

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

export interface CheckResult {
  spec: JobSpec;
  warnings: string[];
}

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
}

export type WorkerChange = 'JOINED' | 'LOST' | 'REPLACED' | 'LEFT';

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

export interface MetricEvent {
  jobId: number;
  series: string;
  worker: number | null;
  t: number;
  step: number;
  value: number;
}

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

export interface AgentCapabilities {
  cores: number;
  memoryBytes: number;
  backend: string;
  gpuName: string | null;
  gpuMemoryBytes: number | null;
}

export interface Agent {
  id: string;
  name: string;
  state: string;
  jobId: number | null;
  rank: number | null;
  capabilities: AgentCapabilities;
  connectedAt: string | null;
  lastHeartbeatAt: string | null;
}

export interface Dataset {
  name: string;
  format: string;
  trainSize: number;
  testSize: number;
  classes: number;
  shape: number[];
}

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

/** Events on /jobs/{id}/events and /jobs/stream. */
export type JobStreamEvent =
  | { type: 'state'; id: string | null; data: StateEvent }
  | { type: 'metric'; id: string | null; data: MetricEvent }
  | { type: 'worker'; id: string | null; data: WorkerEvent }
  | { type: 'job'; id: string | null; data: Job };
