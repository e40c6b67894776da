import type uPlot from 'uplot';
import type { MetricEvent, MetricPoint, MetricsResponse } from '../api/types';

export const seriesKey = (series: string, worker: number | null | undefined): string =>
  worker === null || worker === undefined ? series : `${series}#${worker}`;

const byT = (a: MetricPoint, b: MetricPoint) => a.t - b.t;

/**
 * The metric points of one job: the downsampled history from /metrics plus the live points from
 * the SSE stream. Live points that arrive before the history are kept and merged after it.
 */
export class MetricStore {
  private readonly map = new Map<string, { series: string; worker: number | null; points: MetricPoint[] }>();

  /** Merges a /metrics answer: history first, then the live points newer than its last point. */
  setHistory(resp: MetricsResponse): void {
    for (const s of resp.series) {
      const key = seriesKey(s.series, s.worker);
      const hist = [...s.points].sort(byT);
      const lastT = hist.length ? hist[hist.length - 1].t : -Infinity;
      const live = this.map.get(key)?.points.filter((p) => p.t > lastT) ?? [];
      this.map.set(key, { series: s.series, worker: s.worker ?? null, points: hist.concat(live) });
    }
  }

  /** Adds a live point; returns false for a point not newer than the last one (a duplicate). */
  add(ev: MetricEvent): boolean {
    const key = seriesKey(ev.series, ev.worker);
    let entry = this.map.get(key);
    if (!entry) {
      entry = { series: ev.series, worker: ev.worker ?? null, points: [] };
      this.map.set(key, entry);
    }
    const pts = entry.points;
    if (pts.length && ev.t <= pts[pts.length - 1].t) return false;
    pts.push({ t: ev.t, step: ev.step, value: ev.value });
    return true;
  }

  get(series: string, worker: number | null = null): MetricPoint[] {
    return this.map.get(seriesKey(series, worker))?.points ?? [];
  }

  /** Workers (sorted) that have points of a per-worker series. */
  workers(series: string): number[] {
    const ws: number[] = [];
    for (const e of this.map.values()) if (e.series === series && e.worker !== null) ws.push(e.worker);
    return ws.sort((a, b) => a - b);
  }

  /** All workers with any per-worker series. */
  allWorkers(): number[] {
    const ws = new Set<number>();
    for (const e of this.map.values()) if (e.worker !== null) ws.add(e.worker);
    return [...ws].sort((a, b) => a - b);
  }

  size(): number {
    let n = 0;
    for (const e of this.map.values()) n += e.points.length;
    return n;
  }
}

/**
 * Aligns several point lists on one x axis for uPlot: x is the sorted union of all x values,
 * each series has its value at that x or null (uPlot's gap; draw with spanGaps).
 */
export function alignSeries(
  lists: readonly MetricPoint[][],
  x: (p: MetricPoint) => number = (p) => p.t / 1000,
  y: (p: MetricPoint) => number = (p) => p.value,
): uPlot.AlignedData {
  const xsSet = new Set<number>();
  for (const l of lists) for (const p of l) {
    const xv = x(p);
    if (Number.isFinite(xv)) xsSet.add(xv);
  }
  const xs = [...xsSet].sort((a, b) => a - b);
  const index = new Map<number, number>();
  xs.forEach((v, i) => index.set(v, i));
  const ys = lists.map((l) => {
    const col: (number | null)[] = new Array(xs.length).fill(null);
    for (const p of l) {
      const i = index.get(x(p));
      const v = y(p);
      if (i !== undefined) col[i] = Number.isFinite(v) ? v : null;
    }
    return col;
  });
  return [xs, ...ys] as uPlot.AlignedData;
}

export interface WireBytes {
  /** Times in ms since the job started running. */
  t: number[];
  /** bytes_up + bytes_down summed over all workers, at each t. */
  total: number[];
  /** Per worker: its bytes_up + bytes_down at each t (cumulative values carried forward). */
  perWorker: Map<number, number[]>;
}

/**
 * Bytes on the wire from the cumulative per-worker `bytes_up` and `bytes_down` series: on the
 * union of their times, each series keeps its last value (0 before its first point).
 */
