import type { ChartBand } from '../../components/UPlotChart';
import { stepAt } from '../../lib/metrics';
import type { MetricPoint } from '../../api/types';
import type { Fault, FaultKind } from '../../api/faults';

export const FAULT_COLORS: Record<FaultKind, string> = {
  AGENT_KILL: '#c53030',
  AGENT_PAUSE: '#dd6b20',
  LINK_CUT: '#b7791f',
  LINK_SLOW: '#d69e2e',
  BACKEND_RESTART: '#6b46c1',
  BACKEND_KILL: '#553c9a',
  POSTGRES_RESTART: '#2c7a7b',
};

const ms = (iso: string | null): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

/** "AGENT_PAUSE r0", "BACKEND_KILL". */
export const faultLabel = (f: Pick<Fault, 'kind' | 'rank'>): string => (f.rank !== null && f.rank !== undefined ? `${f.kind} r${f.rank}` : f.kind);

/**
 * Each injected fault as a band on a chart whose x is seconds since the job started (the metrics'
 * t = 0 is the job's startedAt, as for the timeline's markers): from its injection to its heal.
 * A fault still in force or healing is open (x1 null: up to the right edge); one that ended without
 * healing ends where it was undone, or is a line at its injection. Faults never injected are not drawn.
 */
export function faultMarks(faults: readonly Fault[], startMs: number | null): ChartBand[] {
  if (startMs === null) return [];
  const out: ChartBand[] = [];
  for (const f of faults) {
    const injected = ms(f.injectedAt);
    if (injected === null) continue;
    const x0 = (injected - startMs) / 1000;
    const healed = ms(f.healedAt);
    let x1: number | null;
    let endLabel: string | undefined;
    if (healed !== null) {
      x1 = (healed - startMs) / 1000;
      endLabel = f.healMs !== null ? `healed ${(f.healMs / 1000).toFixed(1)} s` : 'healed';
    } else if (f.state === 'ACTIVE' || f.state === 'HEALING' || f.state === 'PENDING') {
      x1 = null;
    } else {
      const undone = ms(f.undoneAt);
      x1 = undone !== null ? (undone - startMs) / 1000 : x0;
      endLabel = f.state;
    }
    out.push({ x0, x1, label: faultLabel(f), endLabel, color: FAULT_COLORS[f.kind] ?? '#c53030' });
  }
  return out;
}

/**
 * The same bands on a step axis: each end at the step the job was at then, interpolated from a
 * series' (t, step) pairs (the charts' test error; t in ms since start). Nothing without points.
 */
export function bandsOnSteps(bands: readonly ChartBand[], ref: readonly MetricPoint[]): ChartBand[] {
  if (ref.length === 0) return [];
  const step = (x: number) => stepAt(ref, x * 1000);
  return bands.flatMap((b) => {
    const x0 = step(b.x0);
    if (x0 === null) return [];
    return [{ ...b, x0, x1: b.x1 === null ? null : step(b.x1) }];
  });
}
