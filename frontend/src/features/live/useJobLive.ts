import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, errorMessage, METRIC_SERIES } from '../../api/client';
import { useJobEvents, type StreamState } from '../../api/hooks';
import { useToken } from '../../api/token';
import type { Fault } from '../../api/faults';
import {
  isTerminal,
  type Job,
  type JobState,
  type JobStreamEvent,
  type RungEvent,
  type StateEvent,
  type StragglerEvent,
  type TauEvent,
  type Worker,
  type WorkerEvent,
} from '../../api/types';
import { mergeFault } from '../faults/faults';
import { STATE_COLORS } from '../../lib/format';
import { MetricStore } from '../../lib/metrics';

export const HISTORY_MAX_POINTS = 1000;
const JOB_POLL_MS = 3000;
/** Keep the stream open this long after the terminal state event, for trailing points. */
const LINGER_MS = 2000;

export interface TimelineEntry {
  key: string;
  kind: 'state' | 'worker' | 'tau' | 'rung';
  /** e.g. "RUNNING", "worker 1 LOST", "τ 1 → 12" or "rung 1 STOPPED". */
  label: string;
  detail?: string;
  /** Wall-clock time in ms (epoch), when known. */
  atMs: number | null;
  color: string;
}

export interface JobLive {
  job: Job | null;
  jobError: string | null;
  reloadJob: () => void;
  setJob: (j: Job) => void;
  workers: Worker[];
  store: MetricStore;
  /** Bumped when the store changed (throttled). */
  version: number;
  history: { loading: boolean; error: string | null };
  timeline: TimelineEntry[];
  stream: StreamState;
  /** ms since epoch at which the job started running (t = 0 of the metrics). */
  startMs: number | null;
  /** The job's faults as its `fault` events last showed them, one per id. */
  faults: Fault[];
  /** `straggler` events, in the order they came. */
  stragglers: StragglerEvent[];
}

const ms = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

export const TAU_COLOR = '#6b46c1';
const RUNG_COLORS: Record<RungEvent['decision'], string> = { PROMOTED: '#2f855a', STOPPED: STATE_COLORS.STOPPED_EARLY, ENDED: '#718096' };

const UNITS: Record<RungEvent['resource'], string> = { steps: 'steps', seconds: 's', bytes: 'bytes' };
const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/** "at 600 steps: test error 14.20%, 3rd of 4, the best 2 run on" (as the stop reason words it). */
export function rungDetail(e: RungEvent): string {
  return `at ${e.at} ${UNITS[e.resource] ?? e.resource}: test error ${(e.testError * 100).toFixed(2)}%, ${ordinal(e.rank)} of ${e.of}, the best ${e.keep} run on`;
}

/**
 * Builds the timeline: stream state events, plus the job's own timestamps for states not seen
 * live; worker events; auto-τ changes.
 */
