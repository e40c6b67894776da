import { type FormEvent, useState } from 'react';
import { faultsApi, type Fault, type FaultKind, type FaultKindView, type InjectBody } from '../../api/faults';
import { ErrorBox } from '../../components/Status';
import { problemMessage } from './faults';

interface Props {
  jobId: number;
  kinds: FaultKindView[];
  /** Why nothing can be injected now (the job is not running), or null. */
  blocked: string | null;
  onInjected: (faults: Fault[]) => void;
}

/** The body of POST /lab/faults for the form's values: only the fields the kind takes. */
export function injectBody(jobId: number, kind: FaultKindView, v: { rank: string; durationS: string; rate: string }): InjectBody {
  const body: InjectBody = { jobId, kind: kind.kind };
  if (kind.takesRank) body.rank = Number(v.rank);
  if (kind.takesDuration) body.durationMs = Math.round(Number(v.durationS) * 1000);
  if (kind.takesRate) body.rate = v.rate.trim();
  return body;
}

/** One fault now: its kind (the unavailable ones disabled, their note as the tooltip), rank, duration, rate. */
export function InjectFaultForm({ jobId, kinds, blocked, onInjected }: Props) {
  const [kind, setKind] = useState<FaultKind | ''>(() => kinds.find((k) => k.available)?.kind ?? '');
  const [rank, setRank] = useState('0');
  const [durationS, setDurationS] = useState('5');
  const [rate, setRate] = useState('1mbit');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosen = kinds.find((k) => k.kind === kind);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      onInjected([await faultsApi.inject(injectBody(jobId, chosen, { rank, durationS, rate }))]);
    } catch (err) {
      setError(problemMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="fault-form" data-testid="fault-inject-form" onSubmit={submit}>
      <h3>Inject a fault</h3>
      <label className="field">
        <span>kind</span>
        <select data-testid="fault-kind" value={kind} onChange={(e) => setKind(e.target.value as FaultKind)}>
          {kinds.map((k) => (
            <option key={k.kind} value={k.kind} disabled={!k.available} title={k.note ?? undefined}>
              {k.kind}
              {k.available ? '' : ' (unavailable)'}
            </option>
          ))}
        </select>
      </label>
      {chosen?.takesRank && (
        <label className="field">
          <span>rank</span>
          <input type="number" min={0} step={1} data-testid="fault-rank" value={rank} onChange={(e) => setRank(e.target.value)} />
        </label>
      )}
      {chosen?.takesDuration && (
        <label className="field">
          <span>duration (s)</span>
          <input type="number" min={0.1} step="any" data-testid="fault-duration" value={durationS} onChange={(e) => setDurationS(e.target.value)} />
        </label>
      )}
      {chosen?.takesRate && (
        <label className="field">
          <span>rate</span>
          <input type="text" data-testid="fault-rate" value={rate} onChange={(e) => setRate(e.target.value)} placeholder="1mbit" />
        </label>
      )}
      <button type="submit" className="btn btn-danger" data-testid="fault-inject" disabled={busy || !chosen?.available || blocked !== null} title={blocked ?? undefined}>
        {busy ? 'Injecting…' : 'Inject'}
      </button>
      {error && <ErrorBox message={error} testId="fault-inject-error" />}
    </form>
  );
}
