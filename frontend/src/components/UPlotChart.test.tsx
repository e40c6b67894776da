import { render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type uPlot from 'uplot';
import { FakeUPlot } from '../test/fakeUPlot';
import { UPlotChart, type ChartSeries } from './UPlotChart';

const series: ChartSeries[] = [{ label: 'test error', color: 'red' }];

describe('UPlotChart', () => {
  beforeEach(() => {
    FakeUPlot.instances = [];
  });

  it('creates the chart once, then only calls setData, and exposes data-points', () => {
    const d1: uPlot.AlignedData = [[1, 2], [0.5, 0.4]];
    const { rerender } = render(<UPlotChart testId="chart-x" title="T" data={d1} series={series} xLabel="s" markers={[]} />);
    expect(FakeUPlot.instances).toHaveLength(1);
    expect(screen.getByTestId('chart-x')).toHaveAttribute('data-points', '2');

    const d2: uPlot.AlignedData = [[1, 2, 3], [0.5, 0.4, 0.3]];
    rerender(<UPlotChart testId="chart-x" title="T" data={d2} series={[{ label: 'test error', color: 'red' }]} xLabel="s" markers={[{ x: 2, label: 'RUNNING' }]} />);
    expect(FakeUPlot.instances).toHaveLength(1);
    expect(FakeUPlot.instances[0].data).toBe(d2);
    expect(screen.getByTestId('chart-x')).toHaveAttribute('data-points', '3');
    expect(screen.getByTestId('chart-x')).toHaveAttribute('data-markers', '1');

    // A new series (a worker joined) needs a new chart.
    rerender(
      <UPlotChart
        testId="chart-x"
        title="T"
        data={[[1], [1], [2]]}
        series={[...series, { label: 'worker 1', color: 'blue' }]}
        xLabel="s"
      />,
    );
    expect(FakeUPlot.instances).toHaveLength(2);
    expect(FakeUPlot.instances[0].destroyed).toBe(true);
  });

  it('shows an empty state with zero points', () => {
    render(<UPlotChart testId="chart-y" title="T" data={[[], []]} series={series} xLabel="s" emptyText="Waiting…" />);
    expect(screen.getByTestId('chart-y')).toHaveAttribute('data-points', '0');
    expect(screen.getByText('Waiting…')).toBeInTheDocument();
  });

  it('draws markers as vertical lines through the draw hook', () => {
    render(<UPlotChart testId="chart-z" title="T" data={[[0, 10], [1, 2]]} series={series} xLabel="s" markers={[{ x: 5, label: 'worker 1 LOST', color: '#c00' }]} />);
    const u = FakeUPlot.instances[0];
    const draw = (u.opts.plugins![0].hooks.draw as ((u: unknown) => void)[])[0];
    const ops: string[] = [];
    const ctx = new Proxy(
      {},
      {
        get: (_t, k) => (k === 'canvas' ? {} : (...a: unknown[]) => ops.push(`${String(k)}(${a.join(',')})`)),
        set: () => true,
      },
    );
    draw({ ctx, bbox: { left: 0, top: 0, width: 100, height: 50 }, valToPos: (v: number) => v * 10 });
    expect(ops).toContain('moveTo(50,0)');
    expect(ops).toContain('lineTo(50,50)');
    expect(ops.some((o) => o.startsWith('fillText(worker 1 LOST'))).toBe(true);
  });

  it('shades bands from x0 to x1 (open ones to the right edge) and says on the root how many it drew', () => {
    const bands = [
      { x0: 2, x1: 5, label: 'AGENT_PAUSE r0', endLabel: 'healed 3.0 s', color: '#dd6b20' },
      { x0: 8, x1: null, label: 'AGENT_KILL r1', color: '#c53030' },
      { x0: 20, x1: 30, label: 'off the chart', color: '#000' },
    ];
    render(<UPlotChart testId="chart-b" title="T" data={[[0, 10], [1, 2]]} series={series} xLabel="s" bands={bands} />);
    expect(screen.getByTestId('chart-b')).toHaveAttribute('data-bands', '3');
    const u = FakeUPlot.instances[0];
    const draw = (u.opts.plugins![1].hooks.draw as ((u: unknown) => void)[])[0];
    const ops: string[] = [];
    const ctx = new Proxy({}, { get: (_t, k) => (...a: unknown[]) => ops.push(`${String(k)}(${a.join(',')})`), set: () => true });
    const attrs: Record<string, string> = {};
    draw({ ctx, bbox: { left: 0, top: 0, width: 100, height: 50 }, valToPos: (v: number) => v * 10, root: { setAttribute: (k: string, v: string) => (attrs[k] = v) } });
    expect(ops.filter((o) => o.startsWith('fillRect'))).toEqual(['fillRect(20,0,30,50)', 'fillRect(80,0,20,50)']);
    expect(ops).toContain('moveTo(50,0)');                 // the heal line
    expect(ops.some((o) => o.startsWith('fillText(healed 3.0 s,53,'))).toBe(true);
    expect(ops.some((o) => o.startsWith('fillText(off the chart'))).toBe(false);
    expect(attrs['data-bands-drawn']).toBe('2');
  });

  it('uses a base-10 log x scale with xLog', () => {
    render(<UPlotChart testId="chart-log" title="T" data={[[1e3, 1e6], [0.5, 0.1]]} series={series} xLabel="bytes" xLog />);
    const x = FakeUPlot.instances[0].opts.scales!.x;
    expect(x.distr).toBe(3);
    expect(x.log).toBe(10);
    render(<UPlotChart testId="chart-lin" title="T" data={[[1, 2], [0.5, 0.1]]} series={series} xLabel="s" />);
    expect(FakeUPlot.instances[1].opts.scales!.x.distr).toBeUndefined();
  });
});
