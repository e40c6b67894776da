import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api, errorMessage } from '../../api/client';
import { useAsync } from '../../api/hooks';
import { runCount, type RangeForm, type SweepPreset, type SweepRequest } from '../../api/sweeps';
import { ErrorBox } from '../../components/Status';
import {
  RANGE_HELP,
  SWEEP_DEFAULTS,
  SWEEP_FIELDS,
  fieldActive,
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

const GROUPS: { id: SweepFieldDef['group']; title: (v: SweepFormValues) => string }[] = [
  { id: 'grid', title: (v) => (v.sampleMethod ? 'Space (each run draws every axis: one of a list, or from a range)' : 'Grid (every combination runs)') },
  { id: 'sample', title: () => 'Sampling' },
  { id: 'search', title: () => 'Early stopping (search)' },
  { id: 'base', title: () => 'Base spec of every run' },
  { id: 'sweep', title: () => 'Sweep' },
];

const runsText = (n: number) => `${n} ${n === 1 ? 'run' : 'runs'}`;

/** One preset: start it as it is, or load it into the form. */
function PresetRow({ preset, label, testId, disabled, onRun, onLoad }: { preset: SweepPreset; label: string; testId: string; disabled: boolean; onRun: () => void; onLoad: () => void }) {
  const search = preset.sweep.search;
  return (
    <div className="preset-row" data-testid={`preset-row-${preset.name}`}>
      <span className="preset-label">{label}</span>
      <button type="button" className="btn btn-primary" data-testid={`btn-${testId}-run`} disabled={disabled} title={preset.description} onClick={onRun}>
        {`${preset.name} (${runsText(runCount(preset.sweep))}${search ? `, ${search.method.toUpperCase()} early stopping` : ''})`}
      </button>
      <button type="button" className="btn" data-testid={`btn-${testId}-load`} disabled={disabled} onClick={onLoad}>
        Edit it first
      </button>
      <span className="muted small">{preset.description}</span>
    </div>
  );
}

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
  const others = presets.data?.filter((p) => p.name !== PAPER_PRESET) ?? [];

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

  const load = (p: SweepPreset) => {
    clearErrors();
    setValues(fromSweepRequest(p.sweep, p.name));
  };
  const setAxisForm = (key: SweepFieldKey, form: RangeForm | '') => {
    clearErrors();
    setValues((v) => {
      const axisForms = { ...v.axisForms };
      if (form) axisForms[key] = form;
      else delete axisForms[key];
      return { ...v, axisForms };
    });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!hasLocalErrors) void send(toSweepRequest(values));
  };

  const fieldError = (k: SweepFieldKey) => localErrors[k] ?? serverErrors?.fields[k];

  const renderField = (f: SweepFieldDef) => {
    if (!fieldActive(f, values)) return null;
    const err = fieldError(f.key);
    const id = `sf-${f.key}`;
    const value = String(values[f.key as keyof SweepFormValues] ?? '');
    const form = values.axisForms[f.key];
    const common = {
      id,
      name: f.key,
      value,
      'aria-invalid': err ? true : undefined,
      'aria-describedby': `${id}-help${err ? ` ${id}-error` : ''}`,
      'data-testid': `sweep-field-${f.key}`,
    };
    const unit = f.key === 'searchMin' || f.key === 'searchMax' ? ` (${values.searchResource})` : '';
    return (
      <div key={f.key} className={`field${err ? ' field-invalid' : ''}`} data-testid={`sweep-fieldset-${f.key}`}>
        <label htmlFor={id}>
          {f.label}
          {unit}
        </label>
        <div className={f.ranges ? 'axis-input' : undefined}>
          {f.ranges && (
            <select
              aria-label={`${f.label}: list or range`}
              value={form ?? ''}
              data-testid={`sweep-axis-form-${f.key}`}
              onChange={(e) => setAxisForm(f.key, e.target.value as RangeForm | '')}
            >
              <option value="">list</option>
              {f.ranges.map((r) => (
                <option key={r} value={r}>
                  {r} lo hi
                </option>
              ))}
            </select>
          )}
          {f.kind === 'select' ? (
            <select {...common} onChange={(e) => set(f.key as keyof SweepFormValues, e.target.value as never)}>
              {f.options?.map(([v, text]) => (
                <option key={v} value={v}>
                  {text}
                </option>
              ))}
            </select>
          ) : (
            <input
              {...common}
              type="text"
              inputMode={f.kind === 'int' || f.kind === 'float' ? 'decimal' : 'text'}
              placeholder={form ? 'lo, hi' : f.placeholder}
              onChange={(e) => set(f.key as keyof SweepFormValues, e.target.value as never)}
            />
          )}
        </div>
        {err && (
          <div className="field-error" id={`${id}-error`} data-testid={`sweep-error-${f.key}`} role="alert">
            {err}
          </div>
        )}
        <div className="field-help" id={`${id}-help`}>
          {form ? `${form}: ${RANGE_HELP[form]}; needs sampling.` : f.help}
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
          <button type="button" className="btn" data-testid="btn-paper-load" disabled={!paper || submitting} onClick={() => paper && load(paper)}>
            Edit it first
          </button>
          {paper && <span className="muted small">{paper.description}</span>}
          {presets.error && (
            <span className="muted small" data-testid="presets-error">
              Presets unavailable: {presets.error}
            </span>
          )}
        </div>
        {others.map((p) => (
          <PresetRow
            key={p.name}
            preset={p}
            label={p.sweep.search ? 'A search with early stopping' : 'Preset'}
            testId={`preset-${p.name}`}
            disabled={submitting}
            onRun={() => void send({ preset: p.name })}
            onLoad={() => load(p)}
          />
        ))}
      </div>

      <form className="spec-form" onSubmit={submit} noValidate data-testid="sweep-form">
        {values.preset && (
          <p className="muted small" data-testid="sweep-preset-note">
            From the preset “{values.preset}”: the fields below override it.
          </p>
        )}
        {GROUPS.map((g) => (
          <fieldset key={g.id} className="field-group">
            <legend>{g.title(values)}</legend>
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
            {count === null
              ? 'Fix the lists to see the run count.'
              : `This sweep starts ${runsText(count)}${values.sampleMethod ? ` (drawn, ${values.sampleMethod})` : ''}${values.searchMethod ? '; the search stops the bad ones early' : ''}.`}
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
