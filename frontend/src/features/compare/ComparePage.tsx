import { useEffect, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useAsync } from '../../api/hooks';
import { isTerminal, type Job, type MetricsResponse, type Page } from '../../api/types';
import { ErrorCharts } from '../../components/ErrorCharts';
import { overlayTimeLabel } from '../live/simulation';
import type { ChartSeries } from '../../components/UPlotChart';
import { Empty, ErrorBox, Loading, StateBadge } from '../../components/Status';
import { fmtBytes, fmtNumber, fmtPercent, workerColor, fmtTau, fmtWorkers } from '../../lib/format';
import { errorOverlay, type ErrorOverlay } from '../../lib/metrics';

const COMPARE_SERIES = ['test_error', 'bytes_up', 'bytes_down'] as const;
const REFRESH_MS = 10_000;

/**
 * Job ids from the `ids` query parameter. Blank entries are skipped: `Number('')` is 0, so
 * without this a page opened with no selection asked for job 0 and showed its 404 as an error.
 */
export function parseIds(raw: string | null): number[] {
  const out: number[] = [];
  for (const part of (raw ?? '').split(',')) {
    const s = part.trim();
    if (!/^\d+$/.test(s)) continue;
    const n = Number(s);
    if (Number.isSafeInteger(n) && !out.includes(n)) out.push(n);
  }
  return out;
}

/** How many finished jobs the empty state's quick pick selects. */
export const QUICK_PICK = 4;

export function jobLabel(j: Job): string {
  return `#${j.id} ${j.spec.algorithm} p=${fmtWorkers(j.spec, null)} τ=${fmtTau(j.spec, j.progress)}`;
}

export interface CompareRun {
  job: Job;
  metrics: MetricsResponse;
}

/** Overlays: test error vs time (s) and vs cumulative bytes on the wire (MB), one line per job. */
export function compareCharts(runs: CompareRun[]): ErrorOverlay & { series: ChartSeries[] } {
  return {
    ...errorOverlay(
      runs.map((r) => r.metrics),
      1e6,
    ),
    series: runs.map((r, i) => ({ label: jobLabel(r.job), color: workerColor(i), width: 2 })),
  };
}

