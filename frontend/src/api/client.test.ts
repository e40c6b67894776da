import { describe, expect, it } from 'vitest';
import { api, ApiError, apiRequest, UNAUTHORIZED_MESSAGE } from './client';
import { getToken, setToken, TOKEN_KEY } from './token';
import { json, mockFetch, problem } from '../test/fetchMock';

describe('API token', () => {
  it('is attached as a Bearer header to POSTs', async () => {
    const calls = mockFetch({ 'POST /jobs': () => json({ id: 3, state: 'QUEUED' }, 202) });
    setToken('s3cret-token');
    await api.submitJob({ algorithm: 'EAMSGD', workers: 2, tau: 10 });
    expect(calls).toHaveLength(1);
    expect(calls[0].method).toBe('POST');
    expect(calls[0].headers['authorization']).toBe('Bearer s3cret-token');
    expect(calls[0].headers['content-type']).toBe('application/json');
    expect(calls[0].body).toEqual({ algorithm: 'EAMSGD', workers: 2, tau: 10 });
  });

  it('is attached to cancel and check too, and kept in sessionStorage', async () => {
    const calls = mockFetch({
      'POST /jobs/5/cancel': () => json({ id: 5, state: 'CANCELLED' }),
      'POST /jobs/check': () => json({ spec: {}, warnings: [] }),
    });
    setToken('  tok  ');
    expect(sessionStorage.getItem(TOKEN_KEY)).toBe('tok');
    await api.cancelJob(5);
    await api.checkJob({ tau: 3 });
    expect(calls.map((c) => c.headers['authorization'])).toEqual(['Bearer tok', 'Bearer tok']);
  });

  it('sends no Authorization header without a token', async () => {
    const calls = mockFetch({ 'POST /jobs': () => json({ id: 1 }, 202), 'GET /agents': () => json([]) });
    expect(getToken()).toBe('');
    await api.submitJob({});
    await api.listAgents();
    expect(calls[0].headers['authorization']).toBeUndefined();
    expect(calls[1].headers['authorization']).toBeUndefined();
  });

  it('turns a 401 into a clear message asking for the token', async () => {
    mockFetch({ 'POST /jobs': () => problem({ title: 'Unauthorized', status: 401 }, 401) });
    const err = await api.submitJob({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).unauthorized).toBe(true);
    const { errorMessage } = await import('./client');
    expect(errorMessage(err)).toBe(UNAUTHORIZED_MESSAGE);
    expect(UNAUTHORIZED_MESSAGE).toMatch(/token/i);
  });

  it('keeps the problem+json body on errors', async () => {
    mockFetch({
      'POST /jobs': () =>
        problem({ type: 'https://easgd.io/problems/validation', title: 'Invalid job spec', status: 400, detail: 'tau must be >= 1, found 0', errors: [{ field: 'tau', message: 'must be >= 1, found 0' }] }),
    });
    const err = (await apiRequest('/jobs', { method: 'POST', body: { tau: 0 } }).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(400);
    expect(err.message).toBe('tau must be >= 1, found 0');
    expect(err.problem?.errors).toEqual([{ field: 'tau', message: 'must be >= 1, found 0' }]);
  });
});
