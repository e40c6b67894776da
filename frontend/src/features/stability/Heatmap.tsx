/** One grid of spectral radii as SVG rects: x = eta (columns), y = the second axis (rows, up), colour = radius. */
export interface HeatmapProps {
  title: string;
  /** Axis names as shown, e.g. 'η' and 'α'. */
  xName: string;
  yName: string;
  xs: number[];
  ys: number[];
  /** radius[i][j] at (xs[i], ys[j]). */
  radius: number[][];
  /** Cells to mark (ADMM diverges, EASGD does not); same indexing. */
  marked?: boolean[][];
  markedLabel?: string;
  testId: string;
}

const CELL = 8;
const LEFT = 56;
const BOTTOM = 36;
const TOP = 8;

/**
 * Converging cells (radius < 1) from dark blue (fast, radius near 0) to pale blue (near 1); diverging cells
 * (radius > 1) from orange to dark red on a log scale (a radius of 2 or more is darkest).
 */
export function radiusColor(r: number): string {
  if (!Number.isFinite(r)) return 'rgb(90,0,0)';
  if (r <= 1) {
    const t = Math.max(0, Math.min(1, r));
    const light = 25 + 65 * t;
    return `hsl(215, 70%, ${light.toFixed(1)}%)`;
  }
  const t = Math.max(0, Math.min(1, Math.log(r) / Math.log(2)));
  const light = 60 - 35 * Math.sqrt(t);
  return `hsl(${(30 - 30 * t).toFixed(1)}, 90%, ${light.toFixed(1)}%)`;
}

export function fmtAxis(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-4 && a < 1000 ? String(Number(v.toPrecision(3))) : v.toExponential(1);
}

export function Heatmap({ title, xName, yName, xs, ys, radius, marked, markedLabel, testId }: HeatmapProps) {
  const w = xs.length * CELL;
  const h = ys.length * CELL;
  const ticks = (vals: number[]) => [...new Set([0, Math.floor((vals.length - 1) / 2), vals.length - 1])];
  const diverging = radius.reduce((n, row) => n + row.filter((r) => r > 1 + 1e-9).length, 0);
  return (
    <figure className="stability-map" data-testid={testId} style={{ margin: 0 }}>
      <figcaption>
        <strong>{title}</strong>{' '}
        <span className="muted small" data-testid={`${testId}-summary`}>
          diverges in {diverging} of {xs.length * ys.length} cells
        </span>
      </figcaption>
      <svg width={LEFT + w + 28} height={TOP + h + BOTTOM} role="img" aria-label={title}>
        <g transform={`translate(${LEFT},${TOP})`}>
          {radius.map((row, i) =>
            row.map((r, j) => {
              const mark = marked?.[i]?.[j] ?? false;
              return (
                <rect
                  key={`${i}-${j}`}
                  x={i * CELL}
                  y={h - (j + 1) * CELL}
                  width={CELL}
                  height={CELL}
                  fill={radiusColor(r)}
                  stroke={mark ? '#111' : 'none'}
                  strokeWidth={mark ? 1 : 0}
                  data-testid={`${testId}-cell`}
                  data-radius={r}
                  data-marked={mark ? 'true' : undefined}
                >
                  <title>{`${xName} = ${fmtAxis(xs[i])}, ${yName} = ${fmtAxis(ys[j])}: radius ${r.toFixed(6)}${mark ? ` — ${markedLabel ?? ''}` : ''}`}</title>
                </rect>
              );
            }),
          )}
          {ticks(xs).map((i) => (
            <text key={`x${i}`} x={i * CELL + CELL / 2} y={h + 14} fontSize={10} textAnchor="middle">
              {fmtAxis(xs[i])}
            </text>
          ))}
          {ticks(ys).map((j) => (
            <text key={`y${j}`} x={-4} y={h - j * CELL - CELL / 2 + 3} fontSize={10} textAnchor="end">
              {fmtAxis(ys[j])}
            </text>
          ))}
          <text x={w / 2} y={h + 30} fontSize={12} textAnchor="middle">
            {xName}
          </text>
          <text x={-40} y={h / 2} fontSize={12} textAnchor="middle" transform={`rotate(-90 ${-40} ${h / 2})`}>
            {yName}
          </text>
        </g>
      </svg>
    </figure>
  );
}
