// Server-sent events over fetch(): unlike the native EventSource this can send the
// Authorization header, and it reconnects itself with Last-Event-ID so the server resumes
// right after the last event seen (no gap, no duplicate; see docs/api.md "SSE").

export interface SseMessage {
  /** Event name; "message" when the event had no `event:` field. */
  event: string;
  data: string;
  /** The last event id after this event (ids persist across events, as in the SSE spec). */
  id: string | null;
}

/** Incremental parser of the text/event-stream format (WHATWG HTML, "server-sent events"). */
export class SseParser {
  /** Id of the last complete event (an `id:` counts only once its event's blank line arrived). */
  lastEventId: string | null;
  /** Reconnection time the server asked for with `retry:`. */
  retry: number | null = null;
  private buf = '';
  private data: string[] = [];
  private event = '';
  private first = true;
  private skipLF = false;
  /** The spec's "last event ID buffer": set by `id:`, committed at the blank line. */
  private idBuffer: string | null;

  constructor(lastEventId: string | null = null) {
    this.lastEventId = lastEventId;
    this.idBuffer = lastEventId;
  }

  /** Feeds decoded text; returns the events completed by it. */
  feed(chunk: string): SseMessage[] {
    if (this.first && chunk.length > 0) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      this.first = false;
    }
    // A \r ending the previous chunk ended a line already; a \n right after it belongs to it.
    if (this.skipLF && chunk.length > 0) {
      if (chunk[0] === '\n') chunk = chunk.slice(1);
      this.skipLF = false;
    }
    this.buf += chunk;
    const out: SseMessage[] = [];
    let start = 0;
    for (;;) {
      let i = start;
      const n = this.buf.length;
      while (i < n && this.buf[i] !== '\n' && this.buf[i] !== '\r') i++;
      if (i >= n) break;
      const line = this.buf.slice(start, i);
      if (this.buf[i] === '\r') {
        if (i + 1 < n) start = this.buf[i + 1] === '\n' ? i + 2 : i + 1;
        else {
          start = i + 1;
          this.skipLF = true;
        }
      } else start = i + 1;
      const msg = this.line(line);
      if (msg) out.push(msg);
    }
    this.buf = this.buf.slice(start);
    return out;
  }

  private line(line: string): SseMessage | null {
    if (line === '') {
      // Blank line: dispatch.
      this.lastEventId = this.idBuffer;
      const event = this.event || 'message';
      this.event = '';
      if (this.data.length === 0) return null;
      const data = this.data.join('\n');
      this.data = [];
      return { event, data, id: this.lastEventId };
    }
    if (line.startsWith(':')) return null; // comment / keep-alive
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.event = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.idBuffer = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break;
    }
    return null;
  }
}

export type SseStatus = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'error';

export interface SseOptions {
  onMessage: (msg: SseMessage) => void;
  onStatus?: (status: SseStatus, detail?: string) => void;
  /** Called when the server answers 401. */
  onUnauthorized?: () => void;
  /** Extra headers (e.g. Authorization), read at every (re)connect. */
  headers?: () => Record<string, string>;
  /** Resume after this id on the first connect. */
  lastEventId?: string | null;
  /** First reconnect delay; doubled on each failed attempt up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Reconnect when no byte arrived for this long (0: never). */
  idleTimeoutMs?: number;
  /** Asked before each reconnect; false ends the stream. */
  shouldReconnect?: () => boolean;
  fetchImpl?: typeof fetch;
}

export interface SseConnection {
  close(): void;
  lastEventId(): string | null;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/** Opens an SSE stream and keeps it open (reconnecting with Last-Event-ID) until close(). */
export function connectSse(url: string, opts: SseOptions): SseConnection {
  const closer = new AbortController();
  let lastId: string | null = opts.lastEventId ?? null;
  const fetchImpl = opts.fetchImpl ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const baseRetry = opts.retryMs ?? 1000;
  const maxRetry = opts.maxRetryMs ?? 15000;
  const idleTimeout = opts.idleTimeoutMs ?? 45000;
  const status = (s: SseStatus, d?: string) => {
    if (!closer.signal.aborted || s === 'closed') opts.onStatus?.(s, d);
  };

  const run = async () => {
    let failures = 0;
    let serverRetry: number | null = null;
    let first = true;
    while (!closer.signal.aborted) {
      status(first ? 'connecting' : 'reconnecting');
      first = false;
      const attempt = new AbortController();
      const abortAttempt = () => attempt.abort();
      closer.signal.addEventListener('abort', abortAttempt);
      let idleTimer: ReturnType<typeof setTimeout> | undefined;
      const touch = () => {
        if (idleTimeout <= 0) return;
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => attempt.abort(), idleTimeout);
      };
      let fatal: string | null = null;
      try {
        const headers: Record<string, string> = {
          Accept: 'text/event-stream',
          'Cache-Control': 'no-cache',
          ...(opts.headers?.() ?? {}),
        };
        if (lastId !== null) headers['Last-Event-ID'] = lastId;
        touch();
        const res = await fetchImpl(url, { headers, signal: attempt.signal, cache: 'no-store' });
        if (res.status === 204) {
          fatal = ''; // the server says: do not reconnect
        } else if (!res.ok) {
          if (res.status === 401) opts.onUnauthorized?.();
          if ([401, 403, 404, 410].includes(res.status)) fatal = `HTTP ${res.status}`;
          else throw new Error(`HTTP ${res.status}`);
        } else if (!res.body) {
          throw new Error('response has no body');
        } else {
          status('open');
          failures = 0;
          const parser = new SseParser(lastId);
          const reader = res.body.getReader();
          const decoder = new TextDecoder();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            touch();
            for (const msg of parser.feed(decoder.decode(value, { stream: true }))) {
              lastId = msg.id;
              if (closer.signal.aborted) break;
              opts.onMessage(msg);
            }
            // An id on an event without data still moves the resume point.
            lastId = parser.lastEventId;
            if (parser.retry !== null) serverRetry = parser.retry;
          }
        }
      } catch (e) {
        if (closer.signal.aborted) break;
        failures++;
        status('reconnecting', e instanceof Error ? e.message : String(e));
      } finally {
        clearTimeout(idleTimer);
        closer.signal.removeEventListener('abort', abortAttempt);
      }
      if (closer.signal.aborted) break;
      if (fatal !== null) {
        status(fatal ? 'error' : 'closed', fatal || undefined);
        return;
      }
      if (opts.shouldReconnect && !opts.shouldReconnect()) break;
      const delay = failures === 0 ? (serverRetry ?? baseRetry) : Math.min(maxRetry, (serverRetry ?? baseRetry) * 2 ** (failures - 1));
      await sleep(delay, closer.signal);
    }
    status('closed');
  };
  void run();

  return {
    close: () => closer.abort(),
    lastEventId: () => lastId,
  };
}
