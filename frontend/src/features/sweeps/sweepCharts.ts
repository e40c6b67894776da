import type uPlot from 'uplot';
import type { MetricsResponse } from '../../api/types';
import type { Sweep, SweepRun } from '../../api/sweeps';
import type { ChartDot, ChartSeries } from '../../components/UPlotChart';
import { STATE_COLORS, workerColor } from '../../lib/format';
import { errorOverlay } from '../../lib/metrics';

/** The series a sweep's charts need of each run (bytes are cumulative per worker). */
export const SWEEP_SERIES = ['test_error', 'bytes_up', 'bytes_down'] as const;

export interface SweepCharts {
  /** x: seconds since the run started; one y column per run. */
  time: uPlot.AlignedData;
  /** x: bytes sent + received by all the run's workers (> 0, for the log axis). */
  bytes: uPlot.AlignedData;
  series: ChartSeries[];
}

/**
 * All runs of a sweep on one chart each, as in the paper's figures: the center's test error
 * against wall time and against bytes on the wire (the workers' latest cumulative bytes_up +
 * bytes_down summed at each time). The best run is drawn thicker.
 */
export function sweepCharts(runs: readonly SweepRun[], metrics: ReadonlyMap<number, MetricsResponse>): SweepCharts {
  const { time, bytes } = errorOverlay(
    runs.map((r) => metrics.get(r.jobId)),
    1,
    true,
  );
  return {
    time,
    bytes,
    series: runs.map((r, i) => ({ label: r.best ? `★ ${r.label}` : r.label, color: workerColor(i), width: r.best ? 3 : 1.5 })),
  };
}

/** Colour of the dot where the search stopped a run (STOPPED_EARLY's). */
export const STOPPED_DOT = STATE_COLORS.STOPPED_EARLY;

export interface RungChart {
  /** x: the rungs' resource values (`at`); one y column per run decided at any rung: its test error there. */
  data: uPlot.AlignedData;
  series: ChartSeries[];
  /** Where a run was stopped: at its rung, its test error. */
  dots: ChartDot[];
}

/**
 * The search's rungs as a chart: each run's test error at each rung it was decided at, a line from
 * rung to rung, and a dot where it was stopped.
 */
export function rungChart(sweep: Pick<Sweep, 'rungs' | 'runs'>): RungChart {
  const ats = [...new Set(sweep.rungs.map((r) => r.at))].sort((a, b) => a - b);
  const at = new Map<number, Map<number, number>>(); // jobId → at → test error
  const dots: ChartDot[] = [];
  for (const rung of sweep.rungs) {
    for (const d of rung.decisions) {
      if (!at.has(d.jobId)) at.set(d.jobId, new Map());
      at.get(d.jobId)!.set(rung.at, d.testError);
      if (d.decision === 'STOPPED') dots.push({ x: rung.at, y: d.testError, color: STOPPED_DOT });
    }
  }
  const runs = sweep.runs.filter((r) => at.has(r.jobId));
  return {
    data: [ats, ...runs.map((r) => ats.map((x) => at.get(r.jobId)!.get(x) ?? null))],
    series: runs.map((r, i) => ({ label: r.best ? `★ ${r.label}` : r.label, color: workerColor(i), width: r.best ? 3 : 1.5 })),
    dots,
  };
}
