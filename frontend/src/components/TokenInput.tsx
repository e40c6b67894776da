import { useEffect, useState, type FormEvent } from 'react';
import { setToken, useAuthRequired, useToken } from '../api/token';

/** The API token: kept in sessionStorage, sent as `Authorization: Bearer …`. */
export function TokenInput() {
  const token = useToken();
  const auth = useAuthRequired();
  const [draft, setDraft] = useState(token);
  useEffect(() => setDraft(token), [token]);

  const save = (e: FormEvent) => {
    e.preventDefault();
    setToken(draft);
  };
  const dirty = draft.trim() !== token;
  return (
    <form className={`token-form${auth ? ' token-needed' : ''}`} onSubmit={save} data-testid="token-form">
      <label htmlFor="api-token">API token</label>
      <input
        id="api-token"
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder="paste the server's token"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        data-testid="token-input"
      />
      <button type="submit" className="btn btn-small" data-testid="token-save" disabled={!dirty}>
        {dirty ? 'Set' : token ? 'Set ✓' : 'Set'}
      </button>
      {token && !dirty && (
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setToken('')} data-testid="token-clear" title="Forget the token">
          ✕
        </button>
      )}
    </form>
  );
}
