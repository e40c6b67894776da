import type { StragglerEvent } from '../../api/types';
import { StateBadge } from '../../components/Status';
import { fmtNumber, fmtTime } from '../../lib/format';

/** The job's `straggler` events, newest first; nothing when there are none (or the backend sends none). */
export function Stragglers({ events }: { events: StragglerEvent[] }) {
  if (events.length === 0) return null;
  return (
    <div className="stragglers" data-testid="stragglers">
      <h3>Stragglers</h3>
      <ol className="timeline">
        {[...events].reverse().map((e, i) => (
          <li key={`${events.length - i}`} data-testid="straggler-event" data-rank={e.rank} data-state={e.state}>
            <span className="tl-time">{e.at ? fmtTime(e.at) : ''}</span> <StateBadge state={e.state} /> rank {e.rank}
            {e.agentName && <span className="muted"> ({e.agentName})</span>}
            {e.stepsPerSecond != null && (
              <span className="muted">
                {' '}
                {fmtNumber(e.stepsPerSecond, 3)} steps/s
                {e.peerMedianStepsPerSecond != null && ` against the peers' median ${fmtNumber(e.peerMedianStepsPerSecond, 3)}`}
              </span>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
