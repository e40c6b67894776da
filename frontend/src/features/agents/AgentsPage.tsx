import { Link } from 'react-router';
import { api } from '../../api/client';
import { useAsync } from '../../api/hooks';
import type { Agent } from '../../api/types';
import { Empty, ErrorBox, Loading, StateBadge } from '../../components/Status';
import { fmtAgo, fmtBytes } from '../../lib/format';

export const AGENTS_REFRESH_MS = 3000;

export function AgentsPage() {
  const agents = useAsync<Agent[]>((signal) => api.listAgents(signal), [], AGENTS_REFRESH_MS);
  const list = agents.data ?? [];
  return (
    <section className="page" data-testid="agents-page">
      <div className="page-head">
        <h1>Agents</h1>
        <div className="toolbar muted small">
          {list.length > 0 && `${list.length} connected · ${list.filter((a) => a.jobId !== null).length} busy · `}refreshes every {AGENTS_REFRESH_MS / 1000}s
        </div>
      </div>
      {agents.error && <ErrorBox message={agents.error} onRetry={agents.reload} testId="agents-error" />}
      {!agents.data && agents.loading && <Loading what="Loading agents…" />}
      {agents.data && list.length === 0 && <Empty testId="agents-empty">No agents connected. Start one with the agent command; it shows up here.</Empty>}
      {list.length > 0 && (
        <table className="table" data-testid="agents-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Id</th>
              <th>State</th>
              <th>Current job</th>
              <th>Rank</th>
              <th>Cores</th>
              <th>Memory</th>
              <th>Backend</th>
              <th>GPU</th>
              <th>Connected</th>
              <th>Heartbeat</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.id} data-testid="agent-row" data-agent-id={a.id}>
                <td>{a.name}</td>
                <td className="mono">{a.id}</td>
                <td data-testid="agent-state">
                  <StateBadge state={a.state} />
                </td>
                <td>{a.jobId !== null && a.jobId !== undefined ? <Link to={`/jobs/${a.jobId}`}>#{a.jobId}</Link> : <span className="muted">—</span>}</td>
                <td>{a.rank ?? '—'}</td>
                <td>{a.capabilities?.cores ?? '—'}</td>
                <td>{fmtBytes(a.capabilities?.memoryBytes, true)}</td>
                <td>{a.capabilities?.backend ?? '—'}</td>
                <td>{a.capabilities?.gpuName ? `${a.capabilities.gpuName} (${fmtBytes(a.capabilities.gpuMemoryBytes, true)})` : <span className="muted">—</span>}</td>
                <td>{fmtAgo(a.connectedAt)}</td>
                <td>{fmtAgo(a.lastHeartbeatAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
