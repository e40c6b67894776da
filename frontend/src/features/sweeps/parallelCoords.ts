// The layout of a sweep's parallel-coordinates plot: one vertical axis per varied parameter (the keys
// of runs[].params), then the best test error and the bytes to the target; one polyline per run.
// Pure, so that tests can check where a value lands.

import type { SweepRun } from '../../api/sweeps';
import { fmtBytes, fmtNumber, fmtPercent } from '../../lib/format';

/** A numeric axis is drawn in log when its values span more than this factor (and are all > 0). */
export const LOG_SPAN = 30;
export const NO_RESULT_COLOR = '#a0aec0';

export const PC_SIZE = { axisGap: 120, marginX: 60, top: 34, bottom: 256, height: 300 } as const;
/** Where a run without a value on an axis is drawn: a slot below the axis. */
export const MISSING_Y = PC_SIZE.bottom + 22;

export type AxisScale = 'category' | 'linear' | 'log';

export interface PcTick {
  y: number;
  label: string;
}

export interface PcAxis {
  key: string;
  title: string;
  x: number;
  scale: AxisScale;
  ticks: PcTick[];
  /** What the slot below the axis means (runs without a value there), when some run has none. */
  missing?: string;
  /** The y of a value on this axis (MISSING_Y for null or unknown). */
  y: (v: string | number | null | undefined) => number;
}

export interface PcLine {
  jobId: number;
  label: string;
  points: { x: number; y: number }[];
  color: string;
  best: boolean;
  stoppedEarly: boolean;
}

export interface PcLayout {
  width: number;
  height: number;
  axes: PcAxis[];
  /** The best run last, so it is drawn on top. */
  lines: PcLine[];
  /** The best test errors the colour scale runs between (null without any). */
  errorRange: [number, number] | null;
}

const TITLES: Record<string, string> = {
  tau: 'τ',
  eta: 'η',
  beta: 'β',
  alpha: 'α',
  delta: 'δ',
  rho: 'ρ',
  workers: 'p',
  bestTestError: 'best test error',
  bytesToTarget: 'bytes to target',
};

type Value = string | number | null | undefined;

/** Colour of a best test error between the sweep's lowest (green) and highest (red); grey without one. */
export function errorColor(e: number | null, range: [number, number] | null): string {
  if (e === null || range === null) return NO_RESULT_COLOR;
  const [lo, hi] = range;
  const t = hi > lo ? (e - lo) / (hi - lo) : 0;
  return `hsl(${(130 * (1 - t)).toFixed(0)}, 70%, 40%)`;
}

/** Minimum distance in px between two tick labels of an axis. */
const TICK_GAP = 14;

/**
 * Tick values of a log axis from lo to hi: its ends, and between them the 1-2-5 values of each decade
 * (only the powers of ten when those are too many), none too close to another.
 */
export function logTicks(lo: number, hi: number, yOf: (v: number) => number): number[] {
  const nice = (steps: number[]) => {
    const out: number[] = [];
    for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) for (const m of steps) out.push(m * 10 ** k);
    return out.filter((v) => v > lo && v < hi);
  };
  const inner = nice([1, 2, 5]).length <= 5 ? nice([1, 2, 5]) : nice([1]);
  const ticks = [lo];
  for (const v of [...inner, hi]) {
    const far = Math.abs(yOf(v) - yOf(ticks[ticks.length - 1])) >= TICK_GAP;
    if (far) ticks.push(v);
    else if (v === hi) ticks[ticks.length - 1] = hi; // the end wins over a nice value next to it
  }
  return ticks;
}

/** The scale and y of one axis, over the values the runs have on it. */
function makeAxis(key: string, x: number, values: Value[], format: (v: number) => string, missing: string): PcAxis {
  const top = PC_SIZE.top;
  const bottom = PC_SIZE.bottom;
  const h = bottom - top;
  const present = values.filter((v): v is string | number => v !== null && v !== undefined);
  const hasMissing = present.length < values.length;
  const base = { key, title: TITLES[key] ?? key, x, missing: hasMissing ? missing : undefined };

  if (present.some((v) => typeof v !== 'number')) {
    const cats = [...new Set(present.map(String))];
    const yOf = (i: number) => (cats.length === 1 ? top + h / 2 : bottom - (i / (cats.length - 1)) * h);
    return {
      ...base,
      scale: 'category',
      ticks: cats.map((c, i) => ({ y: yOf(i), label: c })),
      y: (v) => (v === null || v === undefined || !cats.includes(String(v)) ? MISSING_Y : yOf(cats.indexOf(String(v)))),
    };
  }
  const nums = present as number[];
  const lo = nums.length ? Math.min(...nums) : 0;
  const hi = nums.length ? Math.max(...nums) : 1;
  const log = lo > 0 && hi / lo > LOG_SPAN;
  const f = log ? Math.log10 : (v: number) => v;
  const t = (v: number) => (hi > lo ? (f(v) - f(lo)) / (f(hi) - f(lo)) : 0.5);
  const yOf = (v: number) => bottom - t(v) * h;
  const tickValues = hi <= lo ? (nums.length ? [lo] : []) : log ? logTicks(lo, hi, yOf) : [0, 0.25, 0.5, 0.75, 1].map((q) => lo + q * (hi - lo));
  return {
    ...base,
    scale: log ? 'log' : 'linear',
    ticks: tickValues.map((v) => ({ y: yOf(v), label: format(v) })),
    y: (v) => (typeof v === 'number' && Number.isFinite(v) ? yOf(v) : MISSING_Y),
  };
}

/** Lays out every run of a sweep: the parameter axes in the order the runs name them, then the results. */
export function parallelLayout(runs: readonly SweepRun[]): PcLayout {
  const keys: string[] = [];
  for (const r of runs) for (const k of Object.keys(r.params)) if (!keys.includes(k)) keys.push(k);
  const columns: { key: string; value: (r: SweepRun) => Value; format: (v: number) => string; missing: string }[] = [
    ...keys.map((k) => ({ key: k, value: (r: SweepRun) => r.params[k], format: (v: number) => fmtNumber(v), missing: 'not set' })),
    { key: 'bestTestError', value: (r) => r.bestTestError, format: (v) => fmtPercent(v, 1), missing: 'no result' },
    { key: 'bytesToTarget', value: (r) => r.bytesToTarget, format: (v) => fmtBytes(v), missing: 'not reached' },
  ];
  const axes = columns.map((c, i) => makeAxis(c.key, PC_SIZE.marginX + i * PC_SIZE.axisGap, runs.map(c.value), c.format, c.missing));
  const errors = runs.map((r) => r.bestTestError).filter((e): e is number => e !== null);
  const errorRange: [number, number] | null = errors.length ? [Math.min(...errors), Math.max(...errors)] : null;
  const lines = runs.map((r) => ({
    jobId: r.jobId,
    label: r.label,
    points: columns.map((c, i) => ({ x: axes[i].x, y: axes[i].y(c.value(r)) })),
    color: errorColor(r.bestTestError, errorRange),
    best: r.best,
    stoppedEarly: r.state === 'STOPPED_EARLY',
  }));
  lines.sort((a, b) => Number(a.best) - Number(b.best));
  return { width: PC_SIZE.marginX * 2 + (columns.length - 1) * PC_SIZE.axisGap, height: PC_SIZE.height, axes, lines, errorRange };
}
