// The command line that starts an agent with an enrollment token (worker-agent/README.md).

/** The agent's --server for a UI page at `baseUri`: same host, port and path prefix; http → ws, https → wss. */
export function agentServerUrl(baseUri: string): string {
  const u = new URL('.', baseUri);
  const scheme = u.protocol === 'https:' ? 'wss:' : 'ws:';
  const path = u.pathname.replace(/\/+$/, '');
  return `${scheme}//${u.host}${path}`;
}

/** Single-quoted for a POSIX shell unless it is plainly safe. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9._:/@=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `OMP_NUM_THREADS=1 java -jar worker-agent.jar --server … --token … --name …` (plus `--ca-file` over TLS). */
export function agentCommand(server: string, token: string, name: string): string {
  const parts = ['OMP_NUM_THREADS=1', 'java', '-jar', 'worker-agent.jar', '--server', shellQuote(server), '--token', shellQuote(token), '--name', shellQuote(name)];
  if (server.startsWith('wss:')) parts.push('--ca-file', 'easgd-ca.pem');
  return parts.join(' ');
}
