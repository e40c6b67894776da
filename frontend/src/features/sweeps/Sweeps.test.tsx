import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useParams } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { setToken } from '../../api/token';
import type { Sweep, SweepPreset, SweepRun } from '../../api/sweeps';
import { FakeUPlot } from '../../test/fakeUPlot';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { NewSweepPage } from './NewSweepPage';
import { SweepDetailPage } from './SweepDetailPage';
import { SweepsPage, countsText } from './SweepsPage';
import { sweepCharts } from './sweepCharts';
import { SWEEP_DEFAULTS, formRunCount, fromSweepRequest, mapSweepErrors, toSweepRequest } from './sweepForm';

const run = (jobId: number, algorithm: SweepRun['params']['algorithm'], tau: number, extra: Partial<SweepRun> = {}): SweepRun => ({
  jobId,
  label: `${algorithm} τ=${tau}`,
  params: { algorithm, tau, eta: 0.05, workers: 4, seed: 1 },
  state: 'COMPLETED',
  bestTestError: 0.04,
  finalTestError: 0.045,
  secondsToTarget: null,
  bytesToTarget: null,
  bytesTotal: 1e8,
  wallSeconds: 100,
  best: false,
  rung: null,
  workerSeconds: 400,
  ...extra,
});

const sweep = (extra: Partial<Sweep> = {}): Sweep => ({
  id: 5,
  name: 'paper-sweep',
  preset: 'paper',
  state: 'RUNNING',
  createdAt: '2026-11-25T09:00:00Z',
  finishedAt: null,
  base: { model: 'mlp', dataset: 'mnist-10k' },
  grid: { algorithm: ['EASGD', 'DOWNPOUR'], tau: [1, 16] },
  extra: [],
  target: { testError: 0.03 },
  counts: { total: 3, queued: 0, running: 1, completed: 2, failed: 0, cancelled: 0, stoppedEarly: 0 },
  runs: [
    run(11, 'EASGD', 1, { bestTestError: 0.028, secondsToTarget: 42, bytesToTarget: 3.2e7, best: true }),
    run(12, 'DOWNPOUR', 16),
    run(13, 'EASGD', 16, { state: 'RUNNING', bestTestError: 0.2, finalTestError: null }),
  ],
  best: 11,
  verdict: null,
  search: null,
  sample: null,
  rungs: [],
  workerSeconds: 1200,
  ...extra,
});

const PAPER: SweepPreset = {
  name: 'paper',
  description: "The paper's τ experiment on MNIST",
  sweep: {
    name: 'paper',
    base: { model: 'mlp', dataset: 'mnist-10k', eta: 0.05, stop: { maxSteps: 3000 } },
    grid: { algorithm: ['EASGD', 'EAMSGD', 'DOWNPOUR'], tau: [1, 4, 16, 64], workers: [4], seed: [1, 2, 3] },
    extra: [{ algorithm: 'MSGD', workers: 1 }],
    target: { testError: 0.03 },
  },
};

const metrics = (jobId: number, scale: number) =>
  json({
    jobId,
    series: [
      { series: 'test_error', worker: null, points: [{ t: 0, step: 0, value: 0.9 }, { t: 1000, step: 10, value: 0.5 * scale }, { t: 2000, step: 20, value: 0.2 * scale }] },
      { series: 'bytes_up', worker: 0, points: [{ t: 500, step: 5, value: 100 }, { t: 1500, step: 15, value: 300 }] },
      { series: 'bytes_down', worker: 0, points: [{ t: 500, step: 5, value: 100 }, { t: 1500, step: 15, value: 300 }] },
      { series: 'bytes_up', worker: 1, points: [{ t: 1500, step: 15, value: 50 }] },
    ],
  });

function JobStub() {
  const { id } = useParams();
  return <div data-testid="job-page">job {id}</div>;
}

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/sweeps" element={<SweepsPage refreshMs={50} />} />
        <Route path="/sweeps/new" element={<NewSweepPage />} />
        <Route path="/sweeps/:id" element={<SweepDetailPage refreshMs={50} curvesRefreshMs={50} />} />
        <Route path="/jobs/:id" element={<JobStub />} />
      </Routes>
    </MemoryRouter>,
  );
}

