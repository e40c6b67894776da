import { type FormEvent, useState } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import { useAsync } from '../../api/hooks';
import { useToken } from '../../api/token';
import type { AgentToken, CreatedAgentToken } from '../../api/types';
import { Empty, ErrorBox, Loading } from '../../components/Status';
import { fmtAgo, fmtTime } from '../../lib/format';
import { agentCommand, agentServerUrl } from './agentCommand';

export const TOKENS_REFRESH_MS = 5000;

/**
 * Per-agent enrollment tokens (POST/GET/DELETE /agent-tokens, all behind the API token): create one
 * per machine, copy it and the agent's command line once, see which agent uses it, revoke it.
 */
export function EnrollmentTokens() {
  const apiToken = useToken();
  return (
    <section className="enrollment-tokens" data-testid="enrollment-tokens">
      <h2>Enrollment tokens</h2>
      <p className="muted small">
        One token per agent machine: revoking it disconnects that agent at once and keeps it out, without touching the others.
        The shared agent token keeps working for the local agents.
      </p>
      {apiToken ? (
        <TokenManager />
      ) : (
        <Empty testId="tokens-need-api-token">Paste the API token at the top to create, list and revoke enrollment tokens.</Empty>
      )}
    </section>
  );
}

function TokenManager() {
  const tokens = useAsync<AgentToken[]>((signal) => api.listAgentTokens(signal), [], TOKENS_REFRESH_MS);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedAgentToken | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setNameError(null);
    setFormError(null);
    try {
      const t = await api.createAgentToken(name.trim());
      setCreated(t);
      setName('');
      tokens.reload();
    } catch (err) {
      const field = err instanceof ApiError ? err.problem?.errors?.find((f) => f.field === 'name') : undefined;
      if (field) setNameError(field.message);
      else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (id: number) => {
    setRevokeError(null);
    try {
      const revoked = await api.revokeAgentToken(id);
      tokens.setData((old) => old?.map((t) => (t.id === id ? revoked : t)));
      setConfirming(null);
      tokens.reload();
    } catch (err) {
      setRevokeError(errorMessage(err));
    }
  };

  const list = tokens.data ?? [];
  return (
    <>
      <form className="toolbar token-create" onSubmit={create} data-testid="token-create-form">
        <label htmlFor="token-name">Agent name</label>
        <input
          id="token-name"
          data-testid="token-name"
          value={name}
          placeholder="gpu-box-1"
          onChange={(e) => setName(e.target.value)}
          aria-invalid={nameError ? true : undefined}
        />
        <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()} data-testid="token-create">
          Create token
        </button>
        {nameError && (
          <span className="field-error" data-testid="token-name-error">
            {nameError}
          </span>
        )}
      </form>
      {formError && <ErrorBox message={formError} testId="token-create-error" />}
      {created && <CreatedToken token={created} onDone={() => setCreated(null)} />}
      {tokens.error && <ErrorBox message={tokens.error} onRetry={tokens.reload} testId="tokens-error" />}
      {revokeError && <ErrorBox message={revokeError} testId="token-revoke-error" />}
      {!tokens.data && tokens.loading && <Loading what="Loading enrollment tokens…" />}
      {tokens.data && list.length === 0 && <Empty testId="tokens-empty">No enrollment tokens yet.</Empty>}
      {list.length > 0 && (
        <table className="table" data-testid="tokens-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Id</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Connected agent</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((t) => (
              <tr key={t.id} data-testid="token-row" data-token-id={t.id}>
                <td>{t.name}</td>
                <td className="mono">{t.id}</td>
                <td title={t.createdAt}>
                  {fmtTime(t.createdAt)} <span className="muted small">by {t.createdBy}</span>
                </td>
                <td>{fmtAgo(t.lastUsedAt)}</td>
                <td data-testid="token-agents">
                  {t.connectedAgents.length ? (
                    t.connectedAgents.map((a) => (
                      <div key={a.id}>
                        {a.name} <span className="muted small mono">{a.id}{a.remoteAddress ? ` · ${a.remoteAddress}` : ''}</span>
                      </div>
                    ))
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td data-testid="token-status">
                  {t.revokedAt ? (
                    <span className="error-text">revoked {fmtTime(t.revokedAt)}{t.revokedBy ? ` by ${t.revokedBy}` : ''}</span>
                  ) : (
                    <span className="ok">valid</span>
                  )}
                </td>
                <td className="nowrap">
                  {!t.revokedAt && confirming !== t.id && (
                    <button type="button" className="btn btn-small btn-danger" data-testid="token-revoke" onClick={() => setConfirming(t.id)}>
                      Revoke
                    </button>
                  )}
                  {!t.revokedAt && confirming === t.id && (
                    <span className="inline" data-testid="token-revoke-confirm">
                      <span className="small">
                        Revoke “{t.name}”?{t.connectedAgents.length ? ' Its agent is disconnected at once.' : ''}
                      </span>
                      <button type="button" className="btn btn-small btn-danger" data-testid="token-revoke-yes" onClick={() => void revoke(t.id)}>
                        Revoke
                      </button>
                      <button type="button" className="btn btn-small" data-testid="token-revoke-no" onClick={() => setConfirming(null)}>
                        Cancel
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The new token, shown this once, with the agent's command line; both copyable. */
function CreatedToken({ token, onDone }: { token: CreatedAgentToken; onDone: () => void }) {
  const server = agentServerUrl(document.baseURI);
  const command = agentCommand(server, token.token, token.name);
  return (
    <div className="panel token-created" data-testid="token-created" role="status">
      <p>
        <strong>Token for “{token.name}”</strong> — copy it now: it is not shown again (the server keeps only its hash).
      </p>
      <div className="copy-row">
        <code className="mono copy-value" data-testid="token-value">
          {token.token}
        </code>
        <CopyButton text={token.token} testId="token-copy" />
      </div>
      <p className="small muted">Start the agent on that machine with (worker-agent.jar and its lib/ folder copied there):</p>
      <div className="copy-row">
        <code className="mono copy-value" data-testid="token-command">
          {command}
        </code>
        <CopyButton text={command} testId="token-command-copy" />
      </div>
      {server.startsWith('wss:') && (
        <p className="small muted">
          <code>--ca-file</code>: the PEM of the server's CA, unless its certificate is trusted by the agent's Java already
          (docs/security.md).
        </p>
      )}
      <button type="button" className="btn btn-small token-done" onClick={onDone} data-testid="token-done">
        I have copied it
      </button>
    </div>
  );
}

function CopyButton({ text, testId }: { text: string; testId: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <button type="button" className="btn btn-small" onClick={() => void copy()} data-testid={testId}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy by hand' : 'Copy'}
    </button>
  );
}
