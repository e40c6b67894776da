import type uPlot from 'uplot';
import type { ChartMarker, ChartSeries } from '../../components/UPlotChart';
import { workerColor } from '../../lib/format';
import type { MetricPoint } from '../../api/types';
import { alignSeries, stepAt, wireBytes, type MetricStore } from '../../lib/metrics';
import type { TimelineEntry } from './useJobLive';

export interface ChartModel {
  data: uPlot.AlignedData;
  series: ChartSeries[];
}

const ERROR_COLOR = '#c53030';
const LOSS_COLOR = '#2b6cb0';

const seconds = (p: { t: number }) => p.t / 1000;

/** Center test error (left axis) and test loss (right axis), against wall time (s) or step. */
export function testChart(store: MetricStore, x: 'time' | 'step'): ChartModel {
  const data = alignSeries([store.get('test_error'), store.get('test_loss')], x === 'time' ? seconds : (p) => p.step);
  return {
    data,
    series: [
      { label: 'test error', color: ERROR_COLOR, width: 2 },
      { label: 'test loss', color: LOSS_COLOR, scale: 'y2' },
    ],
  };
}

/** One line per worker of a per-worker series, against wall time (s). */
export function perWorkerChart(store: MetricStore, series: string): ChartModel {
  const workers = store.workers(series);
  return {
    data: alignSeries(
      workers.map((w) => store.get(series, w)),
      seconds,
    ),
    series: workers.map((w) => ({ label: `worker ${w}`, color: workerColor(w) })),
  };
}

/** Bytes on the wire (bytes_up + bytes_down) in MB: the cumulative total and each worker. */
export function bytesChart(store: MetricStore): ChartModel {
  const wire = wireBytes(store);
  const workers = [...wire.perWorker.keys()];
  const mb = (v: number) => v / 1e6;
  const data = [wire.t.map((t) => t / 1000), wire.total.map(mb), ...workers.map((w) => wire.perWorker.get(w)!.map(mb))] as uPlot.AlignedData;
  return {
    data,
    series: [{ label: 'all workers', color: '#1a202c', width: 2 }, ...workers.map((w) => ({ label: `worker ${w}`, color: workerColor(w) }))],
  };
}

const TAU_LINE = '#1a202c';

/**
 * An auto-τ job's τ over time (left axis, drawn as steps: it holds its value until the next
 * change, and up to the latest timing) and each worker's smoothed step and exchange times in ms
 * (right axis; exchange dashed).
 */
export function tauChart(store: MetricStore): ChartModel {
  const workers = [...new Set([...store.workers('step_ms'), ...store.workers('exchange_ms')])].sort((a, b) => a - b);
  const timings = workers.flatMap((w) => [store.get('step_ms', w), store.get('exchange_ms', w)]);
  const end = Math.max(0, ...timings.flatMap((l) => l.map((p) => p.t)));
  const data = alignSeries([holdSteps(store.get('tau'), end), ...timings], seconds);
  return {
    data,
    series: [
      { label: 'τ', color: TAU_LINE, width: 2 },
      ...workers.flatMap((w) => [
        { label: `step ms, worker ${w}`, color: workerColor(w), scale: 'y2' as const },
        { label: `exchange ms, worker ${w}`, color: workerColor(w), scale: 'y2' as const, dash: [6, 4] },
      ]),
    ],
  };
}

/**
 * A worker range job's p over time (`workers` series: the start and each change), drawn as steps
 * held until the next change and up to the latest test error or training loss.
 */
export function workersChart(store: MetricStore): ChartModel {
  const others = [store.get('test_error'), ...store.workers('train_loss').map((w) => store.get('train_loss', w))];
  const end = Math.max(0, ...others.flatMap((l) => l.map((p) => p.t)));
  return {
    data: alignSeries([holdSteps(store.get('workers'), end)], seconds),
    series: [{ label: 'p', color: TAU_LINE, width: 2 }],
  };
}

/** A step function through the points: each value held until 1 ms before the next, the last until {@code end}. */
export function holdSteps<P extends { t: number; step: number; value: number }>(points: readonly P[], end: number): P[] {
  const out: P[] = [];
  points.forEach((p, i) => {
    if (i > 0 && p.t - 1 > points[i - 1].t) out.push({ ...points[i - 1], t: p.t - 1 });
    out.push(p);
  });
  const last = points[points.length - 1];
  if (last && end > last.t) out.push({ ...last, t: end });
  return out;
}

