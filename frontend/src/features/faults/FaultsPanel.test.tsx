import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { FaultKindView, FaultLabStatus } from '../../api/faults';
import { setToken } from '../../api/token';
import type { Job } from '../../api/types';
import { at, fault } from '../../test/faults';
import { json, mockFetch, problem, type Handler } from '../../test/fetchMock';
import { streamResponse } from '../../test/stream';
import { JobDetailPage } from '../live/JobDetailPage';

const job: Job = {
  id: 12,
  name: 'faulty',
  state: 'RUNNING',
  priority: 0,
  spec: { algorithm: 'EASGD', workers: 2, tau: 10, eta: 0.1, model: 'mlp', dataset: 'mnist-10k', stop: { maxSteps: 2000 } },
  createdAt: at(-5),
  startedAt: at(0),
  finishedAt: null,
  progress: { step: 350, totalSteps: 2000, fraction: 0.175, etaSeconds: 41 },
  result: { testError: 0.061, testLoss: 0.21, bytesUp: 1, bytesDown: 1 },
};

const kind = (k: FaultKindView['kind'], extra: Partial<FaultKindView> = {}): FaultKindView => ({
  kind: k,
  available: true,
  note: null,
  takesRank: k.startsWith('AGENT_') || k.startsWith('LINK_'),
  takesDuration: ['AGENT_PAUSE', 'LINK_CUT', 'LINK_SLOW'].includes(k),
  takesRate: k === 'LINK_SLOW',
  ...extra,
});

const LINK_NOTE = 'needs the bandwidth lab, whose links it cuts and slows: start the backend as root with EASGD_LAB_LINK';
const lab: FaultLabStatus = {
  enabled: true,
  note: null,
  kinds: [
    kind('AGENT_KILL'),
    kind('AGENT_PAUSE'),
    kind('LINK_CUT', { available: false, note: LINK_NOTE }),
    kind('LINK_SLOW', { available: false, note: LINK_NOTE }),
    kind('BACKEND_RESTART', { available: false, note: 'needs a fixed server.port' }),
  ],
};

const worker = (rank: number, extra: object = {}) => ({
  rank,
  agentId: `a-${rank}`,
  agentName: `local-${rank + 1}`,
  state: 'TRAINING',
  step: 340,
  stepsPerSecond: 21.5,
  lastExchangeAt: at(1),
  bytesUp: 0,
  bytesDown: 0,
  ...extra,
});

function setup(routes: Record<string, Handler> = {}) {
  const events = streamResponse();
  const calls = mockFetch({
    'GET /jobs/12': () => json(job),
    'GET /jobs/12/workers': () => json([worker(0), worker(1)]),
    'GET /jobs/12/metrics': () =>
      json({
        jobId: 12,
        series: [{ series: 'test_error', worker: null, points: [{ t: 2000, step: 40, value: 0.31 }, { t: 20000, step: 400, value: 0.1 }] }],
      }),
    'GET /jobs/12/events': () => events.response,
    'GET /lab/faults': () => json(lab),
    'GET /jobs/12/faults': () => json({ faults: [], byKind: [] }),
    ...routes,
  });
  render(
    <MemoryRouter initialEntries={['/jobs/12']}>
      <Routes>
        <Route path="/jobs/:id" element={<JobDetailPage />} />
      </Routes>
    </MemoryRouter>,
  );
  return { events, calls };
}

const option = (k: string) => within(screen.getByTestId('fault-kind')).getByRole('option', { name: new RegExp(`^${k}`) }) as HTMLOptionElement;

