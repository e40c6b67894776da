/** A streaming text/event-stream Response whose chunks a test pushes. */
export function streamResponse() {
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => (ctrl = c) });
  const enc = new TextEncoder();
  let n = 0;
  return {
    response: new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }),
    push: (s: string) => ctrl.enqueue(enc.encode(s)),
    /** Sends one event with the next id. */
    send: (event: string, data: unknown) => ctrl.enqueue(enc.encode(`id: ${++n}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`)),
    end: () => ctrl.close(),
  };
}
