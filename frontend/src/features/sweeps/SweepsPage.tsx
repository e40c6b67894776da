import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useAsync } from '../../api/hooks';
import type { SweepCounts, SweepPage } from '../../api/sweeps';
import { Empty, ErrorBox, Loading, StateBadge } from '../../components/Status';
import { fmtTime } from '../../lib/format';

const PAGE_SIZE = 20;
/** List refresh while a sweep is running. */
export const SWEEPS_REFRESH_MS = 5_000;

/** "5/12 done · 2 running · 1 failed · 3 stopped early": ended of total, then what is not plain done. */
export function countsText(c: SweepCounts): string {
  // stoppedEarly: a backend from before searches does not send it
  const stopped = c.stoppedEarly ?? 0;
  const done = c.completed + c.failed + c.cancelled + stopped;
  const parts = [`${done}/${c.total} done`];
  if (c.running) parts.push(`${c.running} running`);
  if (c.queued) parts.push(`${c.queued} queued`);
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.cancelled) parts.push(`${c.cancelled} cancelled`);
  if (stopped) parts.push(`${stopped} stopped early`);
  return parts.join(' · ');
}

export function SweepsPage({ refreshMs = SWEEPS_REFRESH_MS }: { refreshMs?: number }) {
  const navigate = useNavigate();
  // Poll while a sweep runs (useAsync keeps the rows on screen while it refreshes).
  const [running, setRunning] = useState(false);
  const first = useAsync<SweepPage>((signal) => api.listSweeps({ size: PAGE_SIZE }, signal), [], running ? refreshMs : undefined);
  const data = first.data;
  useEffect(() => setRunning(data?.items.some((s) => s.state === 'RUNNING') ?? false), [data]);

  return (
    <section className="page" data-testid="sweeps-page">
      <div className="page-head">
        <h1>Sweeps</h1>
        <div className="toolbar">
          <button type="button" className="btn" onClick={first.reload} data-testid="btn-sweeps-refresh">
            Refresh
          </button>
          <Link className="btn btn-primary" to="/sweeps/new" data-testid="btn-new-sweep">
            New sweep
          </Link>
        </div>
      </div>
      {first.error && <ErrorBox message={first.error} onRetry={first.reload} testId="sweeps-error" />}
      {!data && first.loading && <Loading what="Loading sweeps…" />}
      {data && data.items.length === 0 && (
        <Empty testId="sweeps-empty">
          No sweeps yet. <Link to="/sweeps/new">Start one</Link>, e.g. the paper's experiment in one click.
        </Empty>
      )}
      {data && data.items.length > 0 && (
        <>
          <table className="table" data-testid="sweeps-table">
            <thead>
              <tr>
                <th>#</th>
                <th>Name</th>
                <th>Preset</th>
                <th>State</th>
                <th>Runs</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((s) => (
                <tr key={s.id} className="clickable" data-testid="sweep-row" data-sweep-id={s.id} data-state={s.state} onClick={() => navigate(`/sweeps/${s.id}`)}>
                  <td>
                    <Link to={`/sweeps/${s.id}`} onClick={(e) => e.stopPropagation()} data-testid="sweep-link">
                      {s.id}
                    </Link>
                  </td>
                  <td className="ellipsis">{s.name ?? <span className="muted">—</span>}</td>
                  <td>{s.preset ?? <span className="muted">—</span>}</td>
                  <td>
                    <StateBadge state={s.state} />
                  </td>
                  <td data-testid="sweep-counts">{countsText(s.counts)}</td>
                  <td className="nowrap">{fmtTime(s.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.total > data.items.length && (
            <p className="muted small">
              Showing the newest {data.items.length} of {data.total} sweeps.
            </p>
          )}
        </>
      )}
    </section>
  );
}
