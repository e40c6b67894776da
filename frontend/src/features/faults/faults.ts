// What the job page does with the fault lab's answers: one row per fault whichever way it came
// (the list loaded with the page, a POST's answer, the stream), and which schedules still run.

import { ApiError, errorMessage } from '../../api/client';
import type { Fault, FaultState } from '../../api/faults';

/** The states in the order a fault goes through them; the last four are where it ends. */
const PROGRESS: Record<FaultState, number> = { PENDING: 0, ACTIVE: 1, HEALING: 2, HEALED: 3, NOT_HEALED: 3, FAILED: 3, CANCELLED: 3 };

export const isOpen = (f: Pick<Fault, 'state'>): boolean => PROGRESS[f.state] < 3;

/**
 * The faults with `incoming` merged in, one per id, in id order. The list loaded with the page and
 * the stream (which replays from its first event) can arrive in either order, so a fault never
 * moves back to an earlier state: an older copy is dropped, an equally advanced one replaces it.
 */
export function mergeFault(faults: readonly Fault[], incoming: Fault): Fault[] {
  const i = faults.findIndex((f) => f.id === incoming.id);
  if (i < 0) return [...faults, incoming].sort((a, b) => a.id - b.id);
  if ((PROGRESS[incoming.state] ?? 0) < (PROGRESS[faults[i].state] ?? 0)) return faults as Fault[];
  const out = faults.slice();
  out[i] = incoming;
  return out;
}

export const mergeFaults = (faults: readonly Fault[], incoming: readonly Fault[]): Fault[] =>
  incoming.reduce<Fault[]>((acc, f) => mergeFault(acc, f), faults.slice());

/** The schedules that still have faults to come or to heal (their cancel button is shown). */
export function runningSchedules(faults: readonly Fault[]): number[] {
  return [...new Set(faults.filter((f) => f.scheduleId !== null && isOpen(f)).map((f) => f.scheduleId!))].sort((a, b) => a - b);
}

/**
 * An error of a fault lab call as the panel shows it: the problem's detail, and each field error
 * the detail does not already name ("durationMs: is required for AGENT_PAUSE ...").
 */
export function problemMessage(e: unknown): string {
  const base = errorMessage(e);
  const fields = e instanceof ApiError ? (e.problem?.errors ?? []) : [];
  const extra = fields.map((f) => `${f.field}: ${f.message}`).filter((t) => !base.includes(t) && !base.includes(t.slice(t.indexOf(': ') + 2)));
  return [base, ...extra].join(' · ');
}
