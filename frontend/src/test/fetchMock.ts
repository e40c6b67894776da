import { vi } from 'vitest';

export interface Call {
  method: string;
  /** Path after /api/v1, with the query. */
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export type Handler = (call: Call) => Response | Promise<Response>;

export const json = (body: unknown, status = 200, contentType = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });

export const problem = (body: unknown, status = 400) => json(body, status, 'application/problem+json');

function headersOf(h: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(h).forEach((v, k) => (out[k.toLowerCase()] = v));
  return out;
}

/**
 * Stubs global fetch. `routes` maps "METHOD /path" (path without the query) to a handler;
 * unknown routes answer 404. Returns the list of calls.
 */
export function mockFetch(routes: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const path = url.pathname.replace(/^.*\/api\/v1/, '') + url.search;
    const method = (init?.method ?? 'GET').toUpperCase();
    const call: Call = { method, path, headers: headersOf(init?.headers), body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const handler = routes[`${method} ${url.pathname.replace(/^.*\/api\/v1/, '')}`];
    if (!handler) return problem({ title: 'Not Found', status: 404, detail: `no route ${method} ${path}` }, 404);
    return handler(call);
  });
  vi.stubGlobal('fetch', fn);
  return calls;
}
