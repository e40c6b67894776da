import { useCallback, useEffect, useRef, useState } from 'react';
import { apiUrl, authHeaders, errorMessage, UNAUTHORIZED_MESSAGE } from './client';
import { connectSse, type SseMessage, type SseStatus } from './sse';
import { reportUnauthorized, useToken } from './token';
import type { Job, JobStreamEvent } from './types';

export interface StreamState {
  status: SseStatus;
  /** Id of the last event received; sent as Last-Event-ID on reconnect. */
  lastEventId: string | null;
  error: string | null;
}

export interface StreamOptions {
  /** false closes the stream (e.g. once the job has ended). Default true. */
  enabled?: boolean;
  /** First reconnect delay in ms (tests use a small one). */
  retryMs?: number;
}

const STREAM_EVENTS = new Set(['state', 'metric', 'worker', 'tau', 'job', 'fault', 'straggler', 'rung']);

function toEvent(msg: SseMessage): JobStreamEvent | null {
  if (!STREAM_EVENTS.has(msg.event)) return null;
  try {
    return { type: msg.event, id: msg.id, data: JSON.parse(msg.data) } as JobStreamEvent;
  } catch {
    console.warn('easgd: ignoring an SSE event whose data is not JSON', msg);
    return null;
  }
}

/**
 * Subscribes to an SSE path and calls `onEvent` for each parsed event. Reconnects on its own and
 * resumes with Last-Event-ID, also across re-subscriptions caused by a new API token.
 */
function useStream(path: string | null, onEvent: (e: JobStreamEvent) => void, opts: StreamOptions = {}): StreamState {
  const enabled = opts.enabled ?? true;
  const token = useToken();
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const resume = useRef<{ path: string | null; id: string | null }>({ path: null, id: null });
  const [state, setState] = useState<StreamState>({ status: 'connecting', lastEventId: null, error: null });

  useEffect(() => {
    if (!path || !enabled) {
      setState((s) => ({ ...s, status: 'closed' }));
      return;
    }
    if (resume.current.path !== path) resume.current = { path, id: null };
    const conn = connectSse(apiUrl(path), {
      lastEventId: resume.current.id,
      retryMs: opts.retryMs,
      headers: authHeaders,
      onUnauthorized: () => reportUnauthorized(UNAUTHORIZED_MESSAGE),
      onStatus: (status, detail) =>
        setState((s) => ({
          ...s,
          status,
          error: status === 'error' ? (detail === 'HTTP 401' ? UNAUTHORIZED_MESSAGE : `Live updates stopped: ${detail}`) : status === 'open' ? null : s.error,
        })),
      onMessage: (msg) => {
        resume.current.id = msg.id;
        setState((s) => (s.lastEventId === msg.id ? s : { ...s, lastEventId: msg.id }));
        const ev = toEvent(msg);
        if (ev) handler.current(ev);
      },
    });
    return () => conn.close();
    // token: reconnect (resuming) with the new Authorization header.
  }, [path, enabled, token, opts.retryMs]);

  return state;
}

/** Live events of one job: `state`, `metric`, `worker`, `tau`, `fault`, `straggler`, `rung` (and `job`, when the server sends it). */
export function useJobEvents(
  jobId: number | string | null | undefined,
  onEvent: (e: JobStreamEvent) => void,
  opts?: StreamOptions,
): StreamState {
  return useStream(jobId === null || jobId === undefined ? null : `/jobs/${jobId}/events`, onEvent, opts);
}

/** Live job-list changes: `job` events carrying a job. */
export function useJobsStream(onJob: (job: Job) => void, opts?: StreamOptions): StreamState {
  return useStream(
    '/jobs/stream',
    (e) => {
      if (e.type === 'job') onJob(e.data);
    },
    opts,
  );
}

export interface AsyncState<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
  setData: (f: (old: T | undefined) => T | undefined) => void;
}

/**
 * Loads `load()` when deps change and, with `intervalMs`, again every interval (keeping the old
 * data on screen while refreshing).
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[], intervalMs?: number): AsyncState<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const token = useToken();
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const ctrl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      setLoading(true);
      try {
        const v = await loadRef.current(ctrl.signal);
        if (ctrl.signal.aborted) return;
        setDataState(v);
        setError(null);
      } catch (e) {
        if (ctrl.signal.aborted) return;
        setError(errorMessage(e));
      } finally {
        if (!ctrl.signal.aborted) {
          setLoading(false);
          if (intervalMs) timer = setTimeout(run, intervalMs);
        }
      }
    };
    void run();
    return () => {
      ctrl.abort();
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, nonce, token, intervalMs]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const setData = useCallback((f: (old: T | undefined) => T | undefined) => setDataState(f), []);
  return { data, error, loading, reload, setData };
}
