import { Link } from 'react-router';
import { api } from '../../api/client';
import { useAsync } from '../../api/hooks';
import { Empty, ErrorBox, Loading, StateBadge } from '../../components/Status';
import { fmtAgo, fmtBytes } from '../../lib/format';
import { EnrollmentTokens } from './EnrollmentTokens';
import { LabPanel } from './LabPanel';
import { type AgentRow, describeLocal, listLocalProcesses, LOCAL_STATE_COLORS, type LocalProcess } from './localProcesses';

export const AGENTS_REFRESH_MS = 3000;

export function AgentsPage() {
  const agents = useAsync<AgentRow[]>((signal) => api.listAgents(signal), [], AGENTS_REFRESH_MS);
  const local = useAsync<LocalProcess[]>((signal) => listLocalProcesses(signal), [], AGENTS_REFRESH_MS);
  const list = agents.data ?? [];
  const processes = local.data ?? [];
  return (
    <section className="page" data-testid="agents-page">
      <div className="page-head">
        <h1>Agents</h1>
        <div className="toolbar muted small">
          {list.length > 0 && `${list.length} connected · ${list.filter((a) => a.jobId !== null).length} busy · `}refreshes every {AGENTS_REFRESH_MS / 1000}s
        </div>
      </div>
      <LabPanel refreshMs={AGENTS_REFRESH_MS} />
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
              <th>Local process</th>
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
                <td className="small" data-testid="agent-local">{a.local ? describeLocal(a.local) : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {processes.length > 0 && <LocalProcesses processes={processes} />}
      <EnrollmentTokens />
    </section>
  );
}

/** The agent processes the backend runs itself, including those that are down or crash-looping. */
function LocalProcesses({ processes }: { processes: LocalProcess[] }) {
  return (
    <>
      <h2>Local agent processes</h2>
      {processes
        .filter((p) => p.state === 'CRASH_LOOP')
        .map((p) => (
          <ErrorBox key={p.slot} testId="local-crash-loop" message={`${p.slot} exited too often and is not restarted any more (last exit code ${p.lastExitCode ?? '—'}): see ${p.logFile}, then restart the backend.`} />
        ))}
      <table className="table" data-testid="local-table">
        <thead>
          <tr>
            <th>Slot</th>
            <th>State</th>
            <th>Pid</th>
            <th>Restarts</th>
            <th>Last exit</th>
            <th>Next restart</th>
            <th>Log</th>
          </tr>
        </thead>
        <tbody>
          {processes.map((p) => (
            <tr key={p.slot} data-testid="local-row" data-slot={p.slot}>
              <td>{p.slot}</td>
              <td data-testid="local-state">
                <span className="badge" style={{ background: LOCAL_STATE_COLORS[p.state] ?? '#555' }} data-state={p.state}>
                  {p.state}
                </span>
              </td>
              <td>{p.pid ?? '—'}</td>
              <td>{p.restarts}</td>
              <td>{p.lastExitAt ? `code ${p.lastExitCode ?? '—'}, ${fmtAgo(p.lastExitAt)}` : <span className="muted">—</span>}</td>
              <td>{p.nextRestartAt ? new Date(p.nextRestartAt).toLocaleTimeString() : <span className="muted">—</span>}</td>
              <td className="mono small">{p.logFile}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