beforeEach(() => {
  FakeUPlot.instances = [];
});

describe('sweep form logic', () => {
  it('counts runs as the product of the grid axes plus each extra once per seed', () => {
    expect(formRunCount(SWEEP_DEFAULTS)).toBe(3 * 4 * 1 * 1 + 1);
    expect(formRunCount({ ...SWEEP_DEFAULTS, gridSeed: '1, 2, 3', baseline: false })).toBe(36);
    expect(formRunCount({ ...SWEEP_DEFAULTS, gridTau: '1, x' })).toBeNull();
    expect(formRunCount({ ...SWEEP_DEFAULTS, gridTau: '1, auto' })).toBe(3 * 2 + 1);
    expect(toSweepRequest({ ...SWEEP_DEFAULTS, gridTau: '4, Auto' }).grid).toMatchObject({ tau: [4, 'auto'] });
    expect(formRunCount(fromSweepRequest(PAPER.sweep, 'paper'))).toBe(39);
    expect(formRunCount({ ...SWEEP_DEFAULTS, gridSeed: '1, 2, 3', baseline: true })).toBe(36 + 3);
  });

  it('turns the form into the request body and back', () => {
    const req = toSweepRequest({ ...SWEEP_DEFAULTS, name: 's1', gridAlgorithm: 'easgd,  downpour', gridEta: '0.01, 0.1', maxWallSeconds: '60' });
    expect(req).toEqual({
      name: 's1',
      priority: 0,
      base: { model: 'mlp', dataset: 'mnist-10k', eta: 0.05, beta: 0.9, delta: 0.9, stop: { maxSteps: 2000, maxWallSeconds: 60 } },
      grid: { algorithm: ['EASGD', 'DOWNPOUR'], tau: [1, 4, 16, 64], eta: [0.01, 0.1], workers: [4], seed: [1] },
      extra: [{ algorithm: 'MSGD', workers: 1 }],
      target: { testError: 0.03 },
    });
    const back = fromSweepRequest(PAPER.sweep, 'paper');
    expect(back.gridTau).toBe('1, 4, 16, 64');
    expect(back.baseline).toBe(true);
    expect(toSweepRequest(back)).toMatchObject({ preset: 'paper', grid: PAPER.sweep.grid, extra: PAPER.sweep.extra, target: { testError: 0.03 } });
  });

  it('maps problem fields onto the form', () => {
    const m = mapSweepErrors([
      { field: 'grid.tau[1]', message: 'must be >= 1, found 0' },
      { field: 'base.maxSteps', message: 'must be >= 1' },
      { field: 'extra[0].workers', message: 'must be 1' },
      { field: 'colour', message: 'unknown field' },
    ]);
    expect(m.fields).toEqual({ gridTau: 'must be >= 1, found 0', maxSteps: 'must be >= 1', baseline: 'must be 1' });
    expect(m.general).toEqual(['colour: unknown field']);
  });
});

describe('SweepsPage', () => {
  it('lists sweeps with preset, state and counts, and links to each', async () => {
    mockFetch({
      'GET /sweeps': () => json({ items: [sweep({ state: 'COMPLETED', counts: { total: 37, queued: 0, running: 0, completed: 35, failed: 1, cancelled: 1, stoppedEarly: 0 } })], page: 0, size: 20, total: 1 }),
    });
    renderAt('/sweeps');
    const row = await screen.findByTestId('sweep-row');
    expect(row).toHaveAttribute('data-state', 'COMPLETED');
    expect(row).toHaveTextContent('paper-sweep');
    expect(within(row).getByTestId('sweep-counts')).toHaveTextContent('37/37 done · 1 failed · 1 cancelled');
    expect(within(row).getByTestId('sweep-link')).toHaveAttribute('href', '/sweeps/5');
  });

  it('shows an empty state without sweeps', async () => {
    mockFetch({ 'GET /sweeps': () => json({ items: [], page: 0, size: 20, total: 0 }) });
    renderAt('/sweeps');
    expect(await screen.findByTestId('sweeps-empty')).toHaveTextContent('No sweeps yet');
  });

  it('polls while a sweep runs', async () => {
    let n = 0;
    mockFetch({ 'GET /sweeps': () => json({ items: [sweep({ counts: { ...sweep().counts, completed: ++n } })], page: 0, size: 20, total: 1 }) });
    renderAt('/sweeps');
    await waitFor(() => expect(n).toBeGreaterThanOrEqual(3), { timeout: 2000 });
    expect(countsText({ total: 4, queued: 1, running: 2, completed: 1, failed: 0, cancelled: 0, stoppedEarly: 0 })).toBe('1/4 done · 2 running · 1 queued');
  });

  it('counts runs stopped early as ended, and says how many', () => {
    expect(countsText({ total: 27, queued: 0, running: 2, completed: 9, failed: 0, cancelled: 0, stoppedEarly: 16 })).toBe('25/27 done · 2 running · 16 stopped early');
    // a backend from before searches: no stoppedEarly
    const old = { total: 2, queued: 0, running: 0, completed: 2, failed: 0, cancelled: 0 } as unknown as Parameters<typeof countsText>[0];
    expect(countsText(old)).toBe('2/2 done');
  });
});