/**
 * Timeline entries as vertical lines on a chart whose x is seconds since start (not τ changes:
 * the τ chart draws those itself, and there can be many).
 */
export function timeMarkers(timeline: TimelineEntry[], startMs: number | null): ChartMarker[] {
  if (startMs === null) return [];
  const out: ChartMarker[] = [];
  for (const e of timeline) {
    if (e.atMs === null || e.kind === 'tau') continue;
    const x = (e.atMs - startMs) / 1000;
    if (x < 0) continue;
    out.push({ x, label: e.label, color: e.color });
  }
  return out;
}

/** The points whose (t, step) pairs map a time to a step: the test error's, else the first worker's train loss. */
export function stepReference(store: MetricStore): MetricPoint[] {
  return store.get('test_error').length ? store.get('test_error') : store.get('train_loss', store.workers('train_loss')[0] ?? 0);
}

/** Timeline entries on a step axis: the step at the entry's time, interpolated from test_error. */
export function stepMarkers(timeline: TimelineEntry[], startMs: number | null, store: MetricStore): ChartMarker[] {
  if (startMs === null) return [];
  const ref = stepReference(store);
  const out: ChartMarker[] = [];
  for (const e of timeline) {
    if (e.atMs === null || e.atMs < startMs || e.kind === 'tau') continue;
    const s = stepAt(ref, e.atMs - startMs);
    if (s !== null) out.push({ x: s, label: e.label, color: e.color });
  }
  return out;
}

/**
 * Each worker's share of time computing (solid) and waiting for exchanges (dashed, 1 − it), 0 … 1,
 * from its `compute_share` points (protocol 2 agents: Δcompute / (Δcompute + Δwait) between two
 * progress messages).
 */
export function computeShareChart(store: MetricStore): ChartModel {
  const workers = store.workers('compute_share');
  const lists = workers.flatMap((w) => {
    const share = store.get('compute_share', w);
    return [share, share.map((p) => ({ ...p, value: 1 - p.value }))];
  });
  return {
    data: alignSeries(lists, seconds),
    series: workers.flatMap((w) => [
      { label: `computing, worker ${w}`, color: workerColor(w), width: 2 },
      { label: `waiting, worker ${w}`, color: workerColor(w), dash: [6, 4] },
    ]),
  };
}

const CAPACITY_COLOR = '#718096';

/**
 * Each worker's exchange throughput in Mbit/s (`exchange_mbps`) and, when the bandwidth lab is on,
 * the link's measured capacity as a horizontal line across the chart.
 */
export function throughputChart(store: MetricStore, capacityMbps: number | null): ChartModel {
  const workers = store.workers('exchange_mbps');
  const data = alignSeries(
    workers.map((w) => store.get('exchange_mbps', w)),
    seconds,
  );
  const series: ChartSeries[] = workers.map((w) => ({ label: `worker ${w}`, color: workerColor(w) }));
  if (capacityMbps === null) return { data, series };
  return {
    data: [...data, data[0].map(() => capacityMbps)] as uPlot.AlignedData,
    series: [...series, { label: `link capacity (measured)`, color: CAPACITY_COLOR, width: 2, dash: [8, 4] }],
  };
}

/**
 * What an exchange can move over the lab's slowest link, in Mbit/s: per host the harmonic mean of
 * what its link measured up and down (an exchange sends its UP, then receives its DOWN), the lowest
 * of them; null without a lab or before it measured.
 */
export function linkCapacityMbps(lab: { enabled: boolean; hosts: { upMbps: number; downMbps: number }[] } | null): number | null {
  if (!lab?.enabled) return null;
  const caps = lab.hosts.filter((h) => h.upMbps > 0 && h.downMbps > 0).map((h) => 2 / (1 / h.upMbps + 1 / h.downMbps));
  return caps.length ? Math.min(...caps) : null;
}

/** The latest value of a series (of a worker), or null. */
export function latest(store: MetricStore, series: string, worker?: number | null): number | null {
  const points = store.get(series, worker);
  return points.length ? points[points.length - 1].value : null;
}
