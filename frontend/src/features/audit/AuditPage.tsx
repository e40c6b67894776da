import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useAsync } from '../../api/hooks';
import { useToken } from '../../api/token';
import type { AuditEntry, AuditPage as AuditPageData } from '../../api/types';
import { Empty, ErrorBox, Loading } from '../../components/Status';
import { fmtTime } from '../../lib/format';

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_REFRESH_MS = 10000;

/** GET /audit: who did what to which target, when; newest first, paged. Needs the API token even when reads are open. */
export function AuditPage() {
  const token = useToken();
  const [page, setPage] = useState(0);
  return (
    <section className="page" data-testid="audit-page">
      <div className="page-head">
        <h1>Audit</h1>
        <div className="toolbar muted small">jobs and sweeps submitted or cancelled, enrollment tokens created or revoked, agents refused</div>
      </div>
      {token ? <Trail page={page} setPage={setPage} /> : <Empty testId="audit-need-token">The audit trail needs the API token: paste it at the top.</Empty>}
    </section>
  );
}

function Trail({ page, setPage }: { page: number; setPage: (p: number) => void }) {
  const audit = useAsync<AuditPageData>((signal) => api.listAudit({ page, size: AUDIT_PAGE_SIZE }, signal), [page], AUDIT_REFRESH_MS);
  const data = audit.data;
  const first = page * AUDIT_PAGE_SIZE;
  return (
    <>
      {audit.error && <ErrorBox message={audit.error} onRetry={audit.reload} testId="audit-error" />}
      {!data && audit.loading && <Loading what="Loading the audit trail…" />}
      {data && data.items.length === 0 && <Empty testId="audit-empty">Nothing recorded yet.</Empty>}
      {data && data.items.length > 0 && (
        <>
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>From</th>
                <th>What</th>
                <th>Target</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((e) => (
                <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                  <td className="nowrap" title={e.at}>{fmtTime(e.at)}</td>
                  <td className="mono" data-testid="audit-actor">{e.actor}</td>
                  <td className="mono">{e.remoteAddress ?? '—'}</td>
                  <td className="mono" data-testid="audit-action">{e.action}</td>
                  <td data-testid="audit-target"><Target entry={e} /></td>
                  <td data-testid="audit-detail">{e.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="toolbar small" data-testid="audit-paging">
            <button type="button" className="btn btn-small" disabled={page === 0} onClick={() => setPage(page - 1)} data-testid="audit-newer">
              Newer
            </button>
            <span className="muted">
              {first + 1}–{first + data.items.length} of {data.total}
            </span>
            <button type="button" className="btn btn-small" disabled={first + data.items.length >= data.total} onClick={() => setPage(page + 1)} data-testid="audit-older">
              Older
            </button>
          </div>
        </>
      )}
    </>
  );
}

function Target({ entry }: { entry: AuditEntry }) {
  const { targetType: type, targetId: id } = entry;
  if (!type || !id) return <span className="muted">—</span>;
  if (type === 'job') return <Link to={`/jobs/${id}`}>job #{id}</Link>;
  if (type === 'sweep') return <Link to={`/sweeps/${id}`}>sweep #{id}</Link>;
  if (type === 'agent-token') return <span>agent token #{id}</span>;
  return (
    <span>
      {type} <span className="mono">{id}</span>
    </span>
  );
}
