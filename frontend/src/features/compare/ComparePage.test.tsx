import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../api/types';
import { json, mockFetch } from '../../test/fetchMock';
import { ComparePage, parseIds } from './ComparePage';

const job = (id: number, state: Job['state'] = 'COMPLETED'): Job =>
  ({
    id,
    name: `job-${id}`,
    state,
    priority: 0,
    spec: { algorithm: 'EASGD', workers: 4, tau: 16, eta: 0.05 },
    createdAt: '2024-01-01T00:00:00Z',
    startedAt: null,
    finishedAt: null,
    progress: null,
    result: { testError: 0.05, testLoss: 0.2, bytesUp: 10, bytesDown: 10 },
  }) as Job;

function Where() {
  const l = useLocation();
  return <div data-testid="where">{l.pathname + l.search}</div>;
}

function renderCompare(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route
          path="/compare"
          element={
            <>
              <ComparePage />
              <Where />
            </>
          }
        />
      </Routes>
    </MemoryRouter>,
  );
}

describe('parseIds', () => {
  it('reads nothing from a missing or empty ids parameter (not job 0)', () => {
    expect(parseIds(null)).toEqual([]);
    expect(parseIds('')).toEqual([]);
    expect(parseIds(' , ,')).toEqual([]);
    expect(parseIds('3,x,4,3,-1,0')).toEqual([3, 4, 0]);
  });
});

describe('ComparePage', () => {
  for (const path of ['/compare', '/compare?ids=']) {
    it(`opened as ${path} shows the empty state and asks for no job`, async () => {
      const calls = mockFetch({ 'GET /jobs': () => json({ items: [job(7), job(8, 'RUNNING')], page: 0, size: 100, total: 2 }) });
      renderCompare(path);
      expect(await screen.findByTestId('compare-empty')).toHaveTextContent('Choose jobs');
      await screen.findAllByTestId('compare-job-checkbox');
      expect(screen.queryByTestId('compare-error')).toBeNull();
      expect(screen.queryByRole('alert')).toBeNull();
      expect(screen.queryByTestId('chart-compare-time')).toBeNull();
      // Only the picker's list: no GET /jobs/0 or metrics.
      expect(calls.map((c) => c.path)).toEqual(['/jobs?page=0&size=100']);
    });
  }

  it('with no jobs at all, says how to get some', async () => {
    mockFetch({ 'GET /jobs': () => json({ items: [], page: 0, size: 100, total: 0 }) });
    renderCompare('/compare');
    expect(await screen.findByTestId('compare-empty')).toHaveTextContent('No jobs yet');
    expect(screen.getByRole('link', { name: /submit/i })).toHaveAttribute('href', '/submit');
  });

  it('the quick pick selects the newest finished jobs', async () => {
    mockFetch({
      'GET /jobs': () => json({ items: [job(9, 'RUNNING'), job(8, 'CANCELLED'), job(7), job(6, 'FAILED')], page: 0, size: 100, total: 4 }),
      'GET /jobs/7': () => json(job(7)),
      'GET /jobs/6': () => json(job(6, 'FAILED')),
      'GET /jobs/7/metrics': () => json({ jobId: 7, series: [] }),
      'GET /jobs/6/metrics': () => json({ jobId: 6, series: [] }),
    });
    renderCompare('/compare');
    const quick = await screen.findByTestId('btn-compare-quick');
    expect(quick).toHaveTextContent('Compare the 2 newest finished jobs');
    fireEvent.click(quick);
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('/compare?ids=7%2C6'));
    expect(await screen.findAllByTestId('compare-row')).toHaveLength(2);
  });

  it('picking a job in the empty state selects it and draws it', async () => {
    const calls = mockFetch({
      'GET /jobs': () => json({ items: [job(7)], page: 0, size: 100, total: 1 }),
      'GET /jobs/7': () => json(job(7)),
      'GET /jobs/7/metrics': () =>
        json({ jobId: 7, series: [{ series: 'test_error', worker: null, points: [{ t: 1000, step: 10, value: 0.5 }, { t: 2000, step: 20, value: 0.3 }] }] }),
    });
    renderCompare('/compare');
    const box = await screen.findByRole('checkbox', { name: /#7 EASGD/ });
    fireEvent.click(box);
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('/compare?ids=7'));
    await waitFor(() => expect(screen.getByTestId('chart-compare-time')).toHaveAttribute('data-points', '2'));
    expect(screen.queryByTestId('compare-empty')).toBeNull();
    expect(calls.some((c) => c.path.startsWith('/jobs/7/metrics?series=test_error%2Cbytes_up%2Cbytes_down'))).toBe(true);
  });
});
