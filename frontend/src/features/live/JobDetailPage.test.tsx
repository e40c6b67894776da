import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../api/types';
import { setToken } from '../../api/token';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { streamResponse } from '../../test/stream';
import { JobDetailPage } from './JobDetailPage';

const started = '2026-11-25T09:00:00.000Z';
const job: Job = {
  id: 12,
  name: 'eamsgd-tau10',
  state: 'RUNNING',
  priority: 0,
  spec: { algorithm: 'EAMSGD', workers: 2, tau: 10, eta: 0.05, beta: 0.9, delta: 0.9, model: 'mlp', dataset: 'mnist-10k', stop: { maxSteps: 2000 } },
  createdAt: '2026-11-25T08:59:50.000Z',
  startedAt: started,
  finishedAt: null,
  progress: { step: 350, totalSteps: 2000, fraction: 0.175, etaSeconds: 41 },
  result: { testError: 0.061, testLoss: 0.21, bytesUp: 10750000, bytesDown: 10750000 },
};

const worker = (rank: number, extra: object = {}) => ({
  rank,
  agentId: `a-${rank + 1}`,
  state: 'TRAINING',
  step: 340,
  stepsPerSecond: 21.5,
  lastExchangeAt: started,
  bytesUp: 0,
  bytesDown: 0,
  ...extra,
});

function setup(overrides: Record<string, () => Response> = {}) {
  const events = streamResponse();
  const calls = mockFetch({
    'GET /jobs/12': () => json(job),
    'GET /jobs/12/workers': () => json([worker(0), worker(1)]),
    'GET /jobs/12/metrics': () =>
      json({
        jobId: 12,
        series: [
          { series: 'test_error', worker: null, points: [{ t: 2000, step: 40, value: 0.31 }, { t: 4000, step: 80, value: 0.2 }] },
          { series: 'train_loss', worker: 0, points: [{ t: 1000, step: 20, value: 1.2 }] },
        ],
      }),
    'GET /jobs/12/events': () => events.response,
    ...overrides,
  });
  render(
    <MemoryRouter initialEntries={['/jobs/12']}>
      <Routes>
        <Route path="/jobs/:id" element={<JobDetailPage />} />
        <Route path="/submit" element={<div data-testid="submit-stub" />} />
      </Routes>
    </MemoryRouter>,
  );
  return { events, calls };
}

