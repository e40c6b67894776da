import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { setToken } from '../../api/token';
import type { AuditEntry } from '../../api/types';
import { json, mockFetch } from '../../test/fetchMock';
import { AUDIT_PAGE_SIZE, AuditPage } from './AuditPage';

const entry = (id: number, action: string, targetType: string | null, targetId: string | null, detail: string | null, actor = 'api-token'): AuditEntry => ({
  id,
  at: '2026-11-25T09:00:00Z',
  actor,
  remoteAddress: '10.1.2.3',
  action,
  targetType,
  targetId,
  detail,
});

function renderAudit() {
  return render(
    <MemoryRouter>
      <AuditPage />
    </MemoryRouter>,
  );
}

describe('AuditPage', () => {
  it('needs the API token and says so without calling the API', () => {
    const calls = mockFetch({});
    renderAudit();
    expect(screen.getByTestId('audit-need-token')).toHaveTextContent('needs the API token');
    expect(calls).toHaveLength(0);
  });

  it('lists who did what to which target, newest first, and pages', async () => {
    setToken('api');
    const calls = mockFetch({
      'GET /audit': (c) =>
        c.path.includes('page=1')
          ? json({ items: [entry(1, 'job.submitted', 'job', '12', 'first job')], page: 1, size: AUDIT_PAGE_SIZE, total: AUDIT_PAGE_SIZE + 1 })
          : json({
              items: [
                entry(AUDIT_PAGE_SIZE + 1, 'agent.refused', 'agent', 'a-9', 'agent token revoked (gpu-box-1)', 'agent-token:3'),
                entry(AUDIT_PAGE_SIZE, 'agent-token.revoked', 'agent-token', '3', 'gpu-box-1'),
                ...Array.from({ length: AUDIT_PAGE_SIZE - 2 }, (_, i) => entry(AUDIT_PAGE_SIZE - 1 - i, 'sweep.submitted', 'sweep', String(i + 1), 'tau-study (4 jobs)')),
              ],
              page: 0,
              size: AUDIT_PAGE_SIZE,
              total: AUDIT_PAGE_SIZE + 1,
            }),
    });
    renderAudit();
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(calls[0].path).toBe(`/audit?page=0&size=${AUDIT_PAGE_SIZE}`);
    expect(calls[0].headers.authorization).toBe('Bearer api');
    expect(within(rows[0]).getByTestId('audit-actor')).toHaveTextContent('agent-token:3');
    expect(within(rows[0]).getByTestId('audit-action')).toHaveTextContent('agent.refused');
    expect(within(rows[0]).getByTestId('audit-target')).toHaveTextContent('agent a-9');
    expect(rows[0]).toHaveTextContent('10.1.2.3');
    expect(within(rows[1]).getByTestId('audit-target')).toHaveTextContent('agent token #3');
    expect(within(rows[2]).getByRole('link')).toHaveAttribute('href', '/sweeps/1');
    expect(screen.getByTestId('audit-paging')).toHaveTextContent(`1–${AUDIT_PAGE_SIZE} of ${AUDIT_PAGE_SIZE + 1}`);
    expect(screen.getByTestId('audit-newer')).toBeDisabled();

    fireEvent.click(screen.getByTestId('audit-older'));
    expect(await screen.findByText('first job')).toBeInTheDocument();
    const older = screen.getAllByTestId('audit-row');
    expect(older).toHaveLength(1);
    expect(within(older[0]).getByRole('link')).toHaveAttribute('href', '/jobs/12');
    expect(screen.getByTestId('audit-older')).toBeDisabled();
    expect(calls.at(-1)?.path).toBe(`/audit?page=1&size=${AUDIT_PAGE_SIZE}`);
  });
});
