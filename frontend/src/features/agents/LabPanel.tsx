import { apiJson } from '../../api/client';
import { useAsync } from '../../api/hooks';
import type { LabStatus } from '../../api/types';

/** The bandwidth-limited lab's state; null when the backend runs none (or does not know the endpoint). */
export async function fetchLab(signal?: AbortSignal): Promise<LabStatus | null> {
  try {
    const lab = await apiJson<LabStatus>('/lab', { signal });
    return lab?.enabled ? lab : null;
  } catch (e) {
    if (signal?.aborted) throw e;
    return null;
  }
}

/** "100 Mbit/s links, 1 ms delay"; the delay only when one was asked for, marked when the kernel could not apply it. */
export function describeLink(lab: LabStatus): string {
  const rate = lab.megabitsPerSecond ?? 0;
  const r = rate >= 1000 ? `${rate / 1000} Gbit/s` : rate >= 1 ? `${rate} Mbit/s` : `${rate * 1000} kbit/s`;
  const delay = lab.delayMicros
    ? `, ${lab.delayMicros >= 1000 ? `${lab.delayMicros / 1000} ms` : `${lab.delayMicros} µs`} delay${lab.delayApplied ? '' : ' (not applied)'}`
    : '';
  return `${r} links${delay}`;
}

/** A banner over the agents table when the agents run behind shaped links: the link, what each measured, the end. */
export function LabPanel({ refreshMs }: { refreshMs: number }) {
  const lab = useAsync<LabStatus | null>((signal) => fetchLab(signal), [], refreshMs);
  const l = lab.data;
  if (!l) return null;
  return (
    <div className="panel" data-testid="lab-panel">
      <strong>Bandwidth-limited lab:</strong> {describeLink(l)} to a switch (server {l.server}, subnet {l.subnet})
      {l.endsAt && <span className="muted"> · ends at {new Date(l.endsAt).toLocaleTimeString()}</span>}
      {l.note && (
        <div className="muted small" data-testid="lab-note">
          {l.note}
        </div>
      )}
      <ul className="small" data-testid="lab-hosts">
        {(l.hosts ?? []).map((h) => (
          <li key={h.index}>
            agent {h.index} at {h.address} ({h.namespace}): measured {h.upMbps} Mbit/s up, {h.downMbps} Mbit/s down
          </li>
        ))}
      </ul>
    </div>
  );
}
