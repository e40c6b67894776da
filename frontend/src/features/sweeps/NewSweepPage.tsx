import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api, errorMessage } from '../../api/client';
import { useAsync } from '../../api/hooks';
import { runCount, type SweepPreset, type SweepRequest } from '../../api/sweeps';
import { ErrorBox } from '../../components/Status';
import {
  SWEEP_DEFAULTS,
  SWEEP_FIELDS,
  formRunCount,
  fromSweepRequest,
  mapSweepErrors,
  sweepSyntaxErrors,
  toSweepRequest,
  type MappedSweepErrors,
  type SweepFieldDef,
  type SweepFieldKey,
  type SweepFormValues,
} from './sweepForm';

export const PAPER_PRESET = 'paper';

const GROUPS: { id: SweepFieldDef['group']; title: string }[] = [
  { id: 'grid', title: 'Grid (every combination runs)' },
  { id: 'base', title: 'Base spec of every run' },
  { id: 'sweep', title: 'Sweep' },
];

const runsText = (n: number) => `${n} ${n === 1 ? 'run' : 'runs'}`;

function problemOf(e: unknown): MappedSweepErrors | null {
  if (e instanceof ApiError && e.status === 400 && e.problem) return mapSweepErrors(e.problem.errors, e.problem.detail ?? e.problem.title);
  return null;
}

export function NewSweepPage() {
  const navigate = useNavigate();
  const [values, setValues] = useState<SweepFormValues>(SWEEP_DEFAULTS);
  const [submitting, setSubmitting] = useState(false);
  const [serverErrors, setServerErrors] = useState<MappedSweepErrors | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const presets = useAsync<SweepPreset[]>((signal) => api.sweepPresets(signal), []);
  const paper = presets.data?.find((p) => p.name === PAPER_PRESET);

  const localErrors = useMemo(() => sweepSyntaxErrors(values), [values]);
  const hasLocalErrors = Object.keys(localErrors).length > 0;
  const count = useMemo(() => formRunCount(values), [values]);

  const clearErrors = () => {
    setServerErrors(null);
    setFailure(null);
  };
  const set = <K extends keyof SweepFormValues>(key: K, value: SweepFormValues[K]) => {
    clearErrors();
    setValues((v) => ({ ...v, [key]: value }));
  };

  const send = async (body: SweepRequest) => {
    setSubmitting(true);
    clearErrors();
    try {
      const sweep = await api.createSweep(body);
      navigate(`/sweeps/${sweep.id}`);
    } catch (err) {
      const mapped = problemOf(err);
      if (mapped) setServerErrors(mapped);
      else setFailure(errorMessage(err));
    } finally {
      setSubmitting(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!hasLocalErrors) void send(toSweepRequest(values));
  };

  const fieldError = (k: SweepFieldKey) => localErrors[k] ?? serverErrors?.fields[k];

  const renderField = (f: SweepFieldDef) => {
    const err = fieldError(f.key);
    const id = `sf-${f.key}`;
    return (
      <div key={f.key} className={`field${err ? ' field-invalid' : ''}`} data-testid={`sweep-fieldset-${f.key}`}>
        <label htmlFor={id}>{f.label}</label>
        <input
          id={id}
          name={f.key}
          type="text"
          inputMode={f.kind === 'int' || f.kind === 'float' ? 'decimal' : 'text'}
          value={String(values[f.key as keyof SweepFormValues] ?? '')}
          placeholder={f.placeholder}
          aria-invalid={err ? true : undefined}
          aria-describedby={`${id}-help${err ? ` ${id}-error` : ''}`}
          data-testid={`sweep-field-${f.key}`}
          onChange={(e) => set(f.key as keyof SweepFormValues, e.target.value as never)}
        />
        {err && (
          <div className="field-error" id={`${id}-error`} data-testid={`sweep-error-${f.key}`} role="alert">
            {err}
          </div>
        )}
        <div className="field-help" id={`${id}-help`}>
          {f.help}
        </div>
      </div>
    );
  };

  const general = serverErrors?.general ?? [];
  const baselineError = fieldError('baseline');

  return (
    <section className="page" data-testid="new-sweep-page">
      <div className="page-head">
        <h1>New sweep</h1>
      </div>

      <div className="presets" data-testid="sweep-presets">
        <div className="preset-row">
          <span className="preset-label">The paper's experiment</span>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="btn-paper-run"
            disabled={!paper || submitting}
            title={paper?.description}
            onClick={() => paper && void send({ preset: paper.name })}
          >
            {paper ? `Paper experiment (${runsText(runCount(paper.sweep))})` : 'Paper experiment'}
          </button>
          <button
            type="button"
            className="btn"
            data-testid="btn-paper-load"
            disabled={!paper || submitting}
            onClick={() => {
              if (!paper) return;
              clearErrors();
              setValues(fromSweepRequest(paper.sweep, paper.name));
            }}
          >
            Edit it first
          </button>
          {paper && <span className="muted small">{paper.description}</span>}
          {presets.error && (
            <span className="muted small" data-testid="presets-error">
              Presets unavailable: {presets.error}
            </span>
          )}
        </div>
      </div>

      <form className="spec-form" onSubmit={submit} noValidate data-testid="sweep-form">
        {values.preset && (
          <p className="muted small" data-testid="sweep-preset-note">
            From the preset “{values.preset}”: the fields below override it.
          </p>
        )}
        {GROUPS.map((g) => (
          <fieldset key={g.id} className="field-group">
            <legend>{g.title}</legend>
            <div className="field-grid">
              {SWEEP_FIELDS.filter((f) => f.group === g.id).map(renderField)}
              {g.id === 'grid' && (
                <div className={`field${baselineError ? ' field-invalid' : ''}`}>
                  <label className="inline">
                    <input type="checkbox" checked={values.baseline} data-testid="sweep-field-baseline" onChange={(e) => set('baseline', e.target.checked)} />
                    Also run the MSGD p=1 baseline
                  </label>
                  {baselineError && (
                    <div className="field-error" data-testid="sweep-error-baseline" role="alert">
                      {baselineError}
                    </div>
                  )}
                  <div className="field-help">One extra run: MSGD with one worker, the paper's reference.</div>
                </div>
              )}
            </div>
          </fieldset>
        ))}

        {general.length > 0 && (
          <div className="status status-error" role="alert" data-testid="sweep-form-error">
            {general.map((g) => (
              <div key={g}>{g}</div>
            ))}
          </div>
        )}
        {failure && <ErrorBox message={failure} testId="sweep-submit-error" />}

        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={submitting || hasLocalErrors} data-testid="btn-sweep-submit">
            {submitting ? 'Starting…' : count === null ? 'Start sweep' : `Start sweep (${runsText(count)})`}
          </button>
          <span className="muted small" data-testid="sweep-run-count" data-runs={count ?? ''} aria-live="polite">
            {count === null ? 'Fix the lists to see the run count.' : `This sweep starts ${runsText(count)}.`}
          </span>
          <button
            type="button"
            className="btn"
            data-testid="btn-sweep-reset"
            onClick={() => {
              clearErrors();
              setValues(SWEEP_DEFAULTS);
            }}
          >
            Reset
          </button>
        </div>
      </form>
    </section>
  );
}
