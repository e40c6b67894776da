import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/client';
import { useAsync } from '../../api/hooks';
import { UPlotChart } from '../../components/UPlotChart';
import { ErrorBox, Loading, StateBadge } from '../../components/Status';
import { fmtNumber, fmtPercent, workerColor } from '../../lib/format';
import { cellAt, parseList, planApi, planChart, type Plan, type PlanCell, type PlanRequest } from './plan';

const REFRESH_MS = 2000;

interface Form {
  spec: string;
  link: string;
  workers: string;
  tau: string;
  target: string;
  maxSteps: string;
  stepMs: string;
}

export const PLAN_DEFAULTS: Form = {
  spec: '{"algorithm": "EAMSGD", "eta": 0.1, "delta": 0.9}',
  link: '1gbit,0.2ms',
  workers: '1, 2, 4, 8, 16',
  tau: '1, 4, 16',
  target: '0.08',
  maxSteps: '300',
  stepMs: 'measured',
};

/** The form's request, or the first field that cannot be read. */
export function toPlanRequest(f: Form): { request: PlanRequest } | { field: string; message: string } {
  let spec: PlanRequest['spec'];
  try {
    spec = f.spec.trim() ? JSON.parse(f.spec) : {};
  } catch {
    return { field: 'spec', message: 'must be a JSON object (a job spec)' };
  }
  const workers = parseList(f.workers);
  if (!workers) return { field: 'workers', message: 'must be a list of integers ≥ 1, e.g. 1, 2, 4, 8, 16' };
  const tau = parseList(f.tau);
  if (!tau) return { field: 'tau', message: 'must be a list of integers ≥ 1, e.g. 1, 4, 16' };
  const target = Number(f.target);
  const maxSteps = Number(f.maxSteps);
  const stepMs = f.stepMs.trim() === '' || f.stepMs.trim() === 'measured' ? undefined : Number(f.stepMs);
  return {
    request: {
      spec,
      link: f.link.trim(),
      workers,
      tau,
      target: { testError: target },
      budget: { maxSteps },
      ...(stepMs !== undefined ? { stepMs } : {}),
    },
  };
}