export function buildTimeline(
  job: Job | null,
  states: StateEvent[],
  workerEvents: (WorkerEvent & { receivedAt: number })[],
  tauEvents: TauEvent[] = [],
  rungEvents: (RungEvent & { receivedAt: number })[] = [],
): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const seen = new Set(states.map((s) => s.to));
  if (job) {
    const synth: [JobState, string | null][] = [
      ['QUEUED', job.createdAt],
      ['RUNNING', job.startedAt],
    ];
    if (isTerminal(job.state)) synth.push([job.state, job.finishedAt]);
    for (const [state, at] of synth) {
      if (!seen.has(state) && at) out.push({ key: `s-${state}`, kind: 'state', label: state, atMs: ms(at), color: STATE_COLORS[state] ?? '#555' });
    }
  }
  states.forEach((s, i) =>
    out.push({
      key: `e-${i}-${s.to}`,
      kind: 'state',
      label: s.to,
      detail: [s.from ? `from ${s.from}` : null, s.reason].filter(Boolean).join(' · ') || undefined,
      atMs: ms(s.at),
      color: STATE_COLORS[s.to] ?? '#555',
    }),
  );
  workerEvents.forEach((w, i) =>
    out.push({
      key: `w-${i}-${w.rank}-${w.event}`,
      kind: 'worker',
      label: `worker ${w.rank} ${w.event}`,
      detail: w.agentId ? `agent ${w.agentId}` : undefined,
      atMs: ms(w.at) ?? w.receivedAt,
      color: STATE_COLORS[w.event ?? ''] ?? '#555',
    }),
  );
  tauEvents.forEach((e, i) => {
    const colon = e.reason.indexOf(': ');
    out.push({
      key: `t-${i}-${e.to}`,
      kind: 'tau',
      label: `τ ${e.from} → ${e.to}`,
      detail: colon >= 0 ? e.reason.slice(colon + 2) : e.reason,
      atMs: ms(e.at),
      color: TAU_COLOR,
    });
  });
  rungEvents.forEach((e, i) =>
    out.push({
      key: `r-${i}-${e.bracket}-${e.rung}`,
      kind: 'rung',
      label: `rung ${e.rung} ${e.decision}`,
      detail: rungDetail(e),
      atMs: ms(e.decidedAt) ?? e.receivedAt,
      color: RUNG_COLORS[e.decision] ?? '#555',
    }),
  );
  out.sort((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0));
  return out;
}

/**
 * Everything the job detail page shows: the job, its workers, its metrics (history from
 * /metrics merged with live points from /events) and its timeline.
 */
