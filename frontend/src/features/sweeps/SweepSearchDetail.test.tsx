import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { setToken } from '../../api/token';
import { json, mockFetch } from '../../test/fetchMock';
import { searchRun, searchSweep } from '../../test/sweeps';
import type { Sweep } from '../../api/sweeps';
import { ParallelCoordinates } from './ParallelCoordinates';
import { SweepDetailPage } from './SweepDetailPage';
import { FakeUPlot } from '../../test/fakeUPlot';
import { MISSING_Y, NO_RESULT_COLOR, PC_SIZE, parallelLayout } from './parallelCoords';
import { STOPPED_DOT, rungChart } from './sweepCharts';

const noMetrics = (jobId: number) => json({ jobId, series: [] });

function renderSweep(s: Sweep) {
  const calls = mockFetch({
    [`GET /sweeps/${s.id}`]: () => json(s),
    ...Object.fromEntries(s.runs.map((r) => [`GET /jobs/${r.jobId}/metrics`, () => noMetrics(r.jobId)])),
    [`GET /sweeps/${s.id}/results.csv`]: () => new Response('jobId,label,state,eta\n21,a,COMPLETED,0.01\n', { headers: { 'Content-Type': 'text/csv' } }),
  });
  render(
    <MemoryRouter initialEntries={[`/sweeps/${s.id}`]}>
      <Routes>
        <Route path="/sweeps/:id" element={<SweepDetailPage refreshMs={50} curvesRefreshMs={50} />} />
      </Routes>
    </MemoryRouter>,
  );
  return calls;
}

const H = PC_SIZE.bottom - PC_SIZE.top;

