import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/token';
import type { AgentToken } from '../../api/types';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { agentCommand, agentServerUrl, shellQuote } from './agentCommand';
import { EnrollmentTokens } from './EnrollmentTokens';

const TOKEN = 'Zm9vYmFyYmF6cXV4cXV1eF9fLS0xMjM0NTY3ODkwYWJj';

const row = (id: number, name: string, extra: Partial<AgentToken> = {}): AgentToken => ({
  id,
  name,
  createdAt: '2026-11-25T09:00:00Z',
  createdBy: 'api-token',
  lastUsedAt: null,
  connectedAgents: [],
  revokedAt: null,
  revokedBy: null,
  ...extra,
});

function renderTokens() {
  return render(
    <MemoryRouter>
      <EnrollmentTokens />
    </MemoryRouter>,
  );
}

describe('EnrollmentTokens', () => {
  it('asks for the API token before it calls the API', () => {
    const calls = mockFetch({});
    renderTokens();
    expect(screen.getByTestId('tokens-need-api-token')).toHaveTextContent('Paste the API token');
    expect(calls).toHaveLength(0);
  });

  it('creates a token, shows it once with a copy button and the exact agent command, then forgets it', async () => {
    setToken('api');
    let tokens: AgentToken[] = [row(1, 'old-box', { connectedAgents: [{ id: 'a-7', name: 'old-box', connectedAt: '2026-11-25T09:01:00Z', remoteAddress: '10.0.0.7' }] })];
    const calls = mockFetch({
      'GET /agent-tokens': () => json(tokens),
      'POST /agent-tokens': (c) => {
        const name = (c.body as { name: string }).name;
        tokens = [row(2, name), ...tokens];
        return json({ id: 2, name, createdAt: '2026-11-25T10:00:00Z', createdBy: 'api-token', token: TOKEN }, 201);
      },
    });
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    renderTokens();
    const first = await screen.findAllByTestId('token-row');
    expect(within(first[0]).getByTestId('token-agents')).toHaveTextContent('old-box a-7 · 10.0.0.7');
    expect(within(first[0]).getByTestId('token-status')).toHaveTextContent('valid');

    fireEvent.change(screen.getByTestId('token-name'), { target: { value: ' gpu box 1 ' } });
    fireEvent.click(screen.getByTestId('token-create'));
    const shown = await screen.findByTestId('token-created');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'gpu box 1' });
    expect(calls.find((c) => c.method === 'POST')?.headers.authorization).toBe('Bearer api');
    expect(within(shown).getByTestId('token-value')).toHaveTextContent(TOKEN);
    const server = agentServerUrl(document.baseURI);
    expect(within(shown).getByTestId('token-command')).toHaveTextContent(
      `OMP_NUM_THREADS=1 java -jar worker-agent.jar --server ${server} --token ${TOKEN} --name 'gpu box 1'`,
    );
    await act(async () => fireEvent.click(within(shown).getByTestId('token-copy')));
    expect(writeText).toHaveBeenCalledWith(TOKEN);
    expect(within(shown).getByTestId('token-copy')).toHaveTextContent('Copied');
    expect(await screen.findAllByTestId('token-row')).toHaveLength(2);

    fireEvent.click(within(shown).getByTestId('token-done'));
    expect(screen.queryByTestId('token-created')).toBeNull();
    expect(document.body.textContent).not.toContain(TOKEN);
  });

  it('shows the server’s message under the name when the name is refused', async () => {
    setToken('api');
    mockFetch({
      'GET /agent-tokens': () => json([]),
      'POST /agent-tokens': () =>
        problem({ status: 400, detail: 'name must not contain control characters', errors: [{ field: 'name', message: 'must not contain control characters, found U+0007 at character 2' }] }),
    });
    renderTokens();
    await screen.findByTestId('tokens-empty');
    fireEvent.change(screen.getByTestId('token-name'), { target: { value: 'a\u0007b' } });
    fireEvent.click(screen.getByTestId('token-create'));
    expect(await screen.findByTestId('token-name-error')).toHaveTextContent('must not contain control characters, found U+0007 at character 2');
    expect(screen.queryByTestId('token-created')).toBeNull();
  });

  it('revokes only after a confirmation, and shows the token revoked', async () => {
    setToken('api');
    let revoked = false;
    const calls = mockFetch({
      'GET /agent-tokens': () =>
        json([row(5, 'gpu-box-5', revoked ? { revokedAt: '2026-11-25T11:00:00Z', revokedBy: 'api-token' } : { connectedAgents: [{ id: 'a-5', name: 'gpu-box-5', connectedAt: '2026-11-25T10:00:00Z', remoteAddress: null }] })]),
      'DELETE /agent-tokens/5': () => {
        revoked = true;
        return json(row(5, 'gpu-box-5', { revokedAt: '2026-11-25T11:00:00Z', revokedBy: 'api-token' }));
      },
    });
    renderTokens();
    const r = (await screen.findAllByTestId('token-row'))[0];
    fireEvent.click(within(r).getByTestId('token-revoke'));
    expect(within(r).getByTestId('token-revoke-confirm')).toHaveTextContent('Revoke “gpu-box-5”? Its agent is disconnected at once.');
    fireEvent.click(within(r).getByTestId('token-revoke-no'));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);

    fireEvent.click(within(r).getByTestId('token-revoke'));
    fireEvent.click(within(r).getByTestId('token-revoke-yes'));
    expect(await within(r).findByTestId('token-status')).toHaveTextContent(/revoked .* by api-token/);
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/agent-tokens/5']);
    expect(within(r).queryByTestId('token-revoke')).toBeNull();
  });
});

describe('agentCommand', () => {
  it('derives the agent URL from the page and quotes what a shell would split', () => {
    expect(agentServerUrl('http://backend:8080/')).toBe('ws://backend:8080');
    expect(agentServerUrl('https://easgd.example.org/lab/index.html')).toBe('wss://easgd.example.org/lab');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(agentCommand('wss://h:8443', 'T0k-_', 'box')).toBe(
      'OMP_NUM_THREADS=1 java -jar worker-agent.jar --server wss://h:8443 --token T0k-_ --name box --ca-file easgd-ca.pem',
    );
  });
});