describe('the Faults panel of the job page', () => {
  it('lists the kinds, the unavailable ones disabled with their note as the tooltip, and only the fields a kind takes', async () => {
    setup();
    await screen.findByTestId('fault-inject-form');
    const names = within(screen.getByTestId('fault-kind')).getAllByRole('option').map((o) => o.getAttribute('value'));
    expect(names).toEqual(['AGENT_KILL', 'AGENT_PAUSE', 'LINK_CUT', 'LINK_SLOW', 'BACKEND_RESTART']);
    expect(option('AGENT_PAUSE').disabled).toBe(false);
    expect(option('LINK_CUT').disabled).toBe(true);
    expect(option('LINK_CUT')).toHaveAttribute('title', LINK_NOTE);
    expect(option('BACKEND_RESTART')).toHaveAttribute('title', 'needs a fixed server.port');
    expect(screen.getByTestId('random-kind-LINK_SLOW')).toBeDisabled();
    // AGENT_KILL, the first available: a rank, no duration, no rate
    expect(screen.getByTestId('fault-kind')).toHaveValue('AGENT_KILL');
    expect(screen.getByTestId('fault-rank')).toBeInTheDocument();
    expect(screen.queryByTestId('fault-duration')).toBeNull();
    fireEvent.change(screen.getByTestId('fault-kind'), { target: { value: 'AGENT_PAUSE' } });
    expect(screen.getByTestId('fault-duration')).toHaveValue(5);
    expect(screen.queryByTestId('fault-rate')).toBeNull();
  });

  it('posts the fault with the API token, seconds as ms, and shows the answer in the table', async () => {
    setToken('tok');
    const { calls } = setup({
      'POST /lab/faults': () => json(fault(7, { rank: 1, state: 'PENDING', durationMs: 3000 }), 201),
    });
    await screen.findByTestId('fault-inject-form');
    fireEvent.change(screen.getByTestId('fault-kind'), { target: { value: 'AGENT_PAUSE' } });
    fireEvent.change(screen.getByTestId('fault-rank'), { target: { value: '1' } });
    fireEvent.change(screen.getByTestId('fault-duration'), { target: { value: '3' } });
    fireEvent.click(screen.getByTestId('fault-inject'));
    const row = await screen.findByTestId('fault-row');
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.path).toBe('/lab/faults');
    expect(post?.body).toEqual({ jobId: 12, kind: 'AGENT_PAUSE', rank: 1, durationMs: 3000 });
    expect(post?.headers['authorization']).toBe('Bearer tok');
    expect(row).toHaveAttribute('data-state', 'PENDING');
    expect(row).toHaveTextContent('AGENT_PAUSE');
    expect(row).toHaveTextContent('local-1');

    // a kind without a duration sends none
    fireEvent.change(screen.getByTestId('fault-kind'), { target: { value: 'AGENT_KILL' } });
    fireEvent.click(screen.getByTestId('fault-inject'));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2));
    expect(calls.filter((c) => c.method === 'POST')[1].body).toEqual({ jobId: 12, kind: 'AGENT_KILL', rank: 1 });
  });

  it("shows the problem's detail and its field errors when the server refuses", async () => {
    setup({
      'POST /lab/faults': () =>
        problem(
          { title: 'Bad Request', status: 400, detail: 'Invalid fault', errors: [{ field: 'rank', message: 'must be a rank of job 12, in [0, 2), found 5' }] },
          400,
        ),
    });
    await screen.findByTestId('fault-inject-form');
    fireEvent.change(screen.getByTestId('fault-rank'), { target: { value: '5' } });
    fireEvent.click(screen.getByTestId('fault-inject'));
    expect(await screen.findByTestId('fault-inject-error')).toHaveTextContent('Invalid fault · rank: must be a rank of job 12, in [0, 2), found 5');
    expect(screen.getByTestId('faults-empty')).toBeInTheDocument();
  });

  it('keeps one row per fault from the loaded list and the live events, the latest state, and draws it on the charts', async () => {
    let healedYet = false;
    const { events, calls } = setup({
      'GET /jobs/12/faults': () =>
        json(
          healedYet
            ? { faults: [], byKind: [{ kind: 'AGENT_PAUSE', count: 1, healed: 1, medianHealMs: 4200, p95HealMs: 4200, stepsLost: 0, updatesDropped: 1, resendsDropped: 0 }] }
            : { faults: [fault(7, { state: 'ACTIVE', injectedAt: at(10) })], byKind: [] },
        ),
    });
    await waitFor(() => expect(screen.getByTestId('fault-row')).toHaveAttribute('data-state', 'ACTIVE'));
    await waitFor(() => expect(screen.getByTestId('chart-test-error')).toHaveAttribute('data-bands', '1'));
    act(() => {
      // the stream replays from its first event: PENDING comes after the list said ACTIVE, and does not move it back
      events.send('fault', fault(7));
      events.send('fault', fault(8, { kind: 'AGENT_KILL', rank: 1, durationMs: null }));
    });
    await waitFor(() => expect(screen.getAllByTestId('fault-row')).toHaveLength(2));
    expect(screen.getAllByTestId('fault-row')[0]).toHaveAttribute('data-state', 'ACTIVE');
    healedYet = true;
    act(() => {
      events.send('fault', fault(7, { state: 'ACTIVE', injectedAt: at(10) }));
      events.send('fault', fault(7, { state: 'HEALING', injectedAt: at(10), undoneAt: at(13) }));
      events.send('fault', fault(7, { state: 'HEALED', injectedAt: at(10), undoneAt: at(13), healedAt: at(14.2), healMs: 4200, stepsLost: 0, updatesDropped: 1, resendsDropped: 2 }));
    });
    await waitFor(() => expect(screen.getByTestId('faults-by-kind')).toBeInTheDocument());
    const rows = screen.getAllByTestId('fault-row');
    expect(rows.map((r) => `${r.getAttribute('data-fault-id')}:${r.getAttribute('data-state')}`)).toEqual(['7:HEALED', '8:PENDING']);
    expect(within(rows[0]).getByTestId('fault-heal')).toHaveTextContent('4.2 s');
    expect(within(rows[0]).getByTestId('fault-heal')).toHaveAttribute('data-heal-ms', '4200');
    expect(within(rows[0]).getByTestId('fault-updates-dropped')).toHaveTextContent('1');
    expect(within(rows[0]).getByTestId('fault-resends-dropped')).toHaveTextContent('2');
    expect(rows[0]).toHaveTextContent('+10s');
    const kindRow = screen.getByTestId('faults-kind-row');
    expect(kindRow).toHaveAttribute('data-kind', 'AGENT_PAUSE');
    expect(within(kindRow).getByTestId('kind-median')).toHaveTextContent('4.2 s');
    expect(within(kindRow).getByTestId('kind-p95')).toHaveTextContent('4.2 s');
    // the list was loaded again once the fault had healed (for the summary)
    expect(calls.filter((c) => c.path === '/jobs/12/faults').length).toBeGreaterThanOrEqual(2);
    // fault 8 was never injected: only fault 7 is drawn, on the time and the step charts
    expect(screen.getByTestId('chart-test-error')).toHaveAttribute('data-bands', '1');
    expect(screen.getByTestId('chart-test-error-step')).toHaveAttribute('data-bands', '1');
  });

  it('schedules a random plan and cancels the schedule while it runs', async () => {
    setToken('tok');
    const scheduled = [fault(20, { scheduleId: 3, kind: 'AGENT_KILL', durationMs: null }), fault(21, { scheduleId: 3 })];
    const { calls } = setup({
      'POST /lab/faults/schedules': () => json({ id: 3, jobId: 12, state: 'RUNNING', faults: scheduled }, 201),
      'DELETE /lab/faults/schedules/3': () => json({ id: 3, jobId: 12, state: 'CANCELLED', faults: scheduled.map((f) => ({ ...f, state: 'CANCELLED' })) }),
    });
    await screen.findByTestId('fault-random-form');
    fireEvent.change(screen.getByTestId('random-seed'), { target: { value: '42' } });
    fireEvent.change(screen.getByTestId('random-count'), { target: { value: '2' } });
    fireEvent.change(screen.getByTestId('random-mean'), { target: { value: '2.5' } });
    fireEvent.click(screen.getByTestId('random-kind-AGENT_PAUSE')); // off: AGENT_KILL only
    fireEvent.change(screen.getByTestId('random-max-duration'), { target: { value: '4' } });
    fireEvent.click(screen.getByTestId('random-schedule'));
    const cancel = await screen.findByTestId('schedule-cancel');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      jobId: 12,
      random: { seed: 42, count: 2, meanIntervalMs: 2500, kinds: ['AGENT_KILL'], minDurationMs: 1000, maxDurationMs: 4000 },
    });
    expect(screen.getAllByTestId('fault-row')).toHaveLength(2);
    expect(cancel).toHaveTextContent('Cancel schedule 3');
    fireEvent.click(cancel);
    await waitFor(() => expect(screen.queryByTestId('schedule-cancel')).toBeNull());
    const del = calls.find((c) => c.method === 'DELETE');
    expect(del?.path).toBe('/lab/faults/schedules/3');
    expect(del?.headers['authorization']).toBe('Bearer tok');
    expect(screen.getAllByTestId('fault-row').map((r) => r.getAttribute('data-state'))).toEqual(['CANCELLED', 'CANCELLED']);
  });

  it('says how to turn the lab on when it is off, and shows no forms', async () => {
    setup({ 'GET /lab/faults': () => json({ enabled: false, note: 'the fault lab is off', kinds: [] }) });
    expect(await screen.findByTestId('faults-off')).toHaveTextContent('EASGD_LAB_FAULTS_ENABLED=true');
    expect(screen.getByTestId('faults-off')).toHaveTextContent('bandwidth lab');
    expect(screen.queryByTestId('fault-inject-form')).toBeNull();
  });

  it('blocks injecting into a job that is not running', async () => {
    setup({ 'GET /jobs/12': () => json({ ...job, state: 'COMPLETED', finishedAt: at(60) }) });
    expect(await screen.findByTestId('faults-blocked')).toHaveTextContent('this one is COMPLETED');
    expect(screen.getByTestId('fault-inject')).toBeDisabled();
  });
});

