import { describe, expect, it } from 'vitest';
import type { MetricsResponse } from '../api/types';
import { alignSeries, countPoints, errorVsBytes, interpolate, MetricStore, wireBytes } from './metrics';
import { bytesChart, holdSteps, perWorkerChart, tauChart, testChart } from '../features/live/charts';
import { compareCharts } from '../features/compare/ComparePage';

// A downsampled answer of /metrics: min and max point of each time bucket, as docs/api.md says.
const history: MetricsResponse = {
  jobId: 12,
  series: [
    {
      series: 'test_error',
      worker: null,
      points: [
        { t: 2000, step: 40, value: 0.31 },
        { t: 3000, step: 60, value: 0.45 }, // a spike kept by min/max downsampling
        { t: 6000, step: 120, value: 0.12 },
        { t: 8000, step: 160, value: 0.09 },
      ],
    },
    {
      series: 'test_loss',
      worker: null,
      points: [
        { t: 2000, step: 40, value: 1.1 },
        { t: 6000, step: 120, value: 0.5 },
        { t: 8000, step: 160, value: 0.35 },
      ],
    },
    { series: 'train_loss', worker: 1, points: [{ t: 1500, step: 30, value: 1.4 }, { t: 5000, step: 100, value: 0.7 }] },
    { series: 'train_loss', worker: 0, points: [{ t: 1000, step: 20, value: 1.5 }, { t: 5000, step: 100, value: 0.6 }] },
    { series: 'bytes_up', worker: 0, points: [{ t: 1000, step: 10, value: 100 }, { t: 3000, step: 30, value: 300 }] },
    { series: 'bytes_down', worker: 0, points: [{ t: 1000, step: 10, value: 100 }, { t: 3000, step: 30, value: 300 }] },
    { series: 'bytes_up', worker: 1, points: [{ t: 2000, step: 10, value: 50 }] },
    { series: 'bytes_down', worker: 1, points: [{ t: 2000, step: 10, value: 70 }] },
  ],
};

const storeOf = (r: MetricsResponse) => {
  const s = new MetricStore();
  s.setHistory(r);
  return s;
};

describe('downsampled metrics → uPlot data', () => {
  it('maps test error and loss against wall time (s), aligning on the union of times', () => {
    const { data, series } = testChart(storeOf(history), 'time');
    expect(series.map((s) => s.label)).toEqual(['test error', 'test loss']);
    expect(data).toEqual([
      [2, 3, 6, 8],
      [0.31, 0.45, 0.12, 0.09],
      [1.1, null, 0.5, 0.35],
    ]);
    expect(countPoints(data)).toBe(7);
  });

  it('maps the same series against step', () => {
    const { data } = testChart(storeOf(history), 'step');
    expect(data[0]).toEqual([40, 60, 120, 160]);
    expect(data[1]).toEqual([0.31, 0.45, 0.12, 0.09]);
  });

  it('gives one line per worker, sorted by rank', () => {
    const { data, series } = perWorkerChart(storeOf(history), 'train_loss');
    expect(series.map((s) => s.label)).toEqual(['worker 0', 'worker 1']);
    expect(data).toEqual([
      [1, 1.5, 5],
      [1.5, null, 0.6],
      [null, 1.4, 0.7],
    ]);
  });

  it('sums bytes_up + bytes_down per worker and overall, carrying cumulative values forward', () => {
    const store = storeOf(history);
    const wire = wireBytes(store);
    expect(wire.t).toEqual([1000, 2000, 3000]);
    expect(wire.perWorker.get(0)).toEqual([200, 200, 600]);
    expect(wire.perWorker.get(1)).toEqual([0, 120, 120]);
    expect(wire.total).toEqual([200, 320, 720]);
    const chart = bytesChart(store);
    expect(chart.data[0]).toEqual([1, 2, 3]);
    expect(chart.data[1]).toEqual([0.0002, 0.00032, 0.00072]);
    expect(chart.series.map((s) => s.label)).toEqual(['all workers', 'worker 0', 'worker 1']);
  });

  it('puts test error against cumulative bytes (interpolated at each test point)', () => {
    const store = storeOf(history);
    const pts = errorVsBytes(store.get('test_error'), wireBytes(store));
    expect(pts.map((p) => p.t)).toEqual([320, 720, 720, 720]);
    expect(pts.map((p) => p.value)).toEqual([0.31, 0.45, 0.12, 0.09]);
    expect(interpolate([1000, 2000], [200, 320], 1500)).toBe(260);
    expect(interpolate([1000, 2000], [200, 320], 500)).toBe(100);
  });

  it('overlays several jobs for the compare page', () => {
    const job = (id: number) => ({ id, spec: { algorithm: 'EASGD' as const, workers: 4, tau: id } }) as never;
    const other: MetricsResponse = { jobId: 13, series: [{ series: 'test_error', worker: null, points: [{ t: 2500, step: 50, value: 0.2 }] }] };
    const c = compareCharts([
      { job: job(12), metrics: history },
      { job: job(13), metrics: other },
    ]);
    expect(c.series.map((s) => s.label)).toEqual(['#12 EASGD p=4 τ=12', '#13 EASGD p=4 τ=13']);
    expect(c.time).toEqual([
      [2, 2.5, 3, 6, 8],
      [0.31, null, 0.45, 0.12, 0.09],
      [null, 0.2, null, null, null],
    ]);
    expect(c.totals).toEqual([720, 0]);
  });
});