describe('SweepDetailPage of a search', () => {
  it('shows the search, the sample and the counts with the runs stopped early', async () => {
    renderSweep(searchSweep());
    const panel = await screen.findByTestId('sweep-search');
    const text = (id: string) => within(panel).getByTestId(id).textContent;
    expect([text('search-method'), text('search-eta'), text('search-resource'), text('search-min'), text('search-max'), text('search-brackets')]).toEqual([
      'ASHA',
      '3',
      'steps',
      '200 steps',
      '1800 steps',
      '1',
    ]);
    expect([text('sample-method'), text('sample-runs'), text('sample-seed')]).toEqual(['random', '4', '1']);
    expect(screen.getByTestId('sweep-counts')).toHaveTextContent('4/4 done · 3 stopped early');
    expect(screen.getByTestId('sweep-worker-seconds')).toHaveTextContent('16m 40s');
  });

  it('lists each rung with its counts and decisions, linking the runs', async () => {
    renderSweep(searchSweep());
    const rungs = await screen.findAllByTestId('rung');
    expect(rungs.map((r) => within(r).getByTestId('rung-head').textContent)).toEqual([
      'Rung 0 at 200 steps: 4 decided · 2 promoted · 2 stopped',
      'Rung 1 at 600 steps: 2 decided · 1 promoted · 1 stopped',
    ]);
    const rows = within(rungs[0]).getAllByTestId('rung-decision');
    expect(rows.map((r) => r.getAttribute('data-decision'))).toEqual(['PROMOTED', 'PROMOTED', 'STOPPED', 'STOPPED']);
    const cells = within(rows[2]).getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual(['#23 eta=0.005 tau=1 compression=int8', '210 steps', '31.00%', '3 of 3', 'STOPPED']);
    expect(within(rows[2]).getByRole('link')).toHaveAttribute('href', '/jobs/23');
    expect(within(rungs[1]).getAllByTestId('rung-decision')[1]).toHaveTextContent('14.20%');
  });

  it('gives the results table the rung, the worker time and the other axes', async () => {
    renderSweep(searchSweep());
    const rows = await screen.findAllByTestId('sweep-run');
    expect(rows.map((r) => within(r).getByTestId('run-rung').textContent)).toEqual(['1', '1', '0', '0']);
    expect(rows.map((r) => within(r).getByTestId('run-worker-seconds').getAttribute('data-value'))).toEqual(['600', '240', '80', '80']);
    expect(within(rows[0]).getByTestId('run-worker-seconds')).toHaveTextContent('10m 00s');
    expect(screen.getByRole('columnheader', { name: 'compression' })).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent('fp16');
    expect(within(rows[1]).getByText('STOPPED EARLY')).toHaveAttribute('data-state', 'STOPPED_EARLY');
  });

  it('links the CSVs, and fetches one with the token when there is one', async () => {
    const calls = renderSweep(searchSweep());
    const results = await screen.findByTestId('link-results-csv');
    expect(results).toHaveTextContent('Download CSV');
    expect(results.getAttribute('href')).toMatch(/\/api\/v1\/sweeps\/9\/results\.csv$/);
    expect(results).toHaveAttribute('download', 'easgd-sweep-9-results.csv');
    expect(screen.getByTestId('link-metrics-csv').getAttribute('href')).toMatch(/\/api\/v1\/sweeps\/9\/metrics\.csv$/);

    setToken('tok');
    // jsdom has no object URLs: stand-ins for this test
    const createObjectURL = vi.fn(() => 'blob:csv');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    onTestFinished(() => {
      delete (URL as { createObjectURL?: unknown }).createObjectURL;
      delete (URL as { revokeObjectURL?: unknown }).revokeObjectURL;
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    fireEvent.click(results);
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
    const csv = calls.find((c) => c.path === '/sweeps/9/results.csv');
    expect(csv?.headers['authorization']).toBe('Bearer tok');
    expect(csv?.headers['accept']).toBe('text/csv');
    expect(click).toHaveBeenCalled();
  });

  it('shows no search panels for a plain grid', async () => {
    const plain = searchSweep({ search: null, sample: null, rungs: [] });
    renderSweep(plain);
    await screen.findAllByTestId('sweep-run');
    expect(screen.queryByTestId('sweep-search')).toBeNull();
    expect(screen.queryByTestId('sweep-rungs')).toBeNull();
    expect(screen.queryByTestId('run-rung')).toBeNull();
    expect(screen.getByTestId('parallel-coords')).toBeInTheDocument();
  });
});

describe('parallel coordinates', () => {
  it('draws one axis per varied parameter and the two results, and one line per run', async () => {
    renderSweep(searchSweep());
    const plot = await screen.findByTestId('parallel-coords');
    const axes = within(plot).getAllByTestId('pc-axis');
    expect(axes.map((a) => [a.getAttribute('data-key'), a.getAttribute('data-scale')])).toEqual([
      ['eta', 'log'], // 0.005 … 0.2: 40× apart
      ['tau', 'log'], // 1 … 64
      ['compression', 'category'],
      ['bestTestError', 'linear'],
      ['bytesToTarget', 'linear'],
    ]);
    expect(within(axes[2]).getAllByTestId('pc-tick').map((t) => t.textContent)).toEqual(['none', 'fp16', 'int8']);
    const lines = within(plot).getAllByTestId('pc-line');
    expect(lines).toHaveLength(4);
    // the best run last (on top) and thick; the stopped ones dashed; the one without a result grey
    expect(lines[3]).toHaveAttribute('data-job-id', '21');
    expect(lines[3]).toHaveAttribute('stroke-width', '4');
    expect(lines.filter((l) => l.getAttribute('stroke-dasharray') === '5 3').map((l) => l.getAttribute('data-job-id'))).toEqual(['22', '23', '24']);
    expect(lines.find((l) => l.getAttribute('data-job-id') === '24')).toHaveAttribute('stroke', NO_RESULT_COLOR);
    expect(within(plot).getByTestId('pc-legend')).toHaveTextContent('best test error');
    expect(within(plot).getByTestId('pc-legend')).toHaveTextContent('stopped early');

    fireEvent.mouseEnter(lines[0]);
    expect(within(plot).getByTestId('pc-hover')).toHaveTextContent('#22 eta=0.1 tau=64 compression=fp16');
    fireEvent.mouseLeave(lines[0]);
    expect(within(plot).getByTestId('pc-hover')).toHaveTextContent('hover a line');
  });

  it('puts a value where its scale says', () => {
    const layout = parallelLayout(searchSweep().runs);
    const line = (id: number) => layout.lines.find((l) => l.jobId === id)!;
    // τ = 4 on the log axis 1 … 64: a third of the way up
    expect(line(21).points[1].y).toBeCloseTo(PC_SIZE.bottom - H / 3, 6);
    // fp16: the middle of three categories
    expect(line(22).points[2].y).toBeCloseTo(PC_SIZE.bottom - H / 2, 6);
    // best test error 0.12 on the linear axis 0.04 … 0.3
    expect(line(22).points[3].y).toBeCloseTo(PC_SIZE.bottom - ((0.12 - 0.04) / 0.26) * H, 6);
    // no result / not reached: the slot below the axis
    expect(line(24).points[3].y).toBe(MISSING_Y);
    expect(line(22).points[4].y).toBe(MISSING_Y);
    expect(layout.axes[3].missing).toBe('no result');
    // the x of each axis
    expect(line(21).points.map((p) => p.x)).toEqual([60, 180, 300, 420, 540]);
  });

  it('keeps a narrow numeric range linear, with ticks at its ends', () => {
    const runs = [1, 4, 16].map((tau, i) => searchRun(30 + i, { algorithm: 'EASGD', tau }, { bestTestError: 0.05 + i * 0.01 }));
    const layout = parallelLayout(runs);
    const tau = layout.axes[1];
    expect(tau.scale).toBe('linear');
    expect(tau.ticks[0]).toEqual({ y: PC_SIZE.bottom, label: '1' });
    expect(tau.ticks[4]).toEqual({ y: PC_SIZE.top, label: '16' });
    expect(tau.y(4)).toBeCloseTo(PC_SIZE.bottom - (3 / 15) * H, 6);
    // one category: in the middle
    expect(layout.axes[0].y('EASGD')).toBe(PC_SIZE.top + H / 2);
    render(<ParallelCoordinates runs={runs} />);
    expect(screen.getAllByTestId('pc-line')).toHaveLength(3);
    expect(screen.getAllByTestId('pc-axis')).toHaveLength(4);
  });
});

describe('log axis ticks', () => {
  it('keeps the ends and the 1-2-5 values between them that do not crowd', () => {
    const layout = parallelLayout(searchSweep().runs);
    const [eta, tau] = layout.axes;
    expect(tau.ticks.map((t) => t.label)).toEqual(['1', '2', '5', '10', '20', '64']);
    expect(eta.ticks.map((t) => t.label)).toEqual(['0.005', '0.01', '0.02', '0.05', '0.1', '0.2']);
    // τ = 10 on the log axis 1 … 64
    expect(tau.ticks[3].y).toBeCloseTo(PC_SIZE.bottom - (1 / Math.log10(64)) * H, 6);
  });
});

describe('rung chart', () => {
  it('draws each run from rung to rung, with a dot where it was stopped', async () => {
    const c = rungChart(searchSweep());
    expect(c.data[0]).toEqual([200, 600]);
    // runs 21…24 in the sweep's order: test error at 200 and at 600 steps
    expect(c.data.slice(1)).toEqual([
      [0.2, 0.08],
      [0.25, 0.142],
      [0.31, null],
      [0.5, null],
    ]);
    expect(c.dots).toEqual([
      { x: 200, y: 0.31, color: STOPPED_DOT },
      { x: 200, y: 0.5, color: STOPPED_DOT },
      { x: 600, y: 0.142, color: STOPPED_DOT },
    ]);
    expect(c.series[0].label).toBe('★ eta=0.01 tau=4 compression=none');

    renderSweep(searchSweep());
    const chart = await screen.findByTestId('chart-rungs');
    expect(chart).toHaveAttribute('data-points', '2');
    expect(chart).toHaveAttribute('data-dots', '3');
    const u = FakeUPlot.instances.find((i) => i.opts.series[0].label === 'rung (steps)')!;
    expect(u.data).toEqual(c.data);
    expect(u.opts.scales!.x.distr).toBe(3);
  });
});