describe('NewSweepPage', () => {
  it('shows the paper run count and starts the preset in one click', async () => {
    const calls = mockFetch({
      'GET /sweeps/presets': () => json([PAPER]),
      'POST /sweeps': () => json(sweep(), 202),
      'GET /sweeps/5': () => json(sweep()),
      'GET /jobs/11/metrics': () => metrics(11, 1),
      'GET /jobs/12/metrics': () => metrics(12, 1),
      'GET /jobs/13/metrics': () => metrics(13, 1),
    });
    setToken('tok');
    renderAt('/sweeps/new');
    const btn = await screen.findByTestId('btn-paper-run');
    await waitFor(() => expect(btn).toHaveTextContent('Paper experiment (39 runs)'));
    fireEvent.click(btn);
    expect(await screen.findByTestId('sweep-detail')).toBeInTheDocument();
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.path).toBe('/sweeps');
    expect(post?.body).toEqual({ preset: 'paper' });
    expect(post?.headers['authorization']).toBe('Bearer tok');
  });

  it('loads the preset into the form for editing and sends the edited grid', async () => {
    const calls = mockFetch({ 'GET /sweeps/presets': () => json([PAPER]), 'POST /sweeps': () => json(sweep(), 202), 'GET /sweeps/5': () => json(sweep()) });
    renderAt('/sweeps/new');
    fireEvent.click(await screen.findByTestId('btn-paper-load'));
    expect(screen.getByTestId('sweep-field-gridTau')).toHaveValue('1, 4, 16, 64');
    expect(screen.getByTestId('sweep-run-count')).toHaveAttribute('data-runs', '39');
    fireEvent.change(screen.getByTestId('sweep-field-gridSeed'), { target: { value: '7' } });
    expect(screen.getByTestId('sweep-run-count')).toHaveTextContent('This sweep starts 13 runs.');
    expect(screen.getByTestId('btn-sweep-submit')).toHaveTextContent('Start sweep (13 runs)');
    fireEvent.click(screen.getByTestId('btn-sweep-submit'));
    await screen.findByTestId('sweep-detail');
    const body = calls.find((c) => c.method === 'POST')?.body as { preset: string; grid: { seed: number[] }; base: { stop: { maxSteps: number } } };
    expect(body.preset).toBe('paper');
    expect(body.grid.seed).toEqual([7]);
    expect(body.base.stop.maxSteps).toBe(3000);
  });

  it('shows a 400 problem next to the field it names, and the rest above the button', async () => {
    mockFetch({
      'GET /sweeps/presets': () => json([PAPER]),
      'POST /sweeps': () =>
        problem({
          title: 'Invalid sweep',
          status: 400,
          detail: 'grid.tau: must be >= 1, found 0',
          errors: [
            { field: 'grid.tau', message: 'must be >= 1, found 0' },
            { field: 'mystery', message: 'is odd' },
          ],
        }),
    });
    renderAt('/sweeps/new');
    fireEvent.change(screen.getByTestId('sweep-field-gridTau'), { target: { value: '0, 4' } });
    fireEvent.click(screen.getByTestId('btn-sweep-submit'));
    const err = await screen.findByTestId('sweep-error-gridTau');
    expect(err).toHaveTextContent('must be >= 1, found 0');
    expect(within(screen.getByTestId('sweep-fieldset-gridTau')).getByTestId('sweep-error-gridTau')).toBe(err);
    expect(screen.getByTestId('sweep-field-gridTau')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('sweep-form-error')).toHaveTextContent('mystery: is odd');
    // Editing clears the server's errors.
    fireEvent.change(screen.getByTestId('sweep-field-gridTau'), { target: { value: '1, 4' } });
    expect(screen.queryByTestId('sweep-error-gridTau')).toBeNull();
  });

  it('flags a bad list locally without calling the server', async () => {
    const calls = mockFetch({ 'GET /sweeps/presets': () => json([]) });
    renderAt('/sweeps/new');
    fireEvent.change(screen.getByTestId('sweep-field-gridAlgorithm'), { target: { value: 'EASGD, FOO' } });
    expect(screen.getByTestId('sweep-error-gridAlgorithm')).toHaveTextContent('unknown algorithm "FOO"');
    expect(screen.getByTestId('btn-sweep-submit')).toBeDisabled();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });
});

