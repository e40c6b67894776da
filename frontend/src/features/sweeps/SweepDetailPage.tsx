import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, errorMessage } from '../../api/client';
import { useAsync } from '../../api/hooks';
import type { MetricsResponse } from '../../api/types';
import type { Sweep, SweepRun, SweepVerdict } from '../../api/sweeps';
import { DownloadLink } from '../../components/DownloadLink';
import { ErrorCharts } from '../../components/ErrorCharts';
import { Empty, ErrorBox, Loading, StateBadge } from '../../components/Status';
import { fmtBytes, fmtDuration, fmtNumber, fmtPercent, fmtTime, fmtWorkers } from '../../lib/format';
import { countsText } from './SweepsPage';
import { ParallelCoordinates } from './ParallelCoordinates';
import { RungsPanel, SearchSummary } from './SearchPanels';
import { SWEEP_SERIES, sweepCharts } from './sweepCharts';

/** Sweep refresh while it runs. */
export const SWEEP_REFRESH_MS = 3_000;
/** Curves refresh while it runs (one /metrics call per run). */
export const CURVES_REFRESH_MS = 10_000;
const MAX_POINTS = 400;

const ANSWER_COLORS: Record<string, string> = { YES: '#2f855a', NO: '#c53030', PARTLY: '#b7791f', UNDECIDED: '#7a7f87' };

