import type uPlot from 'uplot';
import type { ChartMarker, ChartSeries } from '../../components/UPlotChart';
import { workerColor } from '../../lib/format';
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

/** Timeline entries as vertical lines on a chart whose x is seconds since start. */
export function timeMarkers(timeline: TimelineEntry[], startMs: number | null): ChartMarker[] {
  if (startMs === null) return [];
  const out: ChartMarker[] = [];
  for (const e of timeline) {
    if (e.atMs === null) continue;
    const x = (e.atMs - startMs) / 1000;
    if (x < 0) continue;
    out.push({ x, label: e.label, color: e.color });
  }
  return out;
}

/** Timeline entries on a step axis: the step at the entry's time, interpolated from test_error. */
export function stepMarkers(timeline: TimelineEntry[], startMs: number | null, store: MetricStore): ChartMarker[] {
  if (startMs === null) return [];
  const ref = store.get('test_error').length ? store.get('test_error') : store.get('train_loss', store.workers('train_loss')[0] ?? 0);
  const out: ChartMarker[] = [];
  for (const e of timeline) {
    if (e.atMs === null || e.atMs < startMs) continue;
    const s = stepAt(ref, e.atMs - startMs);
    if (s !== null) out.push({ x: s, label: e.label, color: e.color });
  }
  return out;
}