export function wireBytes(store: Pick<MetricStore, 'get' | 'workers'>): WireBytes {
  const workers = [...new Set([...store.workers('bytes_up'), ...store.workers('bytes_down')])].sort((a, b) => a - b);
  const lists: { worker: number; pts: MetricPoint[] }[] = [];
  for (const w of workers) for (const s of ['bytes_up', 'bytes_down']) lists.push({ worker: w, pts: store.get(s, w) });
  const tSet = new Set<number>();
  for (const l of lists) for (const p of l.pts) tSet.add(p.t);
  const t = [...tSet].sort((a, b) => a - b);
  const perWorker = new Map<number, number[]>();
  for (const w of workers) perWorker.set(w, new Array(t.length).fill(0));
  for (const { worker, pts } of lists) {
    const col = perWorker.get(worker)!;
    let j = 0;
    let last = 0;
    for (let i = 0; i < t.length; i++) {
      while (j < pts.length && pts[j].t <= t[i]) last = pts[j++].value;
      col[i] += last;
    }
  }
  const total = t.map((_, i) => {
    let s = 0;
    for (const col of perWorker.values()) s += col[i];
    return s;
  });
  return { t, total, perWorker };
}

/** Linear interpolation of y at x over sorted xs (clamped to the ends; from (0,0) before the first). */
export function interpolate(xs: readonly number[], ys: readonly number[], x: number, fromOrigin = true): number | null {
  const n = xs.length;
  if (n === 0) return null;
  if (x <= xs[0]) {
    if (!fromOrigin || xs[0] <= 0) return ys[0];
    return x <= 0 ? 0 : (ys[0] * x) / xs[0];
  }
  if (x >= xs[n - 1]) return ys[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  const f = (x - xs[lo]) / (xs[hi] - xs[lo] || 1);
  return ys[lo] + f * (ys[hi] - ys[lo]);
}

/**
 * Test error against cumulative bytes on the wire (the paper's "error vs communication" view):
 * each test-error point gets x = total bytes at its time.
 */
export function errorVsBytes(testError: readonly MetricPoint[], wire: WireBytes): MetricPoint[] {
  return testError
    .map((p) => ({ t: interpolate(wire.t, wire.total, p.t) ?? 0, step: p.step, value: p.value }))
    .filter((p) => Number.isFinite(p.t));
}

/** Step at time t (ms), interpolated from a series' (t, step) pairs; null when unknown. */
export function stepAt(points: readonly MetricPoint[], t: number): number | null {
  if (points.length === 0) return null;
  return interpolate(
    points.map((p) => p.t),
    points.map((p) => p.step),
    t,
  );
}

/** Non-null y values of an aligned data set (what a chart really draws). */
export function countPoints(data: uPlot.AlignedData): number {
  let n = 0;
  for (let s = 1; s < data.length; s++) for (const v of data[s] as (number | null | undefined)[]) if (v !== null && v !== undefined) n++;
  return n;
}

/** Runs side by side, as the paper's figures: x aligned per chart, one y column per run. */
export interface ErrorOverlay {
  /** x: seconds since each run started. */
  time: uPlot.AlignedData;
  /** x: bytes on the wire (all workers, up + down), in `bytesUnit`s. */
  bytes: uPlot.AlignedData;
  /** Each run's last cumulative bytes on the wire. */
  totals: number[];
}

/**
 * The center's test error of each run against wall time and against bytes on the wire (the
 * workers' latest cumulative bytes_up + bytes_down summed at each time). `positiveBytesOnly` drops
 * evaluations before the first exchange, which a log axis cannot show.
 */
export function errorOverlay(
  histories: readonly (MetricsResponse | undefined)[],
  bytesUnit = 1,
  positiveBytesOnly = false,
): ErrorOverlay {
  const perRun = histories.map((h) => {
    const store = new MetricStore();
    if (h) store.setHistory(h);
    const wire = wireBytes(store);
    const te = store.get('test_error');
    const vsBytes = errorVsBytes(te, wire);
    return {
      te,
      vsBytes: positiveBytesOnly ? vsBytes.filter((p) => p.t > 0) : vsBytes,
      total: wire.total.length ? wire.total[wire.total.length - 1] : 0,
    };
  });
  return {
    time: alignSeries(perRun.map((r) => r.te)),
    bytes: alignSeries(
      perRun.map((r) => r.vsBytes),
      (p) => p.t / bytesUnit,
    ),
    totals: perRun.map((r) => r.total),
  };
}
