// Small display helpers.

/** Bytes in decimal units (traffic), or binary units (memory) with `binary`. */
export function fmtBytes(n: number | null | undefined, binary = false): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const units = binary ? ['B', 'KiB', 'MiB', 'GiB', 'TiB'] : ['B', 'kB', 'MB', 'GB', 'TB'];
  const k = binary ? 1024 : 1000;
  let v = n;
  let i = 0;
  while (Math.abs(v) >= k && i < units.length - 1) {
    v /= k;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[i]}`;
}

export function fmtDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m % 60).padStart(2, '0')}m`;
}

export function fmtPercent(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(digits)}%`;
}

export function fmtNumber(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6)) return x.toExponential(2);
  return String(Number(x.toFixed(digits)));
}

export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function fmtAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const s = (now - t) / 1000;
  if (s < 1.5) return 'just now';
  return `${fmtDuration(s)} ago`;
}

/** Distinct, readable colours for worker lines (golden-angle hues). */
export function workerColor(i: number): string {
  const hue = (i * 137.508 + 200) % 360;
  return `hsl(${hue.toFixed(0)}, 65%, 42%)`;
}

export const STATE_COLORS: Record<string, string> = {
  QUEUED: '#7a7f87',
  ASSIGNING: '#b7791f',
  RUNNING: '#2b6cb0',
  COMPLETED: '#2f855a',
  FAILED: '#c53030',
  CANCELLED: '#6b46c1',
  // stopped by its sweep's search: ended, not failed (amber-brown, apart from FAILED's red and ASSIGNING's amber)
  STOPPED_EARLY: '#975a16',
  JOINED: '#2f855a',
  LOST: '#c53030',
  REPLACED: '#b7791f',
  LEFT: '#7a7f87',
  ADMITTED: '#2f855a',
  RETIRED: '#7a7f87',
  VACANT: '#a0aec0',
  IDLE: '#2f855a',
  BUSY: '#2b6cb0',
  TRAINING: '#2b6cb0',
  OFFLINE: '#7a7f87',
  // faults (the fault lab) and stragglers
  PENDING: '#7a7f87',
  ACTIVE: '#dd6b20',
  HEALING: '#b7791f',
  HEALED: '#2f855a',
  NOT_HEALED: '#9b2c2c',
  SLOW: '#dd6b20',
  RECOVERED: '#2f855a',
};

/**
 * p as the job list and detail show it: the number, or for a worker range (`workers: {min, max}`)
 * "2–8 (now 3)" with the p the job runs with now (`progress.workers`), or just "2–8" before it ran.
 */
export function fmtWorkers(
  spec: { workers?: number | { min: number; max: number } | null },
  progress?: { workers?: number | null } | null,
): string {
  const w = spec.workers;
  if (w !== null && typeof w === 'object') {
    const range = `${w.min}–${w.max}`;
    return progress?.workers != null ? `${range} (now ${progress.workers})` : range;
  }
  return w == null ? '—' : String(w);
}

/**
 * τ as the job list and detail show it: the number, or for `"tau": "auto"` "auto (now 12)" with the
 * τ the workers run with now (`progress.tau`), or just "auto" before the job ran.
 */
export function fmtTau(spec: { tau?: number | string | null }, progress?: { tau?: number | null } | null): string {
  if (spec.tau === 'auto') return progress?.tau != null ? `auto (now ${progress.tau})` : 'auto';
  return spec.tau == null ? '—' : String(spec.tau);
}
