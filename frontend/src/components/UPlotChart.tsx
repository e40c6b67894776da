import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  color: string;
  /** 'y' (left axis, default) or 'y2' (right axis). */
  scale?: 'y' | 'y2';
  width?: number;
  dash?: number[];
}

/** A vertical line on the chart at x (in the chart's x units). */
export interface ChartMarker {
  x: number;
  label: string;
  color?: string;
}

/** A span of x shaded on the chart, with a solid line where it starts and a dashed one where it ends; x1 null: up to the right edge. */
export interface ChartBand {
  x0: number;
  x1: number | null;
  label: string;
  /** Written at the end line, e.g. "healed 4.2 s". */
  endLabel?: string;
  color: string;
}

/** A point drawn as a filled circle at (x, y) on the y scale, e.g. where a run was stopped. */
export interface ChartDot {
  x: number;
  y: number;
  color: string;
}

export interface UPlotChartProps {
  testId: string;
  title: string;
  data: uPlot.AlignedData;
  series: ChartSeries[];
  xLabel: string;
  yLabel?: string;
  y2Label?: string;
  /** Formats x values on the axis and in the legend. */
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
  y2Format?: (v: number) => string;
  /** Fixed y range, e.g. [0, 1] for an error rate. */
  yRange?: [number, number];
  markers?: ChartMarker[];
  /** Spans of x shaded on the chart, e.g. a fault from its injection to its heal. */
  bands?: ChartBand[];
  /** Points marked with a dot (independent of the series). */
  dots?: ChartDot[];
  /** Logarithmic x axis (base 10); x values must be > 0. */
  xLog?: boolean;
  height?: number;
  emptyText?: string;
}

/** Draws the markers as dashed vertical lines with a small label (a uPlot draw hook). */
export function markersPlugin(getMarkers: () => ChartMarker[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u: uPlot) => {
          const markers = getMarkers();
          if (!markers.length) return;
          const { ctx } = u;
          const { left, top, width, height } = u.bbox;
          const px = uPlot.pxRatio || 1;
          ctx.save();
          ctx.lineWidth = px;
          ctx.setLineDash([4 * px, 3 * px]);
          ctx.font = `${10 * px}px system-ui, sans-serif`;
          markers.forEach((m, i) => {
            const x = Math.round(u.valToPos(m.x, 'x', true));
            if (!Number.isFinite(x) || x < left - 1 || x > left + width + 1) return;
            const color = m.color ?? '#888';
            ctx.strokeStyle = color;
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, top + height);
            ctx.stroke();
            ctx.fillStyle = color;
            ctx.fillText(m.label, x + 3 * px, top + (11 + (i % 4) * 11) * px);
          });
          ctx.restore();
        },
      ],
    },
  };
}

/**
 * Draws the bands (a uPlot draw hook) and writes how many it drew inside the plot to the chart's
 * root element as data-bands-drawn, so that a browser test can tell a band is on the canvas.
 */
export function dotsPlugin(getDots: () => ChartDot[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u: uPlot) => {
          const px = uPlot.pxRatio || 1;
          const { ctx } = u;
          ctx.save();
          for (const d of getDots()) {
            const x = u.valToPos(d.x, 'x', true);
            const y = u.valToPos(d.y, 'y', true);
            if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
            ctx.fillStyle = d.color;
            ctx.beginPath();
            ctx.arc(x, y, 4.5 * px, 0, 2 * Math.PI);
            ctx.fill();
          }
          ctx.restore();
        },
      ],
    },
  };
}

export function bandsPlugin(getBands: () => ChartBand[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u: uPlot) => {
          const bands = getBands();
          const { ctx } = u;
          const { left, top, width, height } = u.bbox;
          const right = left + width;
          const px = uPlot.pxRatio || 1;
          let drawn = 0;
          ctx.save();
          ctx.font = `${10 * px}px system-ui, sans-serif`;
          ctx.lineWidth = 1.5 * px;
          bands.forEach((b, i) => {
            const p0 = u.valToPos(b.x0, 'x', true);
            const p1 = b.x1 === null ? right : u.valToPos(b.x1, 'x', true);
            if (!Number.isFinite(p0) || !Number.isFinite(p1) || p1 < left || p0 > right) return;
            const x0 = Math.max(left, Math.round(p0));
            const x1 = Math.min(right, Math.round(p1));
            drawn++;
            ctx.fillStyle = b.color;
            ctx.globalAlpha = 0.12;
            ctx.fillRect(x0, top, Math.max(x1 - x0, px), height);
            ctx.globalAlpha = 1;
            ctx.strokeStyle = b.color;
            ctx.setLineDash([]);
            ctx.beginPath();
            ctx.moveTo(x0, top);
            ctx.lineTo(x0, top + height);
            ctx.stroke();
            const y = top + height - (6 + (i % 3) * 11) * px;
            ctx.fillText(b.label, x0 + 3 * px, y);
            if (b.x1 !== null && x1 <= right && x1 > x0) {
              ctx.setLineDash([3 * px, 2 * px]);
              ctx.beginPath();
              ctx.moveTo(x1, top);
              ctx.lineTo(x1, top + height);
              ctx.stroke();
              if (b.endLabel) ctx.fillText(b.endLabel, x1 + 3 * px, y - 11 * px);
            }
          });
          ctx.restore();
          u.root.setAttribute('data-bands-drawn', String(drawn));
        },
      ],
    },
  };
}