describe('MetricStore', () => {
  it('merges live points that came before the history and drops duplicates', () => {
    const s = new MetricStore();
    // Live points arrive first (the stream is opened before the history is fetched).
    expect(s.add({ jobId: 1, series: 'test_error', worker: null, t: 7000, step: 140, value: 0.1 })).toBe(true);
    expect(s.add({ jobId: 1, series: 'test_error', worker: null, t: 9000, step: 180, value: 0.08 })).toBe(true);
    s.setHistory(history);
    expect(s.get('test_error').map((p) => p.t)).toEqual([2000, 3000, 6000, 8000, 9000]);
    // A repeated or older point is not added twice.
    expect(s.add({ jobId: 1, series: 'test_error', worker: null, t: 9000, step: 180, value: 0.08 })).toBe(false);
    expect(s.add({ jobId: 1, series: 'test_error', worker: null, t: 9500, step: 190, value: 0.07 })).toBe(true);
    expect(s.get('test_error')).toHaveLength(6);
    expect(s.workers('train_loss')).toEqual([0, 1]);
  });

  it('aligns empty input to empty uPlot data', () => {
    expect(alignSeries([[], []])).toEqual([[], [], []]);
  });

  it('draws τ as steps held until the next change and up to the latest timing', () => {
    const tau = [{ t: 0, step: 0, value: 1 }, { t: 3000, step: 60, value: 7 }];
    expect(holdSteps(tau, 5000).map((p) => [p.t, p.value])).toEqual([[0, 1], [2999, 1], [3000, 7], [5000, 7]]);
    expect(holdSteps([], 5000)).toEqual([]);
    const store = storeOf({
      jobId: 1,
      series: [
        { series: 'tau', worker: null, points: tau },
        { series: 'step_ms', worker: 1, points: [{ t: 5000, step: 100, value: 20 }] },
        { series: 'exchange_ms', worker: 1, points: [{ t: 5000, step: 100, value: 9 }] },
      ],
    });
    const chart = tauChart(store);
    expect(chart.series.map((s) => s.label)).toEqual(['τ', 'step ms, worker 1', 'exchange ms, worker 1']);
    expect(chart.data[0]).toEqual([0, 2.999, 3, 5]);
    expect(chart.data[1]).toEqual([1, 1, 7, 7]);
    expect(chart.data[3]).toEqual([null, null, null, 9]);
  });
});

describe('worker range charts', () => {
  it('draws p as steps held until the next change and up to the latest test error', async () => {
    const { workersChart } = await import('../features/live/charts');
    const store = storeOf({
      jobId: 1,
      series: [
        { series: 'workers', worker: null, points: [{ t: 0, step: 0, value: 1 }, { t: 4000, step: 80, value: 2 }, { t: 9000, step: 200, value: 1 }] },
        { series: 'test_error', worker: null, points: [{ t: 12000, step: 260, value: 0.05 }] },
      ],
    });
    const chart = workersChart(store);
    expect(chart.series.map((s) => s.label)).toEqual(['p']);
    expect(chart.data[0]).toEqual([0, 3.999, 4, 8.999, 9, 12]);
    expect(chart.data[1]).toEqual([1, 1, 2, 2, 1, 1]);
  });

  it('formats p: a number, or a range with the current p', async () => {
    const { fmtWorkers } = await import('./format');
    expect(fmtWorkers({ workers: 4 })).toBe('4');
    expect(fmtWorkers({ workers: { min: 2, max: 8 } })).toBe('2–8');
    expect(fmtWorkers({ workers: { min: 2, max: 8 } }, { workers: 3 })).toBe('2–8 (now 3)');
    expect(fmtWorkers({})).toBe('—');
  });
});
