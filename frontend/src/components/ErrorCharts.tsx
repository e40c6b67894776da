import type uPlot from 'uplot';
import { fmtBytes, fmtNumber } from '../lib/format';
import { UPlotChart, type ChartSeries } from './UPlotChart';

interface Props {
  /** `${testIdPrefix}-time` and `${testIdPrefix}-bytes`. */
  testIdPrefix: string;
  timeTitle: string;
  bytesTitle: string;
  time: uPlot.AlignedData;
  bytes: uPlot.AlignedData;
  series: ChartSeries[];
  /** `MB`: a linear axis in megabytes; `log`: a log axis in bytes. */
  bytesAxis: 'MB' | 'log';
  height: number;
  className?: string;
  /** The time axis' label: "time (s)" (wall) unless the runs are simulated ("virtual s"). */
  timeLabel?: string;
}

const percent = (v: number) => `${(v * 100).toFixed(1)}%`;

/** The paper's two figures for a set of runs: center test error against wall time and against bytes on the wire. */
export function ErrorCharts({ testIdPrefix, timeTitle, bytesTitle, time, bytes, series, bytesAxis, height, className, timeLabel }: Props) {
  const log = bytesAxis === 'log';
  return (
    <div className={className ?? 'charts-grid'}>
      <UPlotChart
        testId={`${testIdPrefix}-time`}
        title={timeTitle}
        data={time}
        series={series}
        xLabel={timeLabel ?? 'time (s)'}
        yLabel="test error"
        xFormat={(v) => `${fmtNumber(v, 1)}s`}
        yFormat={percent}
        height={height}
      />
      <UPlotChart
        testId={`${testIdPrefix}-bytes`}
        title={bytesTitle}
        data={bytes}
        series={series}
        xLabel={log ? 'bytes sent + received (all workers)' : 'MB sent + received (all workers)'}
        yLabel="test error"
        xLog={log}
        xFormat={log ? (v) => fmtBytes(v) : (v) => `${fmtNumber(v, 2)} MB`}
        yFormat={percent}
        height={height}
      />
    </div>
  );
}