function Verdict({ verdict }: { verdict: SweepVerdict }) {
  return (
    <div className="panel sweep-verdict" data-testid="sweep-verdict">
      <h2>Verdict</h2>
      <ul className="verdict-list">
        {verdict.questions.map((q) => (
          <li key={q.id} data-testid="verdict-question" data-answer={q.answer}>
            <span className="badge" style={{ background: ANSWER_COLORS[q.answer] ?? '#555' }}>
              {q.answer}
            </span>{' '}
            <strong>{q.question}</strong>
            <div className="muted small">{q.detail}</div>
          </li>
        ))}
      </ul>
      {verdict.bytesToTarget.length > 0 && (
        <table className="table" data-testid="verdict-bytes">
          <thead>
            <tr>
              <th>Algorithm</th>
              <th>τ</th>
              <th>Median bytes to target</th>
              <th>Seeds that reached it</th>
            </tr>
          </thead>
          <tbody>
            {verdict.bytesToTarget.map((b) => (
              <tr key={`${b.algorithm}-${b.tau}`}>
                <td>{b.algorithm}</td>
                <td>{b.tau}</td>
                <td>{fmtBytes(b.medianBytesToTarget)}</td>
                <td>{b.reached}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Parameters with a column of their own; any other axis a run varied (β, compression, …) gets one after them. */
const FIXED_PARAMS = ['algorithm', 'tau', 'eta', 'workers', 'seed'];

const WORKER_SECONDS_TITLE = 'what the run cost: wall time × its workers (virtual ones and virtual seconds for a simulated run)';

/**
 * A run's value of each column: what the grid varied for it, else the sweep's base (null if neither
 * set it). With a search, the highest rung decided for each run.
 */
function RunsTable({ sweep }: { sweep: Sweep }) {
  const otherParams = [...new Set(sweep.runs.flatMap((r) => Object.keys(r.params)))].filter((k) => !FIXED_PARAMS.includes(k));
  const searched = sweep.search !== null && sweep.search !== undefined;
  return (
    <table className="table" data-testid="sweep-runs">
      <thead>
        <tr>
          <th>Run</th>
          <th>Algorithm</th>
          <th title="communication period">τ</th>
          <th title="learning rate">η</th>
          <th title="workers">p</th>
          <th>Seed</th>
          {otherParams.map((k) => (
            <th key={k}>{k}</th>
          ))}
          <th>State</th>
          {searched && <th title="the highest rung decided for the run">Rung</th>}
          <th>Best test error</th>
          <th>Time to target</th>
          <th>Bytes to target</th>
          <th>Final test error</th>
          <th title={WORKER_SECONDS_TITLE}>Worker time</th>
        </tr>
      </thead>
      <tbody>
        {sweep.runs.map((r: SweepRun) => (
          <tr key={r.jobId} data-testid="sweep-run" data-job-id={r.jobId} data-best={r.best} className={r.best ? 'row-best' : undefined} aria-label={r.best ? `${r.label}, best run` : undefined}>
            <td>
              {r.best && (
                <span className="best-mark" role="img" aria-label="best run" title="best run" data-testid="best-mark">
                  ★
                </span>
              )}{' '}
              <Link to={`/jobs/${r.jobId}`} data-testid="sweep-run-link">
                #{r.jobId} {r.label}
              </Link>
            </td>
            <td>{r.params.algorithm ?? sweep.base.algorithm}</td>
            <td>{r.params.tau ?? sweep.base.tau}</td>
            <td>{fmtNumber(r.params.eta ?? sweep.base.eta)}</td>
            <td>{r.params.workers ?? fmtWorkers(sweep.base)}</td>
            <td>{r.params.seed ?? sweep.base.seed}</td>
            {otherParams.map((k) => (
              <td key={k}>{typeof r.params[k] === 'number' ? fmtNumber(r.params[k] as number) : (r.params[k] ?? '—')}</td>
            ))}
            <td>
              <StateBadge state={r.state} />
            </td>
            {searched && <td data-testid="run-rung">{r.rung ?? '—'}</td>}
            <td data-testid="run-best-error">{fmtPercent(r.bestTestError)}</td>
            <td>{r.secondsToTarget === null ? <span className="muted">not reached</span> : fmtDuration(r.secondsToTarget)}</td>
            <td>{r.bytesToTarget === null ? <span className="muted">not reached</span> : fmtBytes(r.bytesToTarget)}</td>
            <td>{fmtPercent(r.finalTestError)}</td>
            <td data-testid="run-worker-seconds" data-value={r.workerSeconds ?? ''}>
              {fmtDuration(r.workerSeconds)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SweepDetailPage({ refreshMs = SWEEP_REFRESH_MS, curvesRefreshMs = CURVES_REFRESH_MS }: { refreshMs?: number; curvesRefreshMs?: number }) {
  const { id = '' } = useParams();
  const [running, setRunning] = useState(false);
  const sweep = useAsync<Sweep>((signal) => api.getSweep(id, signal), [id], running ? refreshMs : undefined);
  const data = sweep.data;
  useEffect(() => setRunning(data?.state === 'RUNNING'), [data?.state]);

  const jobIds = useMemo(() => data?.runs.map((r) => r.jobId) ?? [], [data]);
  const jobKey = jobIds.join(',');
  const curves = useAsync<Map<number, MetricsResponse>>(
    async (signal) => {
      const all = await Promise.all(jobIds.map((j) => api.getMetrics(j, { series: SWEEP_SERIES, maxPoints: MAX_POINTS }, signal)));
      return new Map(all.map((m, i) => [jobIds[i], m]));
    },
    [jobKey],
    running ? curvesRefreshMs : undefined,
  );
  const charts = useMemo(() => sweepCharts(data?.runs ?? [], curves.data ?? new Map()), [data?.runs, curves.data]);

  const [confirm, setConfirm] = useState(false);
  const [cancel, setCancel] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const doCancel = async () => {
    setCancel({ busy: true, error: null });
    try {
      const s = await api.cancelSweep(id);
      sweep.setData(() => s);
      setConfirm(false);
      setCancel({ busy: false, error: null });
    } catch (e) {
      setCancel({ busy: false, error: `Cancel failed: ${errorMessage(e)}` });
    }
  };

  if (!data) {
    return (
      <section className="page" data-testid="sweep-detail">
        {sweep.error ? <ErrorBox message={sweep.error} onRetry={sweep.reload} testId="sweep-error" /> : <Loading what={`Loading sweep ${id}…`} />}
      </section>
    );
  }
  const best = data.runs.find((r) => r.best) ?? data.runs.find((r) => r.jobId === data.best);
  const target = data.target?.testError;

  return (
    <section className="page" data-testid="sweep-detail" data-state={data.state}>
      <div className="page-head">
        <h1>
          Sweep {data.id} {data.name && <span className="job-name">{data.name}</span>} <StateBadge state={data.state} testId="sweep-state" />
        </h1>
        <div className="toolbar">
          <span className="csv-links">
            <DownloadLink
              path={`/sweeps/${data.id}/results.csv`}
              filename={`easgd-sweep-${data.id}-results.csv`}
              accept="text/csv"
              testId="link-results-csv"
              title="One line per run: its parameters and results (pandas.read_csv)"
            >
              Download CSV
            </DownloadLink>
            <DownloadLink
              path={`/sweeps/${data.id}/metrics.csv`}
              filename={`easgd-sweep-${data.id}-metrics.csv`}
              accept="text/csv"
              testId="link-metrics-csv"
              title="Every stored metric point of every run (jobId,series,worker,t,step,value)"
            >
              Metrics CSV
            </DownloadLink>
          </span>
          {running && (
            <span className="live-dot live-open" data-testid="sweep-live">
              refreshing every {Math.round(refreshMs / 1000)}s
            </span>
          )}
          {data.state === 'RUNNING' && !confirm && (
            <button type="button" className="btn btn-danger" data-testid="btn-sweep-cancel" disabled={cancel.busy} onClick={() => setConfirm(true)}>
              Cancel sweep
            </button>
          )}
          {data.state === 'RUNNING' && confirm && (
            <span className="confirm">
              Cancel all {data.counts.queued + data.counts.running} unfinished runs?{' '}
              <button type="button" className="btn btn-danger" data-testid="btn-sweep-cancel-confirm" disabled={cancel.busy} onClick={doCancel}>
                Yes, cancel the sweep
              </button>{' '}
              <button type="button" className="btn" data-testid="btn-sweep-cancel-abort" onClick={() => setConfirm(false)}>
                No
              </button>
            </span>
          )}
        </div>
      </div>
      {sweep.error && <ErrorBox message={`Refresh failed: ${sweep.error}`} onRetry={sweep.reload} testId="sweep-refresh-error" />}
      {cancel.error && <ErrorBox message={cancel.error} testId="sweep-cancel-error" />}

      {data.warnings && data.warnings.length > 0 && (
        <ul className="warnings" data-testid="sweep-warnings">
          {data.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}

      <div className="panel sweep-summary">
        <dl className="kv">
          <dt>Runs</dt>
          <dd data-testid="sweep-counts">{countsText(data.counts)}</dd>
          <dt>Preset</dt>
          <dd>{data.preset ?? '—'}</dd>
          <dt>Target test error</dt>
          <dd>{fmtPercent(target)}</dd>
          <dt>Best run</dt>
          <dd data-testid="sweep-best">{best ? <Link to={`/jobs/${best.jobId}`}>#{best.jobId} {best.label}</Link> : '—'}</dd>
          <dt title={WORKER_SECONDS_TITLE}>Worker time</dt>
          <dd data-testid="sweep-worker-seconds" data-value={data.workerSeconds ?? ''}>
            {fmtDuration(data.workerSeconds)}
          </dd>
          <dt>Created</dt>
          <dd>{fmtTime(data.createdAt)}</dd>
          <dt>Finished</dt>
          <dd>{fmtTime(data.finishedAt)}</dd>
        </dl>
      </div>

      {(data.search || data.sample) && <SearchSummary search={data.search ?? null} sample={data.sample ?? null} />}
      {data.search && <RungsPanel sweep={data} />}

      {data.verdict && <Verdict verdict={data.verdict} />}

      {data.runs.length > 0 && <ParallelCoordinates runs={data.runs} />}

      {curves.error && <ErrorBox message={`Curves unavailable: ${curves.error}`} onRetry={curves.reload} testId="sweep-curves-error" />}
      {data.runs.length > 0 && (
        <ErrorCharts
          testIdPrefix="chart-sweep"
          timeTitle="Center test error vs wall time, all runs"
          bytesTitle="Center test error vs bytes on the wire (log), all runs"
          time={charts.time}
          bytes={charts.bytes}
          series={charts.series}
          bytesAxis="log"
          height={300}
        />
      )}

      {data.runs.length === 0 ? <Empty testId="sweep-no-runs">This sweep has no runs yet.</Empty> : <RunsTable sweep={data} />}
    </section>
  );
}