export function ComparePage() {
  const [params, setParams] = useSearchParams();
  const ids = useMemo(() => parseIds(params.get('ids')), [params]);
  const idKey = ids.join(',');
  const jobs = useAsync<Page<Job>>((signal) => api.listJobs({ size: 100 }, signal), []);

  const runs = useAsync<CompareRun[]>(
    (signal) =>
      // Nothing selected: nothing to load (the empty state shows instead).
      Promise.all(
        ids.map(async (id) => {
          const [job, metrics] = await Promise.all([api.getJob(id, signal), api.getMetrics(id, { series: COMPARE_SERIES, maxPoints: 600 }, signal)]);
          return { job, metrics };
        }),
      ),
    [idKey],
  );
  // Refresh while any of the chosen jobs is still going.
  const anyActive = runs.data?.some((r) => !isTerminal(r.job.state)) ?? false;
  const reload = runs.reload;
  useEffect(() => {
    if (!anyActive) return;
    const t = setInterval(reload, REFRESH_MS);
    return () => clearInterval(t);
  }, [anyActive, reload]);

  const charts = useMemo(() => compareCharts(runs.data ?? []), [runs.data]);
  // simulated jobs are plotted in virtual seconds: the axis says which time it is
  const timeLabel = overlayTimeLabel((runs.data ?? []).map((r) => r.job));
  const timeTitle =
    timeLabel === 'virtual s' ? 'Center test error vs virtual time' : timeLabel === 'time (s)' ? 'Center test error vs wall time' : 'Center test error vs time (virtual for simulated jobs)';

  const toggle = (id: number) => {
    const next = ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id];
    setParams(next.length ? { ids: next.join(',') } : {});
  };
  const finished = (jobs.data?.items ?? []).filter((j) => isTerminal(j.state) && j.state !== 'CANCELLED').slice(0, QUICK_PICK);

  return (
    <section className="page" data-testid="compare-page">
      <div className="page-head">
        <h1>Compare jobs</h1>
        <div className="toolbar">
          <button type="button" className="btn" onClick={runs.reload} disabled={ids.length === 0} data-testid="btn-compare-refresh">
            Refresh
          </button>
        </div>
      </div>
      <div className="compare-layout">
        <aside className="panel compare-picker" data-testid="compare-picker">
          <h2>Jobs</h2>
          {jobs.error && <ErrorBox message={jobs.error} onRetry={jobs.reload} />}
          {!jobs.data && jobs.loading && <Loading what="Loading jobs…" />}
          {jobs.data && jobs.data.items.length === 0 && <Empty>No jobs yet.</Empty>}
          <ul className="picker-list">
            {jobs.data?.items.map((j) => (
              <li key={j.id}>
                <label>
                  <input type="checkbox" checked={ids.includes(j.id)} onChange={() => toggle(j.id)} data-testid="compare-job-checkbox" data-job-id={j.id} />{' '}
                  {jobLabel(j)} <StateBadge state={j.state} />
                  {j.name && <div className="muted small ellipsis">{j.name}</div>}
                </label>
              </li>
            ))}
          </ul>
        </aside>
        <div className="compare-main">
          {ids.length === 0 && (
            <Empty testId="compare-empty">
              {jobs.data && jobs.data.items.length === 0 ? (
                <span>
                  No jobs yet: <Link to="/submit">submit one</Link> (or run a <Link to="/sweeps/new">sweep</Link>), then compare its curves here.
                </span>
              ) : (
                <span className="empty-guide">
                  <span>Choose jobs on the left to overlay their test error against wall time and against bytes on the wire.</span>
                  {finished.length > 0 && (
                    <button type="button" className="btn btn-small" data-testid="btn-compare-quick" onClick={() => setParams({ ids: finished.map((j) => j.id).join(',') })}>
                      Compare the {finished.length} newest finished {finished.length === 1 ? 'job' : 'jobs'}
                    </button>
                  )}
                </span>
              )}
            </Empty>
          )}
          {ids.length > 0 && runs.error && <ErrorBox message={runs.error} onRetry={runs.reload} testId="compare-error" />}
          {ids.length > 0 && !runs.data && runs.loading && <Loading what="Loading metrics…" />}
          {ids.length > 0 && (
            <>
              <ErrorCharts
                className="charts-grid charts-grid-1"
                testIdPrefix="chart-compare"
                timeTitle={timeTitle}
                timeLabel={timeLabel}
                bytesTitle="Center test error vs cumulative bytes on the wire"
                time={charts.time}
                bytes={charts.bytes}
                series={charts.series}
                bytesAxis="MB"
                height={260}
              />
              {runs.data && (
                <table className="table" data-testid="compare-table">
                  <thead>
                    <tr>
                      <th>Job</th>
                      <th>State</th>
                      <th>η</th>
                      <th>β / α</th>
                      <th>δ</th>
                      <th>Test error</th>
                      <th>Bytes on the wire</th>
                    </tr>
                  </thead>
                  <tbody>
                    {runs.data.map((r, i) => (
                      <tr key={r.job.id} data-testid="compare-row">
                        <td>
                          <span className="swatch" style={{ background: workerColor(i) }} /> <Link to={`/jobs/${r.job.id}`}>{jobLabel(r.job)}</Link>
                        </td>
                        <td>
                          <StateBadge state={r.job.state} />
                        </td>
                        <td>{r.job.spec.eta ?? '—'}</td>
                        <td>
                          {r.job.spec.beta ?? '—'} / {fmtNumber(r.job.spec.alpha)}
                        </td>
                        <td>{r.job.spec.delta ?? '—'}</td>
                        <td>{fmtPercent(r.job.result?.testError)}</td>
                        <td>{fmtBytes(charts.totals[i])}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
        </div>
      </div>
    </section>
  );
}
