import { apiJson } from '../../api/client';
import type { Agent, LocalProcess } from '../../api/types';

export type { LocalProcess };

/** An agent row; `local` is set when the backend runs the agent itself. */
export type AgentRow = Agent;

export const LOCAL_STATE_COLORS: Record<string, string> = {
  RUNNING: '#2f855a',
  RESTARTING: '#b7791f',
  CRASH_LOOP: '#c53030',
  STOPPED: '#7a7f87',
};

/** The local agent processes; [] when the backend has none or does not know the endpoint. */
export async function listLocalProcesses(signal?: AbortSignal): Promise<LocalProcess[]> {
  try {
    return (await apiJson<LocalProcess[]>('/agents/local', { signal })) ?? [];
  } catch (e) {
    if (signal?.aborted) throw e;
    return [];
  }
}

/** "pid 4242 · 1 restart · last exit 137", for an agent row. */
export function describeLocal(l: LocalProcess): string {
  const parts = [l.slot];
  if (l.pid !== null) parts.push(`pid ${l.pid}`);
  parts.push(`${l.restarts} restart${l.restarts === 1 ? '' : 's'}`);
  if (l.lastExitCode !== null) parts.push(`last exit ${l.lastExitCode}`);
  return parts.join(' · ');
}
