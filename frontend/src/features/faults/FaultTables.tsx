import type { Fault, FaultsByKind } from '../../api/faults';
import { StateBadge } from '../../components/Status';
import { fmtDuration, fmtNumber, fmtTime } from '../../lib/format';

const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : `${fmtNumber(ms / 1000, 3)} s`);
const count = (n: number | null | undefined) => (n === null || n === undefined ? '—' : String(n));

/** "+12.3 s" after the job started, else the clock time. */
function injectedAt(iso: string | null, startMs: number | null): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (startMs !== null && t >= startMs) return `+${fmtDuration((t - startMs) / 1000)}`;
  return fmtTime(iso);
}

/** The job's faults, one row each, as they stand now. */
export function FaultsTable({ faults, startMs }: { faults: Fault[]; startMs: number | null }) {
  return (
    <table className="table" data-testid="faults-table">
      <thead>
        <tr>
          <th>#</th>
          <th>Kind</th>
          <th>Rank / agent</th>
          <th>State</th>
          <th>Injected</th>
          <th>Duration</th>
          <th title="from the injection until every live rank exchanged again after the fault ended">Heal</th>
          <th>Steps lost</th>
          <th title="uploads in flight that were never applied">Updates dropped</th>
          <th title="copies sent again and answered without being applied a second time">Resends dropped</th>
          <th>Detail</th>
        </tr>
      </thead>
      <tbody>
        {faults.map((f) => (
          <tr key={f.id} data-testid="fault-row" data-fault-id={f.id} data-state={f.state} data-kind={f.kind}>
            <td>
              {f.id}
              {f.scheduleId !== null && <div className="muted small">schedule {f.scheduleId}</div>}
            </td>
            <td>{f.kind}</td>
            <td>
              {f.rank ?? '—'}
              {f.agentName && <span className="muted"> · {f.agentName}</span>}
            </td>
            <td data-testid="fault-state">
              <StateBadge state={f.state} />
            </td>
            <td title={f.injectedAt ?? `due ${f.dueAt}`}>{injectedAt(f.injectedAt, startMs)}</td>
            <td>{f.durationMs === null ? '—' : seconds(f.durationMs)}{f.rate ? ` at ${f.rate}` : ''}</td>
            <td data-testid="fault-heal" data-heal-ms={f.healMs ?? ''}>
              {seconds(f.healMs)}
            </td>
            <td data-testid="fault-steps-lost">{count(f.stepsLost)}</td>
            <td data-testid="fault-updates-dropped">{count(f.updatesDropped)}</td>
            <td data-testid="fault-resends-dropped">{count(f.resendsDropped)}</td>
            <td className="small">{f.detail ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The server's figures by kind: how many, how many healed, median and p95 time to heal, what they cost. */
export function FaultsByKindTable({ rows }: { rows: FaultsByKind[] }) {
  return (
    <table className="table" data-testid="faults-by-kind">
      <thead>
        <tr>
          <th>Kind</th>
          <th>Count</th>
          <th>Healed</th>
          <th>Median heal</th>
          <th>p95 heal</th>
          <th>Steps lost</th>
          <th>Updates dropped</th>
          <th>Resends dropped</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.kind} data-testid="faults-kind-row" data-kind={r.kind}>
            <td>{r.kind}</td>
            <td>{r.count}</td>
            <td>{r.healed}</td>
            <td data-testid="kind-median">{seconds(r.medianHealMs)}</td>
            <td data-testid="kind-p95">{seconds(r.p95HealMs)}</td>
            <td>{r.stepsLost}</td>
            <td>{r.updatesDropped}</td>
            <td>{r.resendsDropped}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