describe('stragglers on the job page', () => {
  it('badges the rows the backend flags, and lists the straggler events; nothing without them', async () => {
    const { events } = setup({ 'GET /jobs/12/workers': () => json([worker(0, { straggler: true }), worker(1)]) });
    await waitFor(() => expect(screen.getAllByTestId('worker-row')).toHaveLength(2));
    const rows = () => screen.getAllByTestId('worker-row');
    await waitFor(() => expect(within(rows()[0]).getByTestId('worker-straggler')).toHaveTextContent('straggler'));
    expect(within(rows()[1]).queryByTestId('worker-straggler')).toBeNull();
    expect(screen.queryByTestId('stragglers')).toBeNull();
    act(() => {
      events.send('straggler', { rank: 1, agentName: 'local-2', state: 'SLOW', stepsPerSecond: 3.1, peerMedianStepsPerSecond: 30.2, at: at(20) });
      events.send('straggler', { rank: 0, agentName: 'local-1', state: 'RECOVERED', stepsPerSecond: 29, peerMedianStepsPerSecond: 30.2, at: at(21) });
    });
    await waitFor(() => expect(screen.getAllByTestId('straggler-event')).toHaveLength(2));
    const [newest, oldest] = screen.getAllByTestId('straggler-event');
    expect(newest).toHaveAttribute('data-state', 'RECOVERED');
    expect(oldest).toHaveAttribute('data-rank', '1');
    expect(oldest).toHaveTextContent('rank 1 (local-2) 3.1 steps/s against the peers\' median 30.2');
    expect(within(rows()[1]).getByTestId('worker-straggler')).toBeInTheDocument();
    expect(within(rows()[0]).queryByTestId('worker-straggler')).toBeNull();
    // a worker event without the flag keeps it
    act(() => events.send('worker', worker(1, { step: 400 })));
    await waitFor(() => expect(within(rows()[1]).getByText('400')).toBeInTheDocument());
    expect(within(rows()[1]).getByTestId('worker-straggler')).toBeInTheDocument();
  });
});