/** #/plan: the form; submitting starts the plan's short simulated runs and opens its table. */
export function PlanNewPage() {
  const navigate = useNavigate();
  const [form, setForm] = useState<Form>(PLAN_DEFAULTS);
  const [errors, setErrors] = useState<{ field: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof Form) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setForm({ ...form, [k]: e.target.value });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = toPlanRequest(form);
    if (!('request' in r)) {
      setErrors([r]);
      return;
    }
    setBusy(true);
    try {
      const plan = await planApi.create(r.request);
      navigate(`/plan/${plan.id}`);
    } catch (err) {
      const fields = err instanceof ApiError ? err.problem?.errors : undefined;
      setErrors(fields && fields.length ? fields.map((x) => ({ field: x.field, message: x.message })) : [{ field: '', message: errorMessage(err) }]);
    } finally {
      setBusy(false);
    }
  };

  const field = (k: keyof Form, label: string, help: string) => (
    <label className="field">
      <span>{label}</span>
      <input value={form[k]} onChange={set(k)} data-testid={`plan-${k}`} />
      <small className="muted">{help}</small>
    </label>
  );

  return (
    <section className="page" data-testid="plan-new">
      <div className="page-head">
        <h1>Plan my cluster</h1>
      </div>
      <p className="muted">
        How long would this job take to reach a test error on p workers over this link, and with which τ? Each (p, τ) is a
        short run on the virtual cluster (one agent simulates the p workers with the real rules and gradients; times are
        virtual seconds).
      </p>
      <form onSubmit={submit} className="form" data-testid="plan-form">
        <label className="field">
          <span>job spec</span>
          <textarea rows={3} value={form.spec} onChange={set('spec')} data-testid="plan-spec" />
          <small className="muted">a job spec without workers, tau and simulate (the plan sets them)</small>
        </label>
        {field('link', 'link', 'per worker: bandwidth,latency, e.g. 100mbit,0.5ms · 1gbit,0.2ms · 10gbit,0.05ms')}
        {field('workers', 'p', 'worker counts to try')}
        {field('tau', 'τ', 'communication periods to try')}
        {field('target', 'target test error', 'the error the plan times, in (0, 1)')}
        {field('maxSteps', 'budget (steps per worker)', 'each run stops here if it has not reached the target')}
        {field('stepMs', 'step time (ms)', '"measured" (timed on the agent from the job\'s model) or a number')}
        {errors.length > 0 && (
          <ul className="errors" data-testid="plan-errors">
            {errors.map((x) => (
              <li key={x.field + x.message}>
                {x.field && <code>{x.field}</code>} {x.message}
              </li>
            ))}
          </ul>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="plan-submit">
            {busy ? 'Starting…' : 'Plan'}
          </button>
        </div>
      </form>
    </section>
  );
}

function cellText(c: PlanCell | undefined): string {
  if (!c) return '—';
  if (c.secondsToTarget !== null) return `${fmtNumber(c.secondsToTarget, 1)} s`;
  if (c.reached === false) return c.bestTestError !== null ? `not reached (best ${fmtPercent(c.bestTestError)})` : 'not reached';
  return c.state === 'RUNNING' ? 'running…' : c.state === 'FAILED' || c.state === 'CANCELLED' ? c.state.toLowerCase() : 'queued';
}

/** #/plan/:id: the table of virtual time to the target per (p, τ), the fastest choice, and a chart over p. */
export function PlanDetailPage() {
  const params = useParams();
  const id = Number(params.id);
  const plan = useAsync<Plan>((signal) => planApi.get(id, signal), [id], REFRESH_MS);
  const chart = useMemo(() => (plan.data ? planChart(plan.data) : null), [plan.data]);
  if (!Number.isInteger(id) || id < 1) return <ErrorBox message={`"${params.id}" is not a plan id.`} />;
  if (!plan.data) return plan.error ? <ErrorBox message={plan.error} onRetry={plan.reload} /> : <Loading what={`Loading plan ${id}…`} />;
  const p = plan.data;
  const ps = [...p.workers].sort((a, b) => a - b);
  return (
    <section className="page" data-testid="plan-detail">
      <div className="page-head">
        <h1>
          <Link to="/plan" className="muted">
            Plan
          </Link>{' '}
          / #{p.id}
        </h1>
        <div className="toolbar">
          <StateBadge state={p.state} />
          <Link to={`/sweeps/${p.sweepId}`}>its sweep #{p.sweepId}</Link>
        </div>
      </div>
      <div className="sim-banner" role="note" data-testid="plan-summary">
        Virtual time to test error {p.targetTestError} over {p.link}, each run at most {p.maxSteps} steps per worker. {p.summary}
      </div>
      {p.fastest && (
        <p data-testid="plan-fastest">
          Fastest: <strong>p = {p.fastest.workers}, τ = {p.fastest.tau}</strong>, {fmtNumber(p.fastest.secondsToTarget, 1)} virtual s
          {' '}(<Link to={`/jobs/${p.fastest.jobId}`}>job #{p.fastest.jobId}</Link>)
        </p>
      )}
      <table className="table" data-testid="plan-table">
        <thead>
          <tr>
            <th>τ \ p</th>
            {ps.map((w) => (
              <th key={w}>p = {w}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.tau.map((t) => (
            <tr key={t}>
              <th>τ = {t}</th>
              {ps.map((w) => {
                const c = cellAt(p, w, t);
                const fastest = p.fastest && c && c.jobId === p.fastest.jobId;
                return (
                  <td key={w} className={fastest ? 'best' : undefined} data-testid="plan-cell" data-workers={w} data-tau={t} title={c?.note}>
                    {c ? <Link to={`/jobs/${c.jobId}`}>{cellText(c)}</Link> : '—'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {chart && (
        <UPlotChart
          testId="chart-plan"
          title="Virtual time to the target over p, one line per τ (gaps: not reached)"
          data={chart.data}
          series={chart.labels.map((label, i) => ({ label, color: workerColor(i), width: 2 }))}
          xLabel="p (workers)"
          yLabel="virtual s"
          xFormat={(v) => String(v)}
          yFormat={(v) => `${fmtNumber(v, 1)}s`}
          emptyText="No run reached the target yet"
        />
      )}
    </section>
  );
}
