import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useJobEvents } from './hooks';
import { SseParser } from './sse';
import { setToken } from './token';
import type { JobStreamEvent } from './types';
import { streamResponse } from '../test/stream';

describe('SseParser', () => {
  it('parses events, multi-line data, comments, ids and retry', () => {
    const p = new SseParser();
    const out = p.feed(': keep-alive\n\nretry: 250\nid: 7\nevent: state\ndata: {"a":\ndata: 1}\n\nid: 8\ndata: plain\n\n');
    expect(out).toEqual([
      { event: 'state', data: '{"a":\n1}', id: '7' },
      { event: 'message', data: 'plain', id: '8' },
    ]);
    expect(p.retry).toBe(250);
  });

  it('handles chunks split anywhere, CRLF included', () => {
    const text = 'id: 1\r\nevent: metric\r\ndata: {"v":1}\r\n\r\nid: 2\revent: metric\rdata: {"v":2}\r\r';
    for (let cut = 1; cut < text.length; cut++) {
      const p = new SseParser();
      const out = [...p.feed(text.slice(0, cut)), ...p.feed(text.slice(cut))];
      expect(out.map((m) => [m.id, m.event, m.data])).toEqual([
        ['1', 'metric', '{"v":1}'],
        ['2', 'metric', '{"v":2}'],
      ]);
    }
  });

  it('keeps the last id for events without one and ignores events without data', () => {
    const p = new SseParser('3');
    expect(p.feed('event: state\n\n')).toEqual([]);
    expect(p.feed('data: x\n\n')).toEqual([{ event: 'message', data: 'x', id: '3' }]);
    expect(p.feed('id: 9\n\n')).toEqual([]);
    expect(p.lastEventId).toBe('9');
  });
});

describe('useJobEvents', () => {
  it('parses events and resumes with Last-Event-ID after the stream drops', async () => {
    const first = streamResponse();
    const second = streamResponse();
    const requests: { url: string; headers: Headers }[] = [];
    const responses = [first.response, second.response];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        requests.push({ url, headers: new Headers(init.headers) });
        return responses.shift() ?? new Promise<Response>(() => {});
      }),
    );
    setToken('tok');
    const events: JobStreamEvent[] = [];
    const { result, unmount } = renderHook(() => useJobEvents(12, (e) => events.push(e), { retryMs: 5 }));

    await waitFor(() => expect(result.current.status).toBe('open'));
    expect(requests[0].url).toMatch(/\/api\/v1\/jobs\/12\/events$/);
    expect(requests[0].headers.get('accept')).toBe('text/event-stream');
    expect(requests[0].headers.get('last-event-id')).toBeNull();
    expect(requests[0].headers.get('authorization')).toBe('Bearer tok');

    act(() => {
      first.push('id: 1\nevent: state\ndata: {"jobId":12,"from":"ASSIGNING","to":"RUNNING","reason":"all workers joined","at":"2026-11-25T09:00:00Z"}\n\n');
      first.push('id: 2\nevent: metric\ndata: {"jobId":12,"series":"test_error","worker":null,"t":2000,"step":40,"value":0.31}\n\n');
      first.push('id: 2b\nevent: unknown\ndata: {}\n\n: comment\n');
      first.push('id: 3\nevent: wor');
    });
    await waitFor(() => expect(events).toHaveLength(2));
    // The stream drops in the middle of event 3: it must not be delivered, and we resume after 2b.
    act(() => first.end());

    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1].headers.get('last-event-id')).toBe('2b');
    act(() => {
      second.push('id: 3\nevent: worker\ndata: {"rank":1,"agentId":"a-2","state":"TRAINING","step":0,"stepsPerSecond":null,"lastExchangeAt":null,"bytesUp":0,"bytesDown":0,"event":"JOINED"}\n\n');
    });
    await waitFor(() => expect(events).toHaveLength(3));

    expect(events[0]).toEqual({
      type: 'state',
      id: '1',
      data: { jobId: 12, from: 'ASSIGNING', to: 'RUNNING', reason: 'all workers joined', at: '2026-11-25T09:00:00Z' },
    });
    expect(events[1]).toEqual({ type: 'metric', id: '2', data: { jobId: 12, series: 'test_error', worker: null, t: 2000, step: 40, value: 0.31 } });
    expect(events[2].type).toBe('worker');
    expect(events[2].id).toBe('3');
    expect(events[2].type === 'worker' && events[2].data.event).toBe('JOINED');
    await waitFor(() => expect(result.current.lastEventId).toBe('3'));
    unmount();
  });

  it('stops on 404 with an error and does not reconnect', async () => {
    const f = vi.fn(async () => new Response('{"status":404}', { status: 404 }));
    vi.stubGlobal('fetch', f);
    const { result } = renderHook(() => useJobEvents(99, () => {}, { retryMs: 5 }));
    await waitFor(() => expect(result.current.status).toBe('error'));
    await new Promise((r) => setTimeout(r, 30));
    expect(f).toHaveBeenCalledTimes(1);
    expect(result.current.error).toMatch(/404/);
  });

  it('retries after a failed connect, keeping the last id', async () => {
    const s = streamResponse();
    const seen: (string | null)[] = [];
    let n = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_u: string, init: RequestInit) => {
        seen.push(new Headers(init.headers).get('last-event-id'));
        n++;
        if (n === 1) return s.response;
        if (n === 2) throw new TypeError('network down');
        return new Promise<Response>(() => {});
      }),
    );
    const events: JobStreamEvent[] = [];
    renderHook(() => useJobEvents(4, (e) => events.push(e), { retryMs: 5 }));
    await waitFor(() => expect(n).toBe(1));
    act(() => {
      s.push('id: 41\nevent: metric\ndata: {"jobId":4,"series":"test_loss","worker":null,"t":1,"step":1,"value":2.3}\n\n');
      s.end();
    });
    await waitFor(() => expect(n).toBe(3));
    expect(seen).toEqual([null, '41', '41']);
    expect(events).toHaveLength(1);
  });
});