export function useJobLive(jobId: number): JobLive {
  const token = useToken();
  const [job, setJobState] = useState<Job | null>(null);
  const [jobError, setJobError] = useState<string | null>(null);
  const [workers, setWorkers] = useState<Map<number, Worker>>(new Map());
  const [history, setHistory] = useState<{ loading: boolean; error: string | null }>({ loading: true, error: null });
  const [states, setStates] = useState<StateEvent[]>([]);
  const [workerEvents, setWorkerEvents] = useState<(WorkerEvent & { receivedAt: number })[]>([]);
  const [tauEvents, setTauEvents] = useState<TauEvent[]>([]);
  const [rungEvents, setRungEvents] = useState<(RungEvent & { receivedAt: number })[]>([]);
  const [faults, setFaults] = useState<Fault[]>([]);
  const [stragglers, setStragglers] = useState<StragglerEvent[]>([]);
  const [ended, setEnded] = useState(false);
  const [version, setVersion] = useState(0);
  const [jobNonce, setJobNonce] = useState(0);
  const store = useRef(new MetricStore());
  const storeFor = useRef(jobId);
  if (storeFor.current !== jobId) {
    storeFor.current = jobId;
    store.current = new MetricStore();
  }

  // Throttled re-render for metric points (they can come in bursts).
  const bumpTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const bump = useCallback(() => {
    if (bumpTimer.current) return;
    bumpTimer.current = setTimeout(() => {
      bumpTimer.current = null;
      setVersion((v) => v + 1);
    }, 200);
  }, []);
  useEffect(() => () => {
    if (bumpTimer.current) clearTimeout(bumpTimer.current);
  }, []);

  const reloadJob = useCallback(() => setJobNonce((n) => n + 1), []);
  const setJob = useCallback((j: Job) => {
    setJobState(j);
    if (isTerminal(j.state)) setTimeout(() => setEnded(true), LINGER_MS);
  }, []);

  // Reset on another job.
  useEffect(() => {
    setJobState(null);
    setJobError(null);
    setWorkers(new Map());
    setStates([]);
    setWorkerEvents([]);
    setTauEvents([]);
    setRungEvents([]);
    setFaults([]);
    setStragglers([]);
    setEnded(false);
    setHistory({ loading: true, error: null });
    setVersion((v) => v + 1);
  }, [jobId]);

  // Live events first (so nothing between the history and the stream is lost).
  const onEvent = useCallback(
    (e: JobStreamEvent) => {
      switch (e.type) {
        case 'metric':
          if (store.current.add(e.data)) bump();
          break;
        case 'state':
          setStates((s) => [...s, e.data]);
          setJobState((j) => (j ? { ...j, state: e.data.to } : j));
          reloadJob();
          break;
        case 'worker': {
          const w = e.data;
          // a worker event without the straggler flag keeps the one the row had
          setWorkers((m) => new Map(m).set(w.rank, { straggler: m.get(w.rank)?.straggler, ...w }));
          if (w.event) setWorkerEvents((list) => [...list, { ...w, receivedAt: Date.now() }]);
          break;
        }
        case 'tau':
          setTauEvents((list) => [...list, e.data]);
          setJobState((j) => (j && j.progress ? { ...j, progress: { ...j.progress, tau: e.data.to } } : j));
          break;
        case 'job':
          if (e.data.id === jobId) setJob(e.data);
          break;
        case 'fault':
          setFaults((list) => mergeFault(list, e.data));
          break;
        case 'rung': {
          const r = { ...e.data, receivedAt: Date.now() };
          // one entry per decision, also when a reconnect replays the stream
          setRungEvents((list) => (list.some((x) => x.bracket === r.bracket && x.rung === r.rung) ? list : [...list, r]));
          break;
        }
        case 'straggler': {
          const s = e.data;
          setStragglers((list) => [...list, s]);
          setWorkers((m) => {
            const row = m.get(s.rank);
            return row ? new Map(m).set(s.rank, { ...row, straggler: s.state === 'SLOW' }) : m;
          });
          break;
        }
      }
    },
    [bump, reloadJob, setJob, jobId],
  );
  const stream = useJobEvents(jobId, onEvent, { enabled: !ended });

  // The job, polled while it runs (progress, ETA, result).
  useEffect(() => {
    const ctrl = new AbortController();
    api
      .getJob(jobId, ctrl.signal)
      .then((j) => {
        setJob(j);
        setJobError(null);
      })
      .catch((e) => {
        if (!ctrl.signal.aborted) setJobError(errorMessage(e));
      });
    return () => ctrl.abort();
  }, [jobId, jobNonce, token, setJob]);
  const active = job !== null && !isTerminal(job.state);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(reloadJob, JOB_POLL_MS);
    return () => clearInterval(t);
  }, [active, reloadJob]);

  // Workers: the list once (and after each state change); `worker` events keep it current.
  const stateCount = states.length;
  useEffect(() => {
    const ctrl = new AbortController();
    api
      .getWorkers(jobId, ctrl.signal)
      .then((list) =>
        setWorkers((m) => {
          const next = new Map(m);
          for (const w of list) next.set(w.rank, { ...next.get(w.rank), ...w });
          return next;
        }),
      )
      .catch(() => {
        /* the table shows what the stream brings */
      });
    return () => ctrl.abort();
  }, [jobId, stateCount, token]);

  // Metric history.
  useEffect(() => {
    const ctrl = new AbortController();
    setHistory({ loading: true, error: null });
    api
      .getMetrics(jobId, { series: METRIC_SERIES, maxPoints: HISTORY_MAX_POINTS }, ctrl.signal)
      .then((resp) => {
        store.current.setHistory(resp);
        setHistory({ loading: false, error: null });
        setVersion((v) => v + 1);
      })
      .catch((e) => {
        if (!ctrl.signal.aborted) setHistory({ loading: false, error: errorMessage(e) });
      });
    return () => ctrl.abort();
  }, [jobId, token]);

  const timeline = useMemo(() => buildTimeline(job, states, workerEvents, tauEvents, rungEvents), [job, states, workerEvents, tauEvents, rungEvents]);
  const workerList = useMemo(() => [...workers.values()].sort((a, b) => a.rank - b.rank), [workers]);

  return {
    job,
    jobError,
    reloadJob,
    setJob,
    workers: workerList,
    store: store.current,
    version,
    history,
    timeline,
    stream,
    startMs: ms(job?.startedAt),
    faults,
    stragglers,
  };
}
