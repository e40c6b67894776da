import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, errorMessage } from '../../api/client';
import { useAsync } from '../../api/hooks';
import type { Dataset } from '../../api/types';
import { ErrorBox, Loading } from '../../components/Status';
import {
  DEFAULTS,
  FIELDS,
  PAPER_ALGORITHMS,
  PAPER_PRESETS,
  QUICK_PRESET,
  DILOCO_PRESET,
  OVERLAP_MODES,
  applyPreset,
  TAU_AUTO,
  fromSpec,
  isApplicable,
  isTauAuto,
  mapFieldErrors,
  syntaxErrors,
  toBody,
  type FieldDef,
  type FieldKey,
  type FormValues,
  type MappedErrors,
  type Preset,
} from './spec';

export const CHECK_DEBOUNCE_MS = 400;

type CheckState =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'ok'; warnings: string[] }
  | { kind: 'invalid'; errors: MappedErrors; warnings: string[] }
  | { kind: 'failed'; message: string };

const GROUPS: { id: FieldDef['group']; title: string }[] = [
  { id: 'algorithm', title: 'Algorithm' },
  { id: 'training', title: 'Model and data' },
  { id: 'stop', title: 'Stopping' },
  { id: 'job', title: 'Job' },
];

function problemOf(e: unknown): MappedErrors | null {
  if (e instanceof ApiError && e.status === 400 && e.problem) return mapFieldErrors(e.problem.errors, e.problem.detail ?? e.problem.title);
  return null;
}

