import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { isTerminal, type Job } from '../../api/types';
import { json, mockFetch } from '../../test/fetchMock';
import { streamResponse } from '../../test/stream';
import { JobsPage, upsertJob } from './JobsPage';

const mk = (id: number, state: Job['state'], extra: Partial<Job> = {}): Job => ({
  id,
  name: `job-${id}`,
  state,
  priority: 0,
  spec: { algorithm: 'EASGD', workers: 4, tau: 16 },
  createdAt: '2026-11-25T09:00:00Z',
  startedAt: null,
  finishedAt: null,
  progress: { step: 0, totalSteps: 2000, fraction: 0, etaSeconds: null },
  result: null,
  ...extra,
});

describe('JobsPage', () => {
  it('lists jobs and applies live job events', async () => {
    const stream = streamResponse();
    const calls = mockFetch({
      'GET /jobs': () => json({ items: [mk(2, 'RUNNING'), mk(1, 'COMPLETED', { result: { testError: 0.0612, testLoss: 0.2, bytesUp: 1, bytesDown: 1 } })], page: 0, size: 50, total: 2 }),
      'GET /jobs/stream': () => stream.response,
    });
    render(
      <MemoryRouter>
        <JobsPage />
      </MemoryRouter>,
    );
    const rows = await screen.findAllByTestId('job-row');
    expect(rows.map((r) => r.getAttribute('data-job-id'))).toEqual(['2', '1']);
    expect(screen.getAllByTestId('job-test-error')[1]).toHaveTextContent('6.12%');
    await waitFor(() => expect(calls.some((c) => c.path === '/jobs/stream')).toBe(true));

    act(() => {
      stream.send('job', mk(3, 'QUEUED'));
      stream.send('job', mk(2, 'RUNNING', { progress: { step: 1000, totalSteps: 2000, fraction: 0.5, etaSeconds: 30 } }));
    });
    await waitFor(() => expect(screen.getAllByTestId('job-row')).toHaveLength(3));
    expect(screen.getAllByTestId('job-row')[0]).toHaveAttribute('data-job-id', '3');
    expect(screen.getAllByTestId('job-progress')[1]).toHaveAttribute('data-fraction', '0.5000');
    expect(screen.getAllByTestId('job-progress')[1]).toHaveTextContent('ETA 30s');

    act(() => {
      stream.send('job', mk(4, 'RUNNING', { spec: { algorithm: 'EAMSGD', workers: 2, tau: 'auto' }, progress: { step: 5, totalSteps: 2000, fraction: 0, etaSeconds: null, tau: 12 } }));
    });
    await waitFor(() => expect(screen.getAllByTestId('job-tau')[0]).toHaveTextContent('auto (now 12)'));
    expect(screen.getAllByTestId('job-tau')[1]).toHaveTextContent('16');

    fireEvent.change(screen.getByTestId('filter-state'), { target: { value: 'RUNNING' } });
    await waitFor(() => expect(calls.some((c) => c.path.startsWith('/jobs?') && c.path.includes('state=RUNNING'))).toBe(true));
  });

  it('shows the empty state', async () => {
    mockFetch({ 'GET /jobs': () => json({ items: [], page: 0, size: 50, total: 0 }), 'GET /jobs/stream': () => new Response('', { status: 200 }) });
    render(
      <MemoryRouter>
        <JobsPage />
      </MemoryRouter>,
    );
    expect(await screen.findByTestId('jobs-empty')).toHaveTextContent('No jobs yet');
  });

  it('shows a run stopped early by its search as ended, in its own colour, and filters by it', async () => {
    const calls = mockFetch({
      'GET /jobs': () => json({ items: [mk(8, 'STOPPED_EARLY'), mk(7, 'FAILED')], page: 0, size: 50, total: 2 }),
      'GET /jobs/stream': () => new Response('', { status: 200 }),
    });
    render(
      <MemoryRouter>
        <JobsPage />
      </MemoryRouter>,
    );
    const [stopped, failed] = (await screen.findAllByTestId('job-state')).map((c) => c.querySelector('.badge') as HTMLElement);
    expect(stopped).toHaveAttribute('data-state', 'STOPPED_EARLY');
    expect(stopped).toHaveTextContent('STOPPED EARLY');
    expect(stopped.title).toMatch(/ended, not failed/);
    expect(stopped.style.background).toBe('rgb(151, 90, 22)');
    expect(stopped.style.background).not.toBe(failed.style.background);
    expect(isTerminal('STOPPED_EARLY')).toBe(true);
    const option = within(screen.getByTestId('filter-state')).getByRole('option', { name: 'STOPPED_EARLY' });
    fireEvent.change(screen.getByTestId('filter-state'), { target: { value: (option as HTMLOptionElement).value } });
    await waitFor(() => expect(calls.some((c) => c.path.includes('state=STOPPED_EARLY'))).toBe(true));
  });

  it('upsert keeps newest first and drops rows leaving the filter', () => {
    const list = [mk(2, 'RUNNING'), mk(1, 'RUNNING')];
    expect(upsertJob(list, mk(2, 'COMPLETED'), 'RUNNING').map((j) => j.id)).toEqual([1]);
    expect(upsertJob(list, mk(5, 'RUNNING'), '').map((j) => j.id)).toEqual([5, 2, 1]);
  });
});