describe('JobDetailPage', () => {
  it('shows history, then grows the charts from live events and lists the timeline', async () => {
    const { events, calls } = setup();
    expect(await screen.findByTestId('job-detail')).toBeInTheDocument();
    expect(screen.getByTestId('job-state')).toHaveAttribute('data-state', 'RUNNING');
    await waitFor(() => expect(screen.getByTestId('chart-test-error')).toHaveAttribute('data-points', '2'));
    expect(screen.getAllByTestId('worker-row')).toHaveLength(2);
    // The stream was opened before the history was asked for.
    const order = calls.map((c) => c.path.split('?')[0]);
    expect(order.indexOf('/jobs/12/events')).toBeLessThan(order.indexOf('/jobs/12/metrics'));

    act(() => {
      events.send('metric', { jobId: 12, series: 'test_error', worker: null, t: 6000, step: 120, value: 0.12 });
      events.send('metric', { jobId: 12, series: 'test_error', worker: null, t: 4000, step: 80, value: 0.2 }); // duplicate
      events.send('metric', { jobId: 12, series: 'bytes_up', worker: 1, t: 6000, step: 120, value: 1e6 });
      events.send('worker', { ...worker(1, { state: 'LOST' }), event: 'LOST', at: '2026-11-25T09:00:05.000Z' });
    });
    await waitFor(() => expect(screen.getByTestId('chart-test-error')).toHaveAttribute('data-points', '3'));
    expect(screen.getByTestId('chart-test-error-step')).toHaveAttribute('data-points', '3');
    expect(screen.getByTestId('chart-bytes')).toHaveAttribute('data-points', '1');
    const lost = screen.getAllByTestId('timeline-entry').find((e) => e.getAttribute('data-label') === 'worker 1 LOST');
    expect(lost).toBeDefined();
    expect(within(screen.getAllByTestId('worker-row')[1]).getByTestId('worker-state')).toHaveTextContent('LOST');
    // QUEUED (createdAt) is before t=0, RUNNING at 0 s and the LOST worker at 5 s are marked on the charts.
    expect(screen.getByTestId('chart-test-error')).toHaveAttribute('data-markers', '2');
  });

  it('cancels with the token and shows CANCELLED; a 409 shows the problem detail', async () => {
    setToken('tok');
    let cancelled = false;
    const { calls } = setup({
      'POST /jobs/12/cancel': () => {
        if (cancelled) return problem({ title: 'Conflict', status: 409, detail: 'job 12 already ended (CANCELLED)' }, 409);
        cancelled = true;
        return json({ ...job, state: 'CANCELLED', finishedAt: '2026-11-25T09:01:00.000Z' });
      },
    });
    fireEvent.click(await screen.findByTestId('btn-cancel'));
    fireEvent.click(screen.getByTestId('btn-cancel-confirm'));
    await waitFor(() => expect(screen.getByTestId('job-state')).toHaveAttribute('data-state', 'CANCELLED'));
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.path).toBe('/jobs/12/cancel');
    expect(post?.headers['authorization']).toBe('Bearer tok');
    expect(screen.queryByTestId('btn-cancel')).toBeNull();
  });

  it('says since when a lost rank waits for an agent, and nothing for a training one', async () => {
    const since = '2026-11-25T09:03:00.000Z';
    setup({ 'GET /jobs/12/workers': () => json([worker(0), worker(1, { state: 'LOST', waitingSince: since })]) });
    const rows = await screen.findAllByTestId('worker-row');
    expect(within(rows[1]).getByTestId('worker-waiting')).toHaveTextContent('waiting for an agent since');
    expect(within(rows[1]).getByTestId('worker-waiting')).toHaveAttribute('title', since);
    expect(within(rows[0]).queryByTestId('worker-waiting')).toBeNull();
  });

  it('clone goes to the submit page', async () => {
    setup();
    fireEvent.click(await screen.findByTestId('btn-clone'));
    expect(await screen.findByTestId('submit-stub')).toBeInTheDocument();
  });

  it('shows an error for an unknown job', async () => {
    mockFetch({ 'GET /jobs/12': () => problem({ title: 'Not Found', status: 404, detail: 'no job 12' }, 404) });
    render(
      <MemoryRouter initialEntries={['/jobs/12']}>
        <Routes>
          <Route path="/jobs/:id" element={<JobDetailPage />} />
        </Routes>
      </MemoryRouter>,
    );
    expect(await screen.findByTestId('job-error')).toHaveTextContent('no job 12');
  });

  it('shows the compression of the spec, none when the spec leaves it out', async () => {
    setup({ 'GET /jobs/12': () => json({ ...job, spec: { ...job.spec, compression: 'int8' } }) });
    await waitFor(() => expect(within(screen.getByTestId('job-spec')).getByText('int8')).toBeInTheDocument());
    expect(within(screen.getByTestId('job-spec')).getByText('compression')).toBeInTheDocument();
  });

  it('an auto-τ job shows "τ auto (now n)", draws τ with each worker\'s timings, and lists each change', async () => {
    const autoJob: Job = {
      ...job,
      spec: { ...job.spec, tau: 'auto', autoTau: { commShare: 0.1, min: 1, max: 256, initial: 1 } },
      progress: { ...job.progress!, tau: 7 },
    };
    const { events } = setup({
      'GET /jobs/12': () => json(autoJob),
      'GET /jobs/12/metrics': () =>
        json({
          jobId: 12,
          series: [
            { series: 'tau', worker: null, points: [{ t: 0, step: 0, value: 1 }, { t: 3000, step: 60, value: 7 }] },
            { series: 'step_ms', worker: 0, points: [{ t: 2000, step: 40, value: 20 }, { t: 4000, step: 80, value: 21 }] },
            { series: 'exchange_ms', worker: 0, points: [{ t: 2000, step: 40, value: 14 }, { t: 4000, step: 80, value: 15 }] },
          ],
        }),
    });
    await waitFor(() => expect(screen.getByTestId('chart-tau')).toHaveAttribute('data-points', '5'));
    expect(within(screen.getByTestId('job-spec')).getByText('auto (now 7)')).toBeInTheDocument();
    expect(within(screen.getByTestId('job-spec')).getByText('10 %')).toBeInTheDocument();
    expect(screen.getByTestId('chart-tau')).toHaveTextContent('now 7');

    act(() => {
      events.send('tau', {
        jobId: 12, from: 7, to: 12, reason: 'τ 7 → 12: exchange 24 ms, step 20 ms, target 10 %', step: 120, t: 6000,
        at: '2026-11-25T09:00:06.000Z',
      });
      events.send('metric', { jobId: 12, series: 'tau', worker: null, t: 6000, step: 120, value: 12 });
    });
    const entry = await screen.findByText('τ 7 → 12');
    expect(entry.closest('[data-testid="timeline-entry"]')).toHaveAttribute('data-kind', 'tau');
    expect(entry.closest('li')).toHaveTextContent('exchange 24 ms, step 20 ms, target 10 %');
    await waitFor(() => expect(within(screen.getByTestId('job-spec')).getByText('auto (now 12)')).toBeInTheDocument());
    // τ changes are not drawn as markers on the other charts
    expect(screen.getByTestId('chart-test-error')).toHaveAttribute('data-markers', '1');
  });

  it('a fixed-τ job has no τ chart', async () => {
    setup();
    await screen.findByTestId('job-detail');
    expect(screen.queryByTestId('chart-tau')).toBeNull();
    expect(within(screen.getByTestId('job-spec')).getByText('10')).toBeInTheDocument();
  });

  it('an overlapped job says so in its spec; a job without overlap does not', async () => {
    setup({ 'GET /jobs/12': () => json({ ...job, spec: { ...job.spec, overlap: true } }) });
    await screen.findByTestId('job-detail');
    expect(within(screen.getByTestId('job-spec')).getByText('overlap')).toBeInTheDocument();
    expect(
      within(screen.getByTestId('job-spec')).getByText('auto: each worker runs its exchange behind k local steps, k from its timings'),
    ).toBeInTheDocument();
  });

  it('an overlapped job with a fixed k shows its k', async () => {
    setup({ 'GET /jobs/12': () => json({ ...job, spec: { ...job.spec, overlap: 3 } }) });
    await screen.findByTestId('job-detail');
    expect(within(screen.getByTestId('job-spec')).getByText('k = 3: each exchange runs behind 3 local steps')).toBeInTheDocument();
  });

  it('a job without overlap lists no overlap', async () => {
    setup();
    await screen.findByTestId('job-detail');
    expect(within(screen.getByTestId('job-spec')).queryByText('overlap')).toBeNull();
  });

  it('shows each worker computing vs waiting, the job\'s compute utilization and the throughput against the lab\'s link', async () => {
    const { events } = setup({
      'GET /lab': () =>
        json({
          enabled: true, link: '100mbit', megabitsPerSecond: 100, delayMicros: 0, delayApplied: null, note: null,
          subnet: '10.213.0.0/24', server: '10.213.0.1', endsAt: null,
          hosts: [
            { index: 1, namespace: 'easgdlab-1-a1', address: '10.213.0.11', upMbps: 96, downMbps: 95.9 },
            { index: 2, namespace: 'easgdlab-1-a2', address: '10.213.0.12', upMbps: 96, downMbps: 64 },
          ],
        }),
      'GET /jobs/12/metrics': () =>
        json({
          jobId: 12,
          series: [
            { series: 'compute_share', worker: 0, points: [{ t: 1000, step: 20, value: 0.88 }, { t: 2000, step: 40, value: 0.906 }] },
            { series: 'compute_share', worker: 1, points: [{ t: 2000, step: 40, value: 0.5 }] },
            { series: 'compute_utilization', worker: null, points: [{ t: 2000, step: 40, value: 0.8 }] },
            { series: 'exchange_mbps', worker: 0, points: [{ t: 2000, step: 40, value: 71.2 }] },
          ],
        }),
    });
    await waitFor(() => expect(screen.getByTestId('chart-compute-share')).toHaveAttribute('data-points', '2'));
    expect(screen.getByTestId('job-compute-utilization')).toHaveTextContent('compute 80 %');
    expect(screen.getByTestId('chart-compute-share')).toHaveTextContent('job: compute 80 %');
    const rows = screen.getAllByTestId('worker-row');
    expect(within(rows[0]).getByTestId('worker-compute')).toHaveTextContent('compute 91 % · wait 9 %');
    expect(within(rows[1]).getByTestId('worker-compute')).toHaveTextContent('compute 50 % · wait 50 %');
    // the slower host: 2 / (1/96 + 1/64) = 76.8 Mbit/s
    await waitFor(() => expect(screen.getByTestId('chart-throughput')).toHaveTextContent("against the link's measured 76.8 Mbit/s"));
    expect(screen.getByTestId('chart-throughput')).toHaveAttribute('data-points', '1');

    act(() => {
      events.send('metric', { jobId: 12, series: 'compute_share', worker: 1, t: 3000, step: 60, value: 0.97 });
      events.send('metric', { jobId: 12, series: 'compute_utilization', worker: null, t: 3000, step: 60, value: 0.913 });
      events.send('metric', { jobId: 12, series: 'exchange_mbps', worker: 1, t: 3000, step: 60, value: 75 });
    });
    await waitFor(() => expect(screen.getByTestId('job-compute-utilization')).toHaveTextContent('compute 91 %'));
    expect(within(screen.getAllByTestId('worker-row')[1]).getByTestId('worker-compute')).toHaveTextContent('compute 97 % · wait 3 %');
    expect(screen.getByTestId('chart-compute-share')).toHaveAttribute('data-points', '3');
    expect(screen.getByTestId('chart-throughput')).toHaveAttribute('data-points', '2');
  });

  it('without a lab the throughput has no capacity to compare with, and without times the shares show a dash', async () => {
    setup();
    await screen.findAllByTestId('worker-row');
    await waitFor(() => expect(screen.getByTestId('chart-throughput')).toHaveTextContent('no bandwidth lab'));
    expect(screen.getByTestId('job-compute-utilization')).toHaveTextContent('—');
    expect(within(screen.getAllByTestId('worker-row')[0]).getByTestId('worker-compute')).toHaveTextContent('—');
    expect(screen.getByTestId('chart-compute-share')).toHaveAttribute('data-points', '0');
  });
  it('says a simulated job is simulated, with its p, link and measured stepMs, and labels every time axis virtual s', async () => {
    const simulated = {
      ...job,
      spec: { ...job.spec, simulate: { workers: 16, link: '1gbit,0.2ms', stepMs: 'measured', jitter: 'measured' } },
      simulation: { workers: 16, link: '1gbit,0.2ms', serverLink: null, stepMs: 12.3, stepMsMeasured: true, jitter: 0.08, jitterMeasured: true, virtualSeconds: 4.2 },
    } as unknown as Job;
    setup({ 'GET /jobs/12': () => json(simulated) });
    const banner = await screen.findByTestId('job-simulated');
    expect(banner).toHaveTextContent('simulated: p = 16 over 1gbit,0.2ms, stepMs 12.3 (measured), jitter 0.08 (measured)');
    expect(screen.getByTestId('chart-test-error')).toHaveAttribute('data-x-label', 'virtual s');
    expect(screen.getByTestId('chart-test-error')).toHaveTextContent('vs virtual time');
    expect(screen.getByTestId('chart-train-loss')).toHaveAttribute('data-x-label', 'virtual s');
    expect(screen.getByTestId('chart-bytes')).toHaveAttribute('data-x-label', 'virtual s');
    expect(screen.getByTestId('chart-test-error-step')).toHaveAttribute('data-x-label', 'step');
    expect(screen.getByTestId('btn-download-model')).toBeDisabled();
  });

  it('a real job has no banner and wall-time axes', async () => {
    setup();
    await screen.findByTestId('job-detail');
    expect(screen.queryByTestId('job-simulated')).toBeNull();
    expect(screen.getByTestId('chart-test-error')).toHaveAttribute('data-x-label', 'time (s)');
  });

  it('links the metrics CSV, lists the search\'s rung decisions and ends STOPPED_EARLY', async () => {
    let current: Job = { ...job, sweepId: 3 };
    const { events } = setup({ 'GET /jobs/12': () => json(current) });
    const link = await screen.findByTestId('link-job-metrics-csv');
    expect(link).toHaveTextContent('Metrics CSV');
    expect(link.getAttribute('href')).toMatch(/\/api\/v1\/jobs\/12\/metrics\.csv$/);
    expect(link).toHaveAttribute('download', 'easgd-job-12-metrics.csv');

    const rung = (r: number, decision: 'PROMOTED' | 'STOPPED', rank: number, of: number, keep: number, at: number) => ({
      sweepId: 3, jobId: 12, bracket: 0, rung: r, resource: 'steps', at, value: at + 12, testError: 0.142, rank, of, keep, decision,
    });
    act(() => {
      events.send('rung', rung(0, 'PROMOTED', 1, 3, 1, 200));
      events.send('rung', rung(1, 'STOPPED', 3, 4, 2, 600));
      events.send('rung', rung(1, 'STOPPED', 3, 4, 2, 600)); // replayed after a reconnect: once
      current = { ...current, state: 'STOPPED_EARLY', finishedAt: '2026-11-25T09:00:09.000Z' };
      events.send('state', { jobId: 12, from: 'RUNNING', to: 'STOPPED_EARLY', reason: 'stopped early at rung 1 of the ASHA search (600 steps)', at: '2026-11-25T09:00:09.000Z' });
    });
    const stopped = await screen.findByText('rung 1 STOPPED');
    expect(stopped.closest('li')).toHaveAttribute('data-kind', 'rung');
    expect(stopped.closest('li')).toHaveTextContent('at 600 steps: test error 14.20%, 3rd of 4, the best 2 run on');
    expect(screen.getByText('rung 0 PROMOTED').closest('li')).toHaveTextContent('1st of 3, the best 1 run on');
    expect(screen.getAllByTestId('timeline-entry').filter((e) => e.getAttribute('data-kind') === 'rung')).toHaveLength(2);
    await waitFor(() => expect(screen.getByTestId('job-state')).toHaveAttribute('data-state', 'STOPPED_EARLY'));
    expect(screen.getByTestId('job-state')).toHaveTextContent('STOPPED EARLY');
    // ended: no cancel button
    await waitFor(() => expect(screen.queryByTestId('btn-cancel')).toBeNull());
  });
});