export function SubmitPage({ debounceMs = CHECK_DEBOUNCE_MS }: { debounceMs?: number }) {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const cloneOf = params.get('clone');
  const [values, setValues] = useState<FormValues>(DEFAULTS);
  /** The number τ held when "auto" was ticked, restored when it is unticked. */
  const lastTau = useRef(DEFAULTS.tau);
  const [touched, setTouched] = useState(false);
  const [check, setCheck] = useState<CheckState>({ kind: 'idle' });
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<MappedErrors | null>(null);
  const [submitFailure, setSubmitFailure] = useState<string | null>(null);
  const datasets = useAsync<Dataset[]>((signal) => api.listDatasets(signal), []);

  // Clone: prefill from the job's spec.
  const [cloneState, setCloneState] = useState<{ loading: boolean; error: string | null }>({ loading: !!cloneOf, error: null });
  useEffect(() => {
    if (!cloneOf) return;
    const ctrl = new AbortController();
    setCloneState({ loading: true, error: null });
    api
      .getJob(cloneOf, ctrl.signal)
      .then((job) => {
        setValues(fromSpec(job.spec, { name: job.name ? `${job.name}-clone` : `clone-of-${job.id}`, priority: job.priority }));
        setTouched(true);
        setCloneState({ loading: false, error: null });
      })
      .catch((e) => {
        if (!ctrl.signal.aborted) setCloneState({ loading: false, error: `Cannot load job ${cloneOf} to clone: ${errorMessage(e)}` });
      });
    return () => ctrl.abort();
  }, [cloneOf]);

  const localErrors = useMemo(() => syntaxErrors(values), [values]);
  const hasLocalErrors = Object.keys(localErrors).length > 0;

  // Debounced POST /jobs/check on every change.
  const seq = useRef(0);
  useEffect(() => {
    if (!touched) return;
    if (hasLocalErrors) {
      setCheck({ kind: 'idle' });
      return;
    }
    const my = ++seq.current;
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      setCheck({ kind: 'checking' });
      api
        .checkJob(toBody(values), ctrl.signal)
        .then((r) => {
          if (my === seq.current) setCheck({ kind: 'ok', warnings: r?.warnings ?? [] });
        })
        .catch((e) => {
          if (ctrl.signal.aborted || my !== seq.current) return;
          const mapped = problemOf(e);
          if (mapped) setCheck({ kind: 'invalid', errors: mapped, warnings: [] });
          else setCheck({ kind: 'failed', message: errorMessage(e) });
        });
    }, debounceMs);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [values, touched, hasLocalErrors, debounceMs]);

  const set = (key: FieldKey, value: string) => {
    setTouched(true);
    setSubmitError(null);
    setSubmitFailure(null);
    setValues((v) => {
      const next = { ...v, [key]: value } as FormValues;
      // α and β are alternatives: typing one clears the other.
      if (key === 'alpha' && value.trim() !== '') next.beta = '';
      if (key === 'beta' && value.trim() !== '') next.alpha = '';
      return next;
    });
  };

  const preset = (p: Preset) => {
    setTouched(true);
    setSubmitError(null);
    setSubmitFailure(null);
    setValues((v) => applyPreset(v, p));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (hasLocalErrors) return;
    setSubmitting(true);
    setSubmitError(null);
    setSubmitFailure(null);
    try {
      const job = await api.submitJob(toBody(values));
      navigate(`/jobs/${job.id}`);
    } catch (err) {
      const mapped = problemOf(err);
      if (mapped) setSubmitError(mapped);
      else setSubmitFailure(errorMessage(err));
    } finally {
      setSubmitting(false);
    }
  };

  // Errors to show: the submit answer wins over the last check.
  const serverErrors: MappedErrors | null = submitError ?? (check.kind === 'invalid' ? check.errors : null);
  const fieldError = (k: FieldKey): string | undefined => localErrors[k] ?? serverErrors?.fields[k];
  const warnings = check.kind === 'ok' || check.kind === 'invalid' ? check.warnings : [];

  const datasetOptions = useMemo(() => {
    const names = datasets.data?.map((d) => d.name) ?? [];
    if (values.dataset && !names.includes(values.dataset)) names.unshift(values.dataset);
    return names;
  }, [datasets.data, values.dataset]);

  const renderField = (f: FieldDef) => {
    const applicable = isApplicable(f.key, values);
    if ((f.key === 'modelJson' || f.autoTau) && !applicable) return null;
    const err = applicable ? fieldError(f.key) : undefined;
    const id = `f-${f.key}`;
    const common = {
      id,
      name: f.key,
      disabled: !applicable,
      'aria-invalid': err ? true : undefined,
      'aria-describedby': `${id}-help${err ? ` ${id}-error` : ''}`,
      'data-testid': `field-${f.key}`,
    } as const;
    let input;
    if (f.kind === 'select' && !(f.key === 'dataset' && datasets.error)) {
      const options = f.key === 'dataset' ? datasetOptions : (f.options ?? []);
      input = (
        <select {...common} value={values[f.key]} onChange={(e) => set(f.key, e.target.value)}>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    } else if (f.kind === 'checkbox') {
      input = (
        <input
          {...common}
          type="checkbox"
          checked={applicable && values[f.key] === 'true'}
          onChange={(e) => set(f.key, e.target.checked ? 'true' : '')}
        />
      );
    } else if (f.kind === 'overlap') {
      const mode = applicable ? values.overlap : '';
      input = (
        <span className="tau-input">
          <select {...common} value={mode} onChange={(e) => set('overlap', e.target.value)}>
            {OVERLAP_MODES.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          {mode === 'k' && (
            <input
              type="text"
              inputMode="numeric"
              aria-label="k, local steps"
              data-testid="overlap-k"
              value={values.overlapK}
              onChange={(e) => set('overlapK', e.target.value)}
            />
          )}
        </span>
      );
    } else if (f.kind === 'textarea') {
      input = <textarea {...common} rows={6} value={values[f.key]} placeholder="{ … }" onChange={(e) => set(f.key, e.target.value)} />;
    } else {
      input = (
        <input
          {...common}
          type="text"
          inputMode={f.kind === 'text' || f.kind === 'tau' ? 'text' : f.kind === 'float' ? 'decimal' : 'numeric'}
          value={values[f.key]}
          placeholder={applicable ? f.placeholder : 'not used'}
          onChange={(e) => set(f.key, e.target.value)}
        />
      );
    }
    if (f.kind === 'tau') {
      const auto = isTauAuto(values.tau);
      input = (
        <span className="tau-input">
          {input}
          <label className="tau-auto" title="Let the platform pick τ during the run">
            <input
              type="checkbox"
              data-testid="tau-auto"
              checked={auto}
              disabled={!applicable}
              onChange={(e) => {
                if (e.target.checked && values.tau.trim() !== '') lastTau.current = values.tau;
                set('tau', e.target.checked ? TAU_AUTO : lastTau.current);
              }}
            />{' '}
            auto
          </label>
        </span>
      );
    }
    return (
      <div key={f.key} className={`field${err ? ' field-invalid' : ''}${applicable ? '' : ' field-disabled'}${f.kind === 'textarea' ? ' field-wide' : ''}`} data-testid={`fieldset-${f.key}`}>
        <label htmlFor={id}>{f.label}</label>
        {input}
        {err && (
          <div className="field-error" id={`${id}-error`} data-testid={`error-${f.key}`} role="alert">
            {err}
          </div>
        )}
        <div className="field-help" id={`${id}-help`}>
          {applicable ? f.help : `Not used by ${values.algorithm}.`}
        </div>
      </div>
    );
  };

  const canSubmit = !submitting && !hasLocalErrors && !cloneState.loading;
  const general = serverErrors?.general ?? [];

  return (
    <section className="page" data-testid="submit-page">
      <div className="page-head">
        <h1>{cloneOf ? `Submit a copy of job ${cloneOf}` : 'Submit a job'}</h1>
      </div>

      <div className="presets" data-testid="presets">
        <div className="preset-row">
          <span className="preset-label">Quick start</span>
          <button type="button" className="btn btn-small" data-testid={`preset-${QUICK_PRESET.id}`} title={QUICK_PRESET.title} onClick={() => preset(QUICK_PRESET)}>
            {QUICK_PRESET.label}
          </button>
          <button type="button" className="btn btn-small" data-testid={`preset-${DILOCO_PRESET.id}`} title={DILOCO_PRESET.title} onClick={() => preset(DILOCO_PRESET)}>
            {DILOCO_PRESET.label}
          </button>
        </div>
        {PAPER_ALGORITHMS.map((alg) => (
          <div className="preset-row" key={alg}>
            <span className="preset-label" title="The paper's experiments: p=4, τ ∈ {1,4,16,64}">
              Paper · {alg} · p=4
            </span>
            {PAPER_PRESETS.filter((p) => p.values.algorithm === alg).map((p) => (
              <button type="button" key={p.id} className="btn btn-small" data-testid={`preset-${p.id}`} title={p.title} onClick={() => preset(p)}>
                {p.label}
              </button>
            ))}
          </div>
        ))}
      </div>

      {cloneState.loading && <Loading what={`Loading job ${cloneOf}…`} />}
      {cloneState.error && <ErrorBox message={cloneState.error} testId="clone-error" />}
      {datasets.error && (
        <p className="muted small" data-testid="datasets-error">
          The dataset list is unavailable ({datasets.error}); type the dataset name.
        </p>
      )}

      <form className="spec-form" onSubmit={submit} noValidate data-testid="submit-form">
        {GROUPS.map((g) => (
          <fieldset key={g.id} className="field-group">
            <legend>{g.title}</legend>
            <div className="field-grid">{FIELDS.filter((f) => f.group === g.id).map(renderField)}</div>
          </fieldset>
        ))}

        <div className="check-status" data-testid="check-status" data-check={check.kind} aria-live="polite">
          {check.kind === 'checking' && <span className="muted">Checking…</span>}
          {check.kind === 'ok' && <span className="ok">✓ The server accepts this spec.</span>}
          {check.kind === 'failed' && <span className="error-text" data-testid="check-error">{check.message}</span>}
        </div>

        {warnings.length > 0 && (
          <ul className="warnings" data-testid="check-warnings">
            {warnings.map((w) => (
              <li key={w} data-testid="check-warning">
                ⚠ {w}
              </li>
            ))}
          </ul>
        )}
        {general.length > 0 && (
          <div className="status status-error" role="alert" data-testid="form-error">
            {general.map((g) => (
              <div key={g}>{g}</div>
            ))}
          </div>
        )}
        {submitFailure && <ErrorBox message={submitFailure} testId="submit-error" />}

        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!canSubmit} data-testid="btn-submit">
            {submitting ? 'Submitting…' : 'Submit job'}
          </button>
          <button
            type="button"
            className="btn"
            data-testid="btn-reset"
            onClick={() => {
              setValues(DEFAULTS);
              setTouched(true);
              setSubmitError(null);
              setSubmitFailure(null);
            }}
          >
            Reset to defaults
          </button>
        </div>
      </form>
    </section>
  );
}
