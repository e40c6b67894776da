import { type FormEvent, useState } from 'react';
import { faultsApi, type Fault, type FaultKind, type FaultKindView, type RandomPlan } from '../../api/faults';
import { ErrorBox } from '../../components/Status';
import { problemMessage } from './faults';

interface Props {
  jobId: number;
  kinds: FaultKindView[];
  blocked: string | null;
  onScheduled: (faults: Fault[]) => void;
}

export interface RandomValues {
  seed: string;
  count: string;
  meanIntervalS: string;
  kinds: FaultKind[];
  minDurationS: string;
  maxDurationS: string;
  slowRate: string;
}

const ms = (s: string) => Math.round(Number(s) * 1000);

/** The `random` plan of POST /lab/faults/schedules for the form's values (seconds become ms). */
export function randomPlan(v: RandomValues): RandomPlan {
  const plan: RandomPlan = {
    seed: Number(v.seed),
    count: Number(v.count),
    meanIntervalMs: ms(v.meanIntervalS),
    kinds: v.kinds,
    minDurationMs: ms(v.minDurationS),
    maxDurationMs: ms(v.maxDurationS),
  };
  if (v.kinds.includes('LINK_SLOW')) plan.slowRate = v.slowRate.trim();
  return plan;
}

/** A seeded random schedule of faults: how many, how far apart on average, of which kinds, how long each. */
export function RandomScheduleForm({ jobId, kinds, blocked, onScheduled }: Props) {
  const [v, setV] = useState<RandomValues>(() => ({
    seed: '1',
    count: '5',
    meanIntervalS: '10',
    kinds: kinds.filter((k) => k.available && k.kind.startsWith('AGENT_')).map((k) => k.kind),
    minDurationS: '1',
    maxDurationS: '5',
    slowRate: '1mbit',
  }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof RandomValues) => (e: { target: { value: string } }) => setV((old) => ({ ...old, [k]: e.target.value }));
  const toggle = (kind: FaultKind, on: boolean) =>
    setV((old) => ({ ...old, kinds: on ? [...old.kinds, kind] : old.kinds.filter((k) => k !== kind) }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onScheduled((await faultsApi.schedule(jobId, randomPlan(v))).faults);
    } catch (err) {
      setError(problemMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (label: string, key: keyof RandomValues, testId: string) => (
    <label className="field">
      <span>{label}</span>
      <input type="number" step="any" data-testid={testId} value={v[key] as string} onChange={set(key)} />
    </label>
  );

  return (
    <form className="fault-form" data-testid="fault-random-form" onSubmit={submit}>
      <h3>Random schedule</h3>
      {field('seed', 'seed', 'random-seed')}
      {field('count', 'count', 'random-count')}
      {field('mean interval (s)', 'meanIntervalS', 'random-mean')}
      {field('min duration (s)', 'minDurationS', 'random-min-duration')}
      {field('max duration (s)', 'maxDurationS', 'random-max-duration')}
      <fieldset className="fault-kinds" data-testid="random-kinds">
        <legend>kinds</legend>
        {kinds.map((k) => (
          <label key={k.kind} title={k.note ?? undefined} className={k.available ? undefined : 'field-disabled'}>
            <input
              type="checkbox"
              data-testid={`random-kind-${k.kind}`}
              disabled={!k.available}
              checked={v.kinds.includes(k.kind)}
              onChange={(e) => toggle(k.kind, e.target.checked)}
            />{' '}
            {k.kind}
          </label>
        ))}
      </fieldset>
      {v.kinds.includes('LINK_SLOW') && (
        <label className="field">
          <span>slow rate</span>
          <input type="text" data-testid="random-slow-rate" value={v.slowRate} onChange={set('slowRate')} />
        </label>
      )}
      <button type="submit" className="btn btn-danger" data-testid="random-schedule" disabled={busy || v.kinds.length === 0 || blocked !== null} title={blocked ?? undefined}>
        {busy ? 'Scheduling…' : 'Schedule'}
      </button>
      {error && <ErrorBox message={error} testId="fault-schedule-error" />}
    </form>
  );
}
