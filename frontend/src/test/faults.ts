import type { Fault } from '../api/faults';

/** t = 0 of the test job (its startedAt). */
export const start = Date.parse('2026-11-25T09:00:00.000Z');
/** The ISO instant s seconds after the job started. */
export const at = (s: number) => new Date(start + s * 1000).toISOString();

/** A fault of job 12 (AGENT_PAUSE of rank 0 for 3 s, PENDING) with `extra` over it. */
export function fault(id: number, extra: Partial<Fault> = {}): Fault {
  return {
    id,
    jobId: 12,
    scheduleId: null,
    kind: 'AGENT_PAUSE',
    rank: 0,
    agentName: 'local-1',
    durationMs: 3000,
    rate: null,
    state: 'PENDING',
    dueAt: at(10),
    injectedAt: null,
    undoneAt: null,
    healedAt: null,
    healMs: null,
    stepsLost: null,
    updatesDropped: null,
    resendsDropped: null,
    detail: null,
    ...extra,
  };
}
