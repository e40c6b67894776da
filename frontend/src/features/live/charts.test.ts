import { describe, expect, it } from 'vitest';
import { MetricStore } from '../../lib/metrics';
import { computeShareChart, latest, linkCapacityMbps, throughputChart } from './charts';

function store(series: { series: string; worker: number | null; points: { t: number; step: number; value: number }[] }[]) {
  const s = new MetricStore();
  s.setHistory({ jobId: 12, series });
  return s;
}

describe('compute vs wait and exchange throughput', () => {
  it('draws each worker computing and waiting (1 − computing) against wall time', () => {
    const m = store([
      { series: 'compute_share', worker: 1, points: [{ t: 2000, step: 40, value: 0.75 }] },
      { series: 'compute_share', worker: 0, points: [{ t: 1000, step: 20, value: 0.9 }, { t: 2000, step: 40, value: 0.6 }] },
    ]);
    const c = computeShareChart(m);
    expect(c.series.map((s) => s.label)).toEqual(['computing, worker 0', 'waiting, worker 0', 'computing, worker 1', 'waiting, worker 1']);
    expect(c.data[0]).toEqual([1, 2]);
    expect(c.data[1]).toEqual([0.9, 0.6]);
    expect((c.data[2] as number[]).map((v) => Number(v.toFixed(6)))).toEqual([0.1, 0.4]);
    expect(c.data[3]).toEqual([null, 0.75]);
    expect(c.data[4]).toEqual([null, 0.25]);
  });

  it('puts the link capacity as a horizontal line beside the throughput, only with a lab', () => {
    const m = store([{ series: 'exchange_mbps', worker: 0, points: [{ t: 1000, step: 20, value: 80 }, { t: 3000, step: 60, value: 91.5 }] }]);
    const withLab = throughputChart(m, 95);
    expect(withLab.data).toEqual([[1, 3], [80, 91.5], [95, 95]]);
    expect(withLab.series.map((s) => s.label)).toEqual(['worker 0', 'link capacity (measured)']);
    const without = throughputChart(m, null);
    expect(without.data).toEqual([[1, 3], [80, 91.5]]);
    expect(without.series).toHaveLength(1);
  });

  it("takes the slowest host's harmonic mean of up and down as the capacity; none without a lab or hosts", () => {
    const hosts = [
      { upMbps: 100, downMbps: 100 },
      { upMbps: 96, downMbps: 64 },                 // 2 / (1/96 + 1/64) = 76.8
    ];
    expect(linkCapacityMbps({ enabled: true, hosts })).toBeCloseTo(76.8, 9);
    expect(linkCapacityMbps({ enabled: false, hosts })).toBeNull();
    expect(linkCapacityMbps({ enabled: true, hosts: [] })).toBeNull();
    expect(linkCapacityMbps(null)).toBeNull();
  });

  it('reads the latest value of a series', () => {
    const m = store([{ series: 'compute_utilization', worker: null, points: [{ t: 1000, step: 20, value: 0.8 }, { t: 2000, step: 40, value: 0.913 }] }]);
    expect(latest(m, 'compute_utilization')).toBe(0.913);
    expect(latest(m, 'compute_share', 0)).toBeNull();
  });
});