describe('SweepDetailPage', () => {
  it('shows counts, the runs with the best one marked, links, and draws all runs', async () => {
    mockFetch({
      'GET /sweeps/5': () => json(sweep({ state: 'COMPLETED' })),
      'GET /jobs/11/metrics': () => metrics(11, 1),
      'GET /jobs/12/metrics': () => metrics(12, 2),
      'GET /jobs/13/metrics': () => metrics(13, 3),
    });
    renderAt('/sweeps/5');
    const rows = await screen.findAllByTestId('sweep-run');
    expect(rows).toHaveLength(3);
    expect(screen.getByTestId('sweep-counts')).toHaveTextContent('2/3 done · 1 running');
    // The best run: marked visibly and for screen readers.
    expect(rows[0]).toHaveAttribute('data-best', 'true');
    expect(rows[0]).toHaveClass('row-best');
    expect(within(rows[0]).getByRole('img', { name: 'best run' })).toHaveTextContent('★');
    expect(screen.getByRole('row', { name: /best run/ })).toBe(rows[0]);
    expect(within(rows[1]).queryByTestId('best-mark')).toBeNull();
    expect(rows[0]).toHaveTextContent('2.80%');
    expect(rows[0]).toHaveTextContent('42s');
    expect(rows[0]).toHaveTextContent('32.0 MB');
    expect(rows[1]).toHaveTextContent('not reached');
    expect(within(rows[2]).getByTestId('sweep-run-link')).toHaveAttribute('href', '/jobs/13');
    expect(screen.queryByTestId('btn-sweep-cancel')).toBeNull();

    await waitFor(() => expect(screen.getByTestId('chart-sweep-time')).toHaveAttribute('data-points', '3'));
    const [time, bytes] = FakeUPlot.instances.slice(-2);
    expect(time.data.length).toBe(4); // x + one column per run
    expect(time.data[1]).toEqual([0.9, 0.5, 0.2]);
    expect(time.data[2]).toEqual([0.9, 1.0, 0.4]);
    expect(bytes.opts.scales!.x.distr).toBe(3);
    expect(time.opts.series[1].label).toBe('★ EASGD τ=1');
    expect(time.opts.series[1].width).toBe(3);
  });

  it('cancels the sweep after a confirmation', async () => {
    let current = sweep();
    const calls = mockFetch({
      'GET /sweeps/5': () => json(current),
      'POST /sweeps/5/cancel': () => {
        current = sweep({ state: 'CANCELLED', counts: { total: 3, queued: 0, running: 0, completed: 2, failed: 0, cancelled: 1, stoppedEarly: 0 } });
        return json(current);
      },
      'GET /jobs/11/metrics': () => metrics(11, 1),
      'GET /jobs/12/metrics': () => metrics(12, 1),
      'GET /jobs/13/metrics': () => metrics(13, 1),
    });
    setToken('tok');
    renderAt('/sweeps/5');
    fireEvent.click(await screen.findByTestId('btn-sweep-cancel'));
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    fireEvent.click(screen.getByTestId('btn-sweep-cancel-confirm'));
    await waitFor(() => expect(screen.getByTestId('sweep-detail')).toHaveAttribute('data-state', 'CANCELLED'));
    expect(screen.getByTestId('sweep-counts')).toHaveTextContent('3/3 done · 1 cancelled');
    expect(screen.queryByTestId('btn-sweep-cancel')).toBeNull();
    const post = calls.filter((c) => c.method === 'POST');
    expect(post.map((c) => c.path)).toEqual(['/sweeps/5/cancel']);
    expect(post[0].headers['authorization']).toBe('Bearer tok');
  });

  it('shows the verdict when present', async () => {
    mockFetch({
      'GET /sweeps/5': () =>
        json(
          sweep({
            state: 'COMPLETED',
            verdict: {
              questions: [{ id: 'q1', question: 'Does EASGD beat DOWNPOUR at large τ?', answer: 'YES', detail: 'at τ=16: 30 MB vs not reached' }],
              bytesToTarget: [{ algorithm: 'EASGD', tau: 16, medianBytesToTarget: 3e7, reached: '3/3' }],
            },
          }),
        ),
      'GET /jobs/11/metrics': () => metrics(11, 1),
      'GET /jobs/12/metrics': () => metrics(12, 1),
      'GET /jobs/13/metrics': () => metrics(13, 1),
    });
    renderAt('/sweeps/5');
    const q = await screen.findByTestId('verdict-question');
    expect(q).toHaveAttribute('data-answer', 'YES');
    expect(q).toHaveTextContent('Does EASGD beat DOWNPOUR at large τ?');
    expect(screen.getByTestId('verdict-bytes')).toHaveTextContent('30.0 MB');
    expect(screen.getByTestId('verdict-bytes')).toHaveTextContent('3/3');
  });

  it('shows the base value of a field the grid did not vary', async () => {
    mockFetch({
      'GET /sweeps/5': () =>
        json(sweep({ base: { eta: 0.1, workers: 2 }, runs: [run(11, 'EASGD', 1, { params: { algorithm: 'EASGD', tau: 1 } })] })),
      'GET /jobs/11/metrics': () => metrics(11, 1),
    });
    renderAt('/sweeps/5');
    const row = await screen.findByTestId('sweep-run');
    const cells = within(row).getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(1, 5)).toEqual(['EASGD', '1', '0.1', '2']);
  });

  it('says why runs wait when they need more workers than agents are connected', async () => {
    const warning = 'runs of this sweep need 4 workers but 2 agents are connected';
    mockFetch({
      'GET /sweeps/5': () => json(sweep({ warnings: [warning] })),
      'GET /jobs/11/metrics': () => metrics(11, 1),
      'GET /jobs/12/metrics': () => metrics(12, 1),
      'GET /jobs/13/metrics': () => metrics(13, 1),
    });
    renderAt('/sweeps/5');
    expect(await screen.findByTestId('sweep-warnings')).toHaveTextContent(warning);
  });

  it('sums the workers latest cumulative bytes for the bytes axis', () => {
    const m = new Map([
      [
        1,
        {
          jobId: 1,
          series: [
            { series: 'test_error', worker: null, points: [{ t: 0, step: 0, value: 0.9 }, { t: 2000, step: 20, value: 0.3 }] },
            { series: 'bytes_up', worker: 0, points: [{ t: 1000, step: 10, value: 100 }, { t: 2000, step: 20, value: 200 }] },
            { series: 'bytes_down', worker: 0, points: [{ t: 2000, step: 20, value: 200 }] },
            { series: 'bytes_up', worker: 1, points: [{ t: 1000, step: 10, value: 50 }] },
          ],
        },
      ],
    ]);
    const c = sweepCharts([run(1, 'EASGD', 4)], m);
    // At t=2000: worker 0 200 up + 200 down, worker 1 still 50 → 450; the t=0 point (0 bytes) is left out of the log axis.
    expect(c.bytes).toEqual([[450], [0.3]]);
    expect(c.time).toEqual([[0, 2], [0.9, 0.3]]);
  });
});
