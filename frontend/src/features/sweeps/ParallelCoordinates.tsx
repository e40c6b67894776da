import { useMemo, useState } from 'react';
import type { SweepRun } from '../../api/sweeps';
import { fmtPercent } from '../../lib/format';
import { MISSING_Y, NO_RESULT_COLOR, PC_SIZE, errorColor, parallelLayout, type PcAxis } from './parallelCoords';

function Axis({ axis }: { axis: PcAxis }) {
  return (
    <g data-testid="pc-axis" data-key={axis.key} data-scale={axis.scale}>
      <line x1={axis.x} x2={axis.x} y1={PC_SIZE.top} y2={PC_SIZE.bottom} stroke="#4a5568" />
      <text x={axis.x} y={PC_SIZE.top - 14} textAnchor="middle" fontSize={12} fontWeight={600}>
        {axis.title}
        {axis.scale === 'log' ? ' (log)' : ''}
      </text>
      {axis.ticks.map((t) => (
        <g key={`${t.label}-${t.y}`}>
          <line x1={axis.x - 4} x2={axis.x} y1={t.y} y2={t.y} stroke="#4a5568" />
          <text x={axis.x - 6} y={t.y + 3} textAnchor="end" fontSize={10} fill="#4a5568" data-testid="pc-tick">
            {t.label}
          </text>
        </g>
      ))}
      {axis.missing && (
        <text x={axis.x} y={MISSING_Y + 14} textAnchor="middle" fontSize={9} fill="#718096">
          {axis.missing}
        </text>
      )}
    </g>
  );
}

function Legend({ range }: { range: [number, number] | null }) {
  return (
    <div className="pc-legend small muted" data-testid="pc-legend">
      {range && (
        <span>
          best test error <span className="pc-swatch" style={{ background: errorColor(range[0], range) }} /> {fmtPercent(range[0])} …{' '}
          <span className="pc-swatch" style={{ background: errorColor(range[1], range) }} /> {fmtPercent(range[1])}
        </span>
      )}
      <span>
        <span className="pc-swatch" style={{ background: NO_RESULT_COLOR }} /> no result yet
      </span>
      <span>
        <svg width="28" height="8" aria-hidden="true">
          <line x1="0" x2="28" y1="4" y2="4" stroke="#4a5568" strokeWidth="2" strokeDasharray="5 3" />
        </svg>{' '}
        stopped early
      </span>
      <span>
        <svg width="28" height="8" aria-hidden="true">
          <line x1="0" x2="28" y1="4" y2="4" stroke="#4a5568" strokeWidth="4" />
        </svg>{' '}
        ★ best run
      </span>
    </div>
  );
}

/**
 * Every run of a sweep on parallel axes, one per varied parameter and then its best test error and
 * bytes to the target: categorical parameters evenly spaced, numbers linear (log when they span more
 * than 30×). Lines are coloured by best test error (grey without one), the best run thick, runs the
 * search stopped dashed; hovering one names it. Plain SVG: a few dozen lines need no chart library.
 */
export function ParallelCoordinates({ runs }: { runs: readonly SweepRun[] }) {
  const layout = useMemo(() => parallelLayout(runs), [runs]);
  const [hover, setHover] = useState<{ jobId: number; text: string } | null>(null);
  return (
    <figure className="chart pc" data-testid="parallel-coords">
      <figcaption>
        Every run across the parameters it varied, and its results{' '}
        <span className="muted small" data-testid="pc-hover">
          {hover?.text ?? 'hover a line to name its run'}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${layout.width} ${layout.height}`} width="100%" style={{ maxWidth: layout.width }} role="img" aria-label="parallel coordinates of the runs">
        {layout.axes.map((a) => (
          <Axis key={a.key} axis={a} />
        ))}
        {layout.lines.map((l) => (
          <polyline
            key={l.jobId}
            data-testid="pc-line"
            data-job-id={l.jobId}
            data-best={l.best}
            data-stopped={l.stoppedEarly}
            points={l.points.map((p) => `${p.x},${p.y.toFixed(1)}`).join(' ')}
            fill="none"
            stroke={l.color}
            strokeWidth={l.best ? 4 : hover?.jobId === l.jobId ? 3 : 1.6}
            strokeOpacity={hover && hover.jobId !== l.jobId ? 0.35 : 0.9}
            strokeDasharray={l.stoppedEarly ? '5 3' : undefined}
            onMouseEnter={() => setHover({ jobId: l.jobId, text: `${l.best ? '★ ' : ''}#${l.jobId} ${l.label}` })}
            onMouseLeave={() => setHover(null)}
          >
            <title>{`${l.best ? '★ ' : ''}#${l.jobId} ${l.label}`}</title>
          </polyline>
        ))}
      </svg>
      <Legend range={layout.errorRange} />
    </figure>
  );
}
