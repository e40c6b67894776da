import { useCallback, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useAsync, useJobsStream } from '../../api/hooks';
import { JOB_STATES, type Job, type JobState, type Page } from '../../api/types';
import { Empty, ErrorBox, Loading, ProgressBar, StateBadge } from '../../components/Status';
import { fmtPercent, fmtTime, fmtTau, fmtWorkers } from '../../lib/format';
import { simulateSpec } from '../live/simulation';

const PAGE_SIZE = 50;

/** Inserts or replaces a job (newest first); drops it when it no longer matches the filter. */
export function upsertJob(list: Job[], job: Job, filter: JobState | ''): Job[] {
  const rest = list.filter((j) => j.id !== job.id);
  if (filter && job.state !== filter) return rest;
  const out = [...rest, job];
  out.sort((a, b) => b.id - a.id);
  return out;
}

export function JobsPage() {
  const [params, setParams] = useSearchParams();
  const filter = (params.get('state') ?? '') as JobState | '';
  const navigate = useNavigate();
  const [selected, setSelected] = useState<number[]>([]);

  const jobs = useAsync<Page<Job>>((signal) => api.listJobs({ state: filter, size: PAGE_SIZE }, signal), [filter]);
  const stream = useJobsStream(
    useCallback(
      (job: Job) =>
        jobs.setData((old) => {
          if (!old) return old;
          const before = old.items.some((j) => j.id === job.id);
          const items = upsertJob(old.items, job, filter).slice(0, PAGE_SIZE);
          const after = items.some((j) => j.id === job.id);
          return { ...old, items, total: old.total + (after && !before ? 1 : !after && before ? -1 : 0) };
        }),
      // eslint-disable-next-line react-hooks/exhaustive-deps
      [filter, jobs.setData],
    ),
  );

  const toggle = (id: number) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  return (
    <section className="page" data-testid="jobs-page">
      <div className="page-head">
        <h1>Jobs</h1>
        <div className="toolbar">
          <label className="inline">
            State{' '}
            <select
              value={filter}
              data-testid="filter-state"
              onChange={(e) => {
                const v = e.target.value;
                setParams(v ? { state: v } : {});
              }}
            >
              <option value="">all</option>
              {JOB_STATES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="btn"
            disabled={selected.length < 1}
            data-testid="btn-compare-selected"
            onClick={() => navigate(`/compare?ids=${selected.join(',')}`)}
          >
            Compare selected ({selected.length})
          </button>
          <Link className="btn btn-primary" to="/submit" data-testid="btn-new-job">
            New job
          </Link>
          <span className={`live-dot live-${stream.status}`} title={`live updates: ${stream.status}`} data-testid="jobs-stream-status">
            {stream.status === 'open' ? 'live' : stream.status}
          </span>
        </div>
      </div>

      {jobs.error && <ErrorBox message={jobs.error} onRetry={jobs.reload} testId="jobs-error" />}
      {!jobs.data && jobs.loading && <Loading what="Loading jobs…" />}
      {jobs.data && jobs.data.items.length === 0 && (
        <Empty testId="jobs-empty">
          {filter ? `No ${filter} jobs.` : 'No jobs yet.'} <Link to="/submit">Submit one</Link>.
        </Empty>
      )}
      {jobs.data && jobs.data.items.length > 0 && (
        <>
          <table className="table jobs-table" data-testid="jobs-table">
            <thead>
              <tr>
                <th className="col-check" aria-label="select" />
                <th>#</th>
                <th>Name</th>
                <th>State</th>
                <th>Algorithm</th>
                <th title="workers">p</th>
                <th title="communication period">τ</th>
                <th className="col-progress">Progress</th>
                <th title="center test error">Test error</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {jobs.data.items.map((j) => (
                <tr key={j.id} data-testid="job-row" data-job-id={j.id} data-state={j.state} className="clickable" onClick={() => navigate(`/jobs/${j.id}`)}>
                  <td className="col-check" onClick={(e) => e.stopPropagation()}>
                    <input
                      type="checkbox"
                      aria-label={`select job ${j.id}`}
                      checked={selected.includes(j.id)}
                      onChange={() => toggle(j.id)}
                      data-testid="job-select"
                    />
                  </td>
                  <td>
                    <Link to={`/jobs/${j.id}`} onClick={(e) => e.stopPropagation()} data-testid="job-link">
                      {j.id}
                    </Link>
                  </td>
                  <td className="ellipsis" title={j.name ?? ''}>
                    {j.name ?? <span className="muted">—</span>}
                  </td>
                  <td data-testid="job-state">
                    <StateBadge state={j.state} />
                  </td>
                  <td>{j.spec.algorithm}</td>
                  <td>{simulateSpec(j) ? `${simulateSpec(j)!.workers} (simulated)` : fmtWorkers(j.spec, j.progress)}</td>
                  <td data-testid="job-tau">{fmtTau(j.spec, j.progress)}</td>
                  <td className="col-progress">
                    <ProgressBar progress={j.progress} state={j.state} />
                  </td>
                  <td data-testid="job-test-error">{fmtPercent(j.result?.testError)}</td>
                  <td className="nowrap">{fmtTime(j.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {jobs.data.total > jobs.data.items.length && (
            <p className="muted small">
              Showing the newest {jobs.data.items.length} of {jobs.data.total} jobs.
            </p>
          )}
        </>
      )}
    </section>
  );
}
