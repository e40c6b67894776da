import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { json, mockFetch } from '../../test/fetchMock';
import { AgentsPage } from './AgentsPage';
import type { AgentRow, LocalProcess } from './localProcesses';

const proc = (slot: string, extra: Partial<LocalProcess> = {}): LocalProcess => ({
  slot,
  state: 'RUNNING',
  pid: 4242,
  restarts: 0,
  lastExitCode: null,
  lastExitAt: null,
  nextRestartAt: null,
  logFile: `/data/logs/agent-${slot.slice(6)}.log`,
  ...extra,
});

const agent = (name: string, local: LocalProcess | null): AgentRow => ({
  id: `id-${name}`,
  name,
  state: 'IDLE',
  jobId: null,
  rank: null,
  capabilities: { cores: 2, memoryBytes: 2 ** 31, backend: 'CPU', gpuName: null, gpuMemoryBytes: null },
  connectedAt: '2026-11-25T09:00:00Z',
  lastHeartbeatAt: '2026-11-25T09:00:00Z',
  local,
});

describe('AgentsPage', () => {
  it('shows each agent and, for local ones, their process; crash-looping processes are reported', async () => {
    const one = proc('local-1', { pid: 4343, restarts: 1, lastExitCode: 137, lastExitAt: '2026-11-25T09:00:00Z' });
    const two = proc('local-2', { state: 'CRASH_LOOP', pid: null, restarts: 4, lastExitCode: 1, lastExitAt: '2026-11-25T09:00:00Z' });
    mockFetch({
      'GET /agents': () => json([agent('local-1', one), agent('remote', null)]),
      'GET /agents/local': () => json([one, two]),
    });
    render(
      <MemoryRouter>
        <AgentsPage />
      </MemoryRouter>,
    );
    const rows = await screen.findAllByTestId('agent-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByTestId('agent-local')).toHaveTextContent('local-1 · pid 4343 · 1 restart · last exit 137');
    expect(within(rows[1]).getByTestId('agent-local')).toHaveTextContent('—');

    const local = await screen.findAllByTestId('local-row');
    expect(local.map((r) => r.getAttribute('data-slot'))).toEqual(['local-1', 'local-2']);
    expect(within(local[1]).getByTestId('local-state')).toHaveTextContent('CRASH_LOOP');
    expect(screen.getByTestId('local-crash-loop')).toHaveTextContent('/data/logs/agent-2.log');
  });

  it('works with a backend without local agents or without the endpoint', async () => {
    mockFetch({ 'GET /agents': () => json([agent('remote', null)]) });
    render(
      <MemoryRouter>
        <AgentsPage />
      </MemoryRouter>,
    );
    expect(await screen.findAllByTestId('agent-row')).toHaveLength(1);
    expect(screen.queryByTestId('local-table')).toBeNull();
    expect(screen.queryByTestId('agents-error')).toBeNull();
  });
});