const valueRange: uPlot.Range.Function = (_u, min, max) =>
  min == null || max == null || !Number.isFinite(min) || !Number.isFinite(max) ? [0, 1] : (uPlot.rangeNum(min, max, 0.1, true) as uPlot.Range.MinMax);

function buildOptions(p: UPlotChartProps, width: number, getMarkers: () => ChartMarker[], getBands: () => ChartBand[], getDots: () => ChartDot[] = () => []): uPlot.Options {
  const hasY2 = p.series.some((s) => s.scale === 'y2');
  const axisFmt = (f?: (v: number) => string) => (f ? (_u: uPlot, vals: number[]) => vals.map((v) => (v === null ? '' : f(v))) : undefined);
  const axes: uPlot.Axis[] = [
    { label: p.xLabel, values: axisFmt(p.xFormat), labelSize: 18, size: 36 },
    { label: p.yLabel, values: axisFmt(p.yFormat), labelSize: 18, size: 56 },
  ];
  if (hasY2) axes.push({ label: p.y2Label, scale: 'y2', side: 1, values: axisFmt(p.y2Format), grid: { show: false }, labelSize: 18, size: 56 });
  // Explicit ranges: with no data uPlot would leave a scale without range and fail drawing its axis.
  const linearX: uPlot.Range.Function = (_u, min, max) => (min == null || max == null ? [0, 1] : min === max ? [min - 1, max + 1] : [min, max]);
  const logX: uPlot.Range.Function = (_u, min, max) =>
    min == null || max == null || !(min > 0) || !(max > 0) ? [1, 10] : (uPlot.rangeLog(min, max, 10, true) as uPlot.Range.MinMax);
  const scales: uPlot.Scales = {
    x: p.xLog ? { time: false, distr: 3, log: 10, range: logX } : { time: false, range: linearX },
    y: { range: p.yRange ?? valueRange },
  };
  if (hasY2) scales.y2 = { range: valueRange };
  return {
    width,
    height: p.height ?? 220,
    scales,
    axes,
    cursor: { drag: { x: true, y: false } },
    legend: { show: true, live: true },
    series: [
      { label: p.xLabel, value: p.xFormat ? (_u, v) => (v === null ? '—' : p.xFormat!(v)) : undefined },
      ...p.series.map<uPlot.Series>((s) => {
        const f = s.scale === 'y2' ? p.y2Format : p.yFormat;
        return {
          label: s.label,
          stroke: s.color,
          width: s.width ?? 1.5,
          dash: s.dash,
          scale: s.scale ?? 'y',
          spanGaps: true,
          points: { show: false },
          value: f ? (_u, v) => (v === null ? '—' : f(v)) : undefined,
        };
      }),
    ],
    plugins: [markersPlugin(getMarkers), bandsPlugin(getBands), dotsPlugin(getDots)],
  };
}

/**
 * One uPlot chart. The chart is created once (again only when its series or axes change) and
 * later data goes through setData(). The container exposes the number of x values as
 * data-points for browser tests.
 */
export function UPlotChart(props: UPlotChartProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const markersRef = useRef<ChartMarker[]>(props.markers ?? []);
  markersRef.current = props.markers ?? [];
  const bandsRef = useRef<ChartBand[]>(props.bands ?? []);
  bandsRef.current = props.bands ?? [];
  const dotsRef = useRef<ChartDot[]>(props.dots ?? []);
  dotsRef.current = props.dots ?? [];
  const propsRef = useRef(props);
  propsRef.current = props;

  // What needs a new chart: series, axes, scales. Data and markers do not.
  const shape = useMemo(
    () =>
      JSON.stringify({
        s: props.series,
        x: props.xLabel,
        y: props.yLabel,
        y2: props.y2Label,
        r: props.yRange,
        h: props.height,
        l: props.xLog,
      }),
    [props.series, props.xLabel, props.yLabel, props.y2Label, props.yRange, props.height, props.xLog],
  );

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const width = Math.max(200, wrap.current?.clientWidth || 600);
    const u = new uPlot(buildOptions(propsRef.current, width, () => markersRef.current, () => bandsRef.current, () => dotsRef.current), propsRef.current.data, el);
    chart.current = u;
    let ro: ResizeObserver | undefined;
    if (typeof ResizeObserver !== 'undefined' && wrap.current) {
      ro = new ResizeObserver((entries) => {
        const w = Math.floor(entries[0]?.contentRect.width ?? 0);
        if (w > 0 && Math.abs(w - u.width) > 2) u.setSize({ width: w, height: u.height });
      });
      ro.observe(wrap.current);
    }
    return () => {
      ro?.disconnect();
      u.destroy();
      chart.current = null;
    };
  }, [shape]);

  useEffect(() => {
    chart.current?.setData(props.data);
  }, [props.data]);

  useEffect(() => {
    chart.current?.redraw(false, false);
  }, [props.markers, props.bands, props.dots]);

  const n = props.data[0]?.length ?? 0;
  return (
    <figure className="chart" data-testid={props.testId} data-points={n} data-markers={props.markers?.length ?? 0} data-bands={props.bands?.length ?? 0} data-dots={props.dots?.length ?? 0} data-x-label={props.xLabel}>
      <figcaption className="chart-title">{props.title}</figcaption>
      <div className="chart-wrap" ref={wrap}>
        <div ref={host} />
        {n === 0 && <div className="chart-empty">{props.emptyText ?? 'No data yet'}</div>}
      </div>
    </figure>
  );
}
