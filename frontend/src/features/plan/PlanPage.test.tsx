import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { setToken } from '../../api/token';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { PlanDetailPage, PlanNewPage, toPlanRequest, PLAN_DEFAULTS } from './PlanPage';
import { planChart, type Plan, type PlanCell } from './plan';

const cell = (workers: number, tau: number, extra: Partial<PlanCell> = {}): PlanCell => ({
  workers,
  tau,
  jobId: 100 + workers * 10 + tau,
  state: 'COMPLETED',
  secondsToTarget: null,
  reached: false,
  bestTestError: 0.12,
  note: 'not reached within the budget; best test error 0.1200',
  ...extra,
});

const plan: Plan = {
  id: 3,
  sweepId: 9,
  state: 'COMPLETED',
  createdAt: '2026-12-03T00:00:00Z',
  link: '1gbit,0.2ms',
  serverLink: null,
  targetTestError: 0.1,
  maxSteps: 300,
  workers: [1, 4],
  tau: [1, 16],
  cells: [
    cell(1, 1, { secondsToTarget: 30.5, reached: true, bestTestError: 0.09 }),
    cell(1, 16, { secondsToTarget: 28.25, reached: true, bestTestError: 0.08 }),
    cell(4, 1),
    cell(4, 16, { secondsToTarget: 9.75, reached: true, bestTestError: 0.07 }),
  ],
  fastest: null,
  summary: '4 of 4 runs done; fastest so far: p = 4, τ = 16, 9.8 virtual s to test error 0.1 over 1gbit,0.2ms',
};
plan.fastest = plan.cells[3];

function renderAt(path: string) {
  render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/plan" element={<PlanNewPage />} />
        <Route path="/plan/:id" element={<PlanDetailPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('Plan my cluster', () => {
  it('tables the virtual time to the target per (p, τ), marks the fastest and charts time over p per τ', async () => {
    mockFetch({ 'GET /plans/3': () => json(plan) });
    renderAt('/plan/3');
    expect(await screen.findByTestId('plan-table')).toBeInTheDocument();
    const cells = screen.getAllByTestId('plan-cell');
    expect(cells).toHaveLength(4);
    const at = (w: number, t: number) => cells.find((c) => c.getAttribute('data-workers') === String(w) && c.getAttribute('data-tau') === String(t))!;
    expect(at(4, 16)).toHaveTextContent('9.8 s');
    expect(at(4, 16)).toHaveClass('best');
    expect(at(4, 1)).toHaveTextContent('not reached (best 12.00%)');
    expect(at(1, 1)).toHaveTextContent('30.5 s');
    expect(screen.getByTestId('plan-fastest')).toHaveTextContent('p = 4, τ = 16, 9.8 virtual s');
    expect(screen.getByTestId('chart-plan')).toHaveAttribute('data-points', '2');
    expect(screen.getByTestId('chart-plan')).toHaveAttribute('data-x-label', 'p (workers)');
  });

  it('builds one line per τ over p, with gaps where the target was not reached', () => {
    const c = planChart(plan);
    expect(c.labels).toEqual(['τ = 1', 'τ = 16']);
    expect(c.data).toEqual([[1, 4], [30.5, null], [28.25, 9.75]]);
  });

  it('posts the form as a plan request and shows the server field errors', async () => {
    setToken('tok');
    const calls = mockFetch({
      'POST /plans': () => problem({ title: 'Bad Request', status: 400, errors: [{ field: 'link', message: 'must be "<bandwidth>,<latency>"' }] }),
    });
    renderAt('/plan');
    fireEvent.change(await screen.findByTestId('plan-link'), { target: { value: 'fast' } });
    fireEvent.change(screen.getByTestId('plan-workers'), { target: { value: '2, 8' } });
    fireEvent.click(screen.getByTestId('plan-submit'));
    await waitFor(() => expect(screen.getByTestId('plan-errors')).toHaveTextContent('link must be "<bandwidth>,<latency>"'));
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({
      spec: { algorithm: 'EAMSGD', eta: 0.1, delta: 0.9 },
      link: 'fast',
      workers: [2, 8],
      tau: [1, 4, 16],
      target: { testError: 0.08 },
      budget: { maxSteps: 300 },
    });
  });

  it('refuses a bad list before sending', () => {
    expect(toPlanRequest({ ...PLAN_DEFAULTS, tau: '1, 0' })).toEqual({ field: 'tau', message: 'must be a list of integers ≥ 1, e.g. 1, 4, 16' });
  });
});
