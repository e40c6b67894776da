import type uPlot from 'uplot';
import type { MetricsResponse } from '../../api/types';
import type { SweepRun } from '../../api/sweeps';
import type { ChartSeries } from '../../components/UPlotChart';
import { workerColor } from '../../lib/format';
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
