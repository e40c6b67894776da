import { getToken, reportUnauthorized } from './token';
import type {
  Agent,
  AgentToken,
  AuditPage,
  CheckResult,
  CreatedAgentToken,
  Dataset,
  Job,
  JobState,
  MetricsResponse,
  Page,
  Problem,
  SubmitBody,
  Worker,
} from './types';
import type { Sweep, SweepPage, SweepPreset, SweepRequest } from './sweeps';

/** Relative to the page, so the UI also works when served under a context path. */
export const API_BASE = 'api/v1';

export const UNAUTHORIZED_MESSAGE =
  'The API needs a token for this. Paste the API token into the "API token" field at the top ' +
  '(the server prints it in its log at first start).';

export function apiUrl(path: string): string {
  const rel = API_BASE + (path.startsWith('/') ? path : '/' + path);
  const base = typeof document !== 'undefined' ? document.baseURI : 'http://localhost/';
  return new URL(rel, base).toString();
}

/** An HTTP error from the API, with its problem+json body when there was one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null, fallback: string) {
    super(problem?.detail || problem?.title || fallback);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get unauthorized(): boolean {
    return this.status === 401;
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError && e.unauthorized) return UNAUTHORIZED_MESSAGE;
  if (e instanceof Error) return e.message;
  return String(e);
}

export function authHeaders(): Record<string, string> {
  const t = getToken();
  return t ? { Authorization: `Bearer ${t}` } : {};
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  accept?: string;
}

/** Sends a request and returns the raw response when it is 2xx; throws ApiError otherwise. */
export async function apiRequest(path: string, opts: RequestOptions = {}): Promise<Response> {
  const method = (opts.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json, application/problem+json' };
  // Mutating calls need the token; reads get it too when we have one (easgd.security.read-requires-token).
  const auth = authHeaders();
  if (MUTATING.has(method) || auth.Authorization) Object.assign(headers, auth);
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path), { method, headers, body, signal: opts.signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new Error(`Cannot reach the server (${method} ${API_BASE}${path}): ${e instanceof Error ? e.message : e}`);
  }
  if (!res.ok) {
    const problem = await readProblem(res);
    const err = new ApiError(res.status, problem, `${method} ${API_BASE}${path} failed: HTTP ${res.status}`);
    if (res.status === 401) reportUnauthorized(UNAUTHORIZED_MESSAGE);
    throw err;
  }
  return res;
}

async function readProblem(res: Response): Promise<Problem | null> {
  const text = await res.text().catch(() => '');
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return parsed as Problem;
  } catch {
    /* not JSON */
  }
  return { status: res.status, detail: text.length > 300 ? text.slice(0, 300) + '…' : text };
}

export async function apiJson<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await apiRequest(path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? '?' + s : '';
}

export const METRIC_SERIES = [
  'test_error',
  'test_loss',
  'train_loss',
  'bytes_up',
  'bytes_down',
  'payload_bytes',
  'elastic_distance',
  'latency_ms',
  'staleness',
  'tau',
  'step_ms',
  'exchange_ms',
  'workers',
  'compute_share',
  'exchange_mbps',
  'compute_utilization',
] as const;

export const api = {
  listJobs: (p: { state?: JobState | ''; algorithm?: string; page?: number; size?: number } = {}, signal?: AbortSignal) =>
    apiJson<Page<Job>>('/jobs' + query({ state: p.state, algorithm: p.algorithm, page: p.page ?? 0, size: p.size ?? 50 }), { signal }),
  getJob: (id: number | string, signal?: AbortSignal) => apiJson<Job>(`/jobs/${id}`, { signal }),
  submitJob: (body: SubmitBody) => apiJson<Job>('/jobs', { method: 'POST', body }),
  checkJob: (body: SubmitBody, signal?: AbortSignal) => apiJson<CheckResult>('/jobs/check', { method: 'POST', body, signal }),
  cancelJob: (id: number | string) => apiJson<Job>(`/jobs/${id}/cancel`, { method: 'POST' }),
  cloneJob: (id: number | string, changes: SubmitBody) => apiJson<Job>(`/jobs/${id}/clone`, { method: 'POST', body: changes }),
  getWorkers: (id: number | string, signal?: AbortSignal) => apiJson<Worker[]>(`/jobs/${id}/workers`, { signal }),
  getMetrics: (
    id: number | string,
    p: { series?: readonly string[]; from?: number; to?: number; maxPoints?: number } = {},
    signal?: AbortSignal,
  ) =>
    apiJson<MetricsResponse>(
      `/jobs/${id}/metrics` + query({ series: p.series?.join(','), from: p.from, to: p.to, maxPoints: p.maxPoints }),
      { signal },
    ),
  listAgents: (signal?: AbortSignal) => apiJson<Agent[]>('/agents', { signal }),
  listDatasets: (signal?: AbortSignal) => apiJson<Dataset[]>('/datasets', { signal }),
  modelUrl: (id: number | string) => apiUrl(`/jobs/${id}/model`),
  listSweeps: (p: { page?: number; size?: number } = {}, signal?: AbortSignal) =>
    apiJson<SweepPage>('/sweeps' + query({ page: p.page ?? 0, size: p.size ?? 20 }), { signal }),
  getSweep: (id: number | string, signal?: AbortSignal) => apiJson<Sweep>(`/sweeps/${id}`, { signal }),
  createSweep: (body: SweepRequest) => apiJson<Sweep>('/sweeps', { method: 'POST', body }),
  cancelSweep: (id: number | string) => apiJson<Sweep>(`/sweeps/${id}/cancel`, { method: 'POST' }),
  sweepPresets: (signal?: AbortSignal) => apiJson<SweepPreset[]>('/sweeps/presets', { signal }),
  listAgentTokens: (signal?: AbortSignal) => apiJson<AgentToken[]>('/agent-tokens', { signal }),
  createAgentToken: (name: string) => apiJson<CreatedAgentToken>('/agent-tokens', { method: 'POST', body: { name } }),
  revokeAgentToken: (id: number) => apiJson<AgentToken>(`/agent-tokens/${id}`, { method: 'DELETE' }),
  listAudit: (p: { page?: number; size?: number } = {}, signal?: AbortSignal) =>
    apiJson<AuditPage>('/audit' + query({ page: p.page ?? 0, size: p.size ?? 50 }), { signal }),
};
