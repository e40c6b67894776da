import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, errorMessage } from '../../api/client';
import { downloadFile } from '../../api/download';
import { useAsync } from '../../api/hooks';
import { isTerminal, type Job } from '../../api/types';
import { DownloadLink } from '../../components/DownloadLink';
import { UPlotChart } from '../../components/UPlotChart';
import { Empty, ErrorBox, Loading, ProgressBar, StateBadge } from '../../components/Status';
import { fmtAgo, fmtBytes, fmtDuration, fmtNumber, fmtPercent, fmtTau, fmtTime, fmtWorkers } from '../../lib/format';
import { fetchLab } from '../agents/LabPanel';
import { FaultsPanel } from '../faults/FaultsPanel';
import { bandsOnSteps, faultMarks } from '../faults/marks';
import { useJobFaults } from '../faults/useJobFaults';
import {
  bytesChart,
  computeShareChart,
  latest,
  linkCapacityMbps,
  perWorkerChart,
  stepMarkers,
  stepReference,
  tauChart,
  testChart,
  throughputChart,
  timeMarkers,
  workersChart,
} from './charts';
import { Stragglers } from './Stragglers';
import { useJobLive } from './useJobLive';
import { isSimulated, simulateSpec, simulationBanner, timeAxisLabel } from './simulation';

const secs = (v: number) => `${fmtNumber(v, 1)}s`;
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const mb = (v: number) => `${fmtNumber(v, 2)} MB`;
const mbps = (v: number) => fmtNumber(v, 3);        // the axis says Mbit/s: "1000 Mbit/s" would not fit it
/** A share of time, "91 %". */
const fmtShare = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 100)} %`);

function SpecSummary({ job }: { job: Job }) {
  const s = job.spec;
  const items: [string, unknown][] = [
    ['algorithm', s.algorithm],
    ['p', simulateSpec(job) ? `${simulateSpec(job)!.workers} (simulated on one agent)` : fmtWorkers(s, job.progress)],
    ['τ', fmtTau(s, job.progress)],
    ['τ target share', s.autoTau ? `${fmtNumber(s.autoTau.commShare * 100, 4)} %` : null],
    ['τ range', s.autoTau ? `${s.autoTau.min} … ${s.autoTau.max}` : null],
    ['overlap', s.overlap === true ? 'auto: each worker runs its exchange behind k local steps, k from its timings'
      : typeof s.overlap === 'number' ? `k = ${s.overlap}: each exchange runs behind ${s.overlap} local step${s.overlap === 1 ? '' : 's'}`
      : null],
    ['η', s.eta],
    // a worker range: α = β/p follows the current p
    ['α', typeof s.workers === 'object' && s.workers && s.beta != null && s.alpha != null
      ? `${fmtNumber(s.beta / (job.progress?.workers ?? s.workers.min), 4)} (β/p)`
      : s.alpha],
    ['β', s.beta],
    ['δ', s.delta],
    ['a', s.averagingRate],
    ['inner', s.innerOptimizer],
    ['outer lr', s.outerLr],
    ['outer μ', s.outerMomentum],
    ['ρ', s.rho],
    ['batch', s.batchSize],
    ['λ', s.weightDecay],
    ['compression', s.compression ?? 'none'],
    ['model', s.model],
    ['dataset', s.dataset],
    ['seed', s.seed],
    ['max steps', s.stop?.maxSteps],
    ['max wall', s.stop?.maxWallSeconds ? fmtDuration(s.stop.maxWallSeconds) : null],
    ['target error', s.stop?.targetTestError],
  ];
  return (
    <dl className="spec-summary" data-testid="job-spec">
      {items
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{String(v)}</dd>
          </div>
        ))}
    </dl>
  );
}

const downloadModel = (id: number) => downloadFile(`/jobs/${id}/model`, `easgd-job-${id}-model.zip`, 'application/zip, application/octet-stream, */*');

export function JobDetailPage() {
  const params = useParams();
  const id = Number(params.id);
  if (!Number.isInteger(id) || id < 0) return <ErrorBox message={`"${params.id}" is not a job id.`} />;
  return <JobDetail key={id} id={id} />;
}

function JobDetail({ id }: { id: number }) {
  const navigate = useNavigate();
  const live = useJobLive(id);
  const { job, store, version, timeline, startMs } = live;
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [action, setAction] = useState<{ busy: string | null; error: string | null }>({ busy: null, error: null });
  const lab = useAsync((signal) => fetchLab(signal), []);
  const capacity = linkCapacityMbps(lab.data ?? null);

  const charts = useMemo(
    () => ({
      testTime: testChart(store, 'time'),
      testStep: testChart(store, 'step'),
      trainLoss: perWorkerChart(store, 'train_loss'),
      bytes: bytesChart(store),
      elastic: perWorkerChart(store, 'elastic_distance'),
      latency: perWorkerChart(store, 'latency_ms'),
      tau: tauChart(store),
      workers: workersChart(store),
      computeShare: computeShareChart(store),
      throughput: throughputChart(store, capacity),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [store, version, capacity],
  );
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const utilization = useMemo(() => latest(store, 'compute_utilization'), [store, version]);
  const tMarkers = useMemo(() => timeMarkers(timeline, startMs), [timeline, startMs]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const sMarkers = useMemo(() => stepMarkers(timeline, startMs, store), [timeline, startMs, store, version]);
  const jobFaults = useJobFaults(id, live.faults);
  const tBands = useMemo(() => faultMarks(jobFaults.faults, startMs), [jobFaults.faults, startMs]);
  // the step chart: each end of a band at the step the job was at then (interpolated from the test error's points)
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const sBands = useMemo(() => bandsOnSteps(tBands, stepReference(store)), [tBands, store, version]);

  if (!job) {
    if (live.jobError) return <ErrorBox message={live.jobError} onRetry={live.reloadJob} testId="job-error" />;
    return <Loading what={`Loading job ${id}…`} />;
  }

  const ended = isTerminal(job.state);
  const workerShare = (rank: number) => {
    const share = latest(store, 'compute_share', rank);
    if (share === null) return '—';
    const percent = Math.round(share * 100);
    return `compute ${percent} % · wait ${100 - percent} %`;
  };
  const autoTau = job.spec.tau === 'auto';
  // a simulated job's metrics are in virtual seconds: say so on every time axis; wall-clock events do not fit it
  const simulated = isSimulated(job);
  const xTime = timeAxisLabel(job);
  const banner = simulationBanner(job);
  const timeMarks = simulated ? undefined : tMarkers;
  const timeBands = simulated ? undefined : tBands;
  const workerRange = job.spec.workers !== null && typeof job.spec.workers === 'object';
  const notStarted = job.state === 'QUEUED' || job.state === 'ASSIGNING';
  const neverRan = !job.startedAt;
  const emptyText = notStarted
    ? `Waiting for the job to start (${job.state})…`
    : ended && neverRan
      ? `No data: the job ended (${job.state}) before it ran`
      : live.history.loading
        ? 'Loading history…'
        : 'No data yet';

  const run = async (name: string, f: () => Promise<void>) => {
    setAction({ busy: name, error: null });
    try {
      await f();
      setAction({ busy: null, error: null });
    } catch (e) {
      setAction({ busy: null, error: errorMessage(e) });
    }
  };

  const cancel = () =>
    run('cancel', async () => {
      setConfirmCancel(false);
      live.setJob(await api.cancelJob(id));
    });

  return (
    <section className="page" data-testid="job-detail" data-job-id={id}>
      <div className="page-head">
        <h1>
          <Link to="/jobs" className="muted">
            Jobs
          </Link>{' '}
          / #{job.id} {job.name && <span className="job-name">{job.name}</span>}
        </h1>
        <div className="toolbar">
          <span data-testid="job-state" data-state={job.state}>
            <StateBadge state={job.state} />
          </span>
          <span className={`live-dot live-${live.stream.status}`} data-testid="job-stream-status" title={live.stream.error ?? `live updates: ${live.stream.status}`}>
            {ended ? 'ended' : live.stream.status === 'open' ? 'live' : live.stream.status}
          </span>
          {!ended && !confirmCancel && (
            <button type="button" className="btn btn-danger" data-testid="btn-cancel" disabled={action.busy !== null} onClick={() => setConfirmCancel(true)}>
              Cancel job
            </button>
          )}
          {!ended && confirmCancel && (
            <span className="confirm">
              Cancel this job?{' '}
              <button type="button" className="btn btn-danger" data-testid="btn-cancel-confirm" onClick={cancel}>
                Yes, cancel
              </button>{' '}
              <button type="button" className="btn" data-testid="btn-cancel-abort" onClick={() => setConfirmCancel(false)}>
                No
              </button>
            </span>
          )}
          <button type="button" className="btn" data-testid="btn-clone" onClick={() => navigate(`/submit?clone=${job.id}`)}>
            Clone…
          </button>
          <button
            type="button"
            className="btn"
            data-testid="btn-download-model"
            disabled={notStarted || neverRan || simulated || action.busy !== null}
            title={
              simulated
                ? 'No model: a simulated job keeps its center on the agent'
                : notStarted || neverRan
                  ? 'No model: the job has not run'
                  : 'The center variable as a DL4J ModelSerializer zip'
            }
            onClick={() => run('download', () => downloadModel(job.id))}
          >
            {action.busy === 'download' ? 'Downloading…' : 'Download model'}
          </button>
          <DownloadLink
            path={`/jobs/${job.id}/metrics.csv`}
            filename={`easgd-job-${job.id}-metrics.csv`}
            accept="text/csv"
            testId="link-job-metrics-csv"
            title="Every stored metric point of the job (series,worker,t,step,value), for a notebook"
          >
            Metrics CSV
          </DownloadLink>
        </div>
      </div>

      {action.error && <ErrorBox message={action.error} testId="action-error" />}
      {live.stream.error && !ended && <ErrorBox message={live.stream.error} testId="stream-error" />}
      {live.jobError && <ErrorBox message={live.jobError} onRetry={live.reloadJob} testId="job-error" />}

      <div className="detail-summary">
        <div className="summary-card">
          <ProgressBar progress={job.progress} state={job.state} />
          <dl className="kv">
            <div>
              <dt>test error</dt>
              <dd data-testid="job-test-error">{fmtPercent(job.result?.testError)}</dd>
            </div>
            <div>
              <dt>test loss</dt>
              <dd>{fmtNumber(job.result?.testLoss)}</dd>
            </div>
            <div>
              <dt>bytes ↑/↓</dt>
              <dd>
                {fmtBytes(job.result?.bytesUp)} / {fmtBytes(job.result?.bytesDown)}
              </dd>
            </div>
            <div title="Σ worker compute time / Σ worker wall time so far (protocol 2 agents)">
              <dt>compute</dt>
              <dd data-testid="job-compute-utilization">{utilization === null ? '—' : `compute ${fmtShare(utilization)}`}</dd>
            </div>
            <div>
              <dt>created</dt>
              <dd>{fmtTime(job.createdAt)}</dd>
            </div>
            <div>
              <dt>started</dt>
              <dd>{fmtTime(job.startedAt)}</dd>
            </div>
            <div>
              <dt>finished</dt>
              <dd>{fmtTime(job.finishedAt)}</dd>
            </div>
          </dl>
        </div>
        <div className="summary-card">
          <SpecSummary job={job} />
        </div>
      </div>

      {banner && (
        <div className="sim-banner" role="note" data-testid="job-simulated">
          {banner}
          {' '}
          <span className="muted">(one agent runs the virtual cluster; times are virtual seconds)</span>
        </div>
      )}
      {job.warnings && job.warnings.length > 0 && (
        <ul className="warnings" data-testid="job-warnings">
          {job.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      )}
      {live.history.error && <ErrorBox message={`Metric history: ${live.history.error}`} testId="history-error" />}

      <div className="charts-grid">
        <UPlotChart
          testId="chart-test-error"
          title={simulated ? 'Center test error & loss vs virtual time' : 'Center test error & loss vs wall time'}
          data={charts.testTime.data}
          series={charts.testTime.series}
          xLabel={xTime}
          yLabel="test error"
          y2Label="test loss"
          xFormat={secs}
          yFormat={pct}
          markers={timeMarks}
          bands={timeBands}
          emptyText={emptyText}
        />
        <UPlotChart
          testId="chart-test-error-step"
          title="Center test error & loss vs step"
          data={charts.testStep.data}
          series={charts.testStep.series}
          xLabel="step"
          yLabel="test error"
          y2Label="test loss"
          yFormat={pct}
          markers={sMarkers}
          bands={simulated ? undefined : sBands}
          emptyText={emptyText}
        />
        <UPlotChart
          testId="chart-train-loss"
          title="Train loss per worker"
          data={charts.trainLoss.data}
          series={charts.trainLoss.series}
          xLabel={xTime}
          yLabel="train loss"
          xFormat={secs}
          markers={timeMarks}
          bands={timeBands}
          emptyText={emptyText}
        />
        <UPlotChart
          testId="chart-bytes"
          title="Bytes on the wire (up + down, cumulative)"
          data={charts.bytes.data}
          series={charts.bytes.series}
          xLabel={xTime}
          yLabel="MB"
          xFormat={secs}
          yFormat={mb}
          markers={timeMarks}
          bands={timeBands}
          emptyText={emptyText}
        />
        <UPlotChart
          testId="chart-elastic-distance"
          title="Elastic distance ‖xᵢ − x̃‖ per worker"
          data={charts.elastic.data}
          series={charts.elastic.series}
          xLabel={xTime}
          yLabel="distance"
          xFormat={secs}
          markers={timeMarks}
          bands={timeBands}
          emptyText={emptyText}
        />
        <UPlotChart
          testId="chart-latency"
          title="Exchange latency per worker"
          data={charts.latency.data}
          series={charts.latency.series}
          xLabel={xTime}
          yLabel="ms"
          xFormat={secs}
          markers={timeMarks}
          bands={timeBands}
          emptyText={emptyText}
        />
        <UPlotChart
          testId="chart-compute-share"
          title={`Computing vs waiting for exchanges per worker${utilization === null ? '' : ` (job: compute ${fmtShare(utilization)})`}`}
          data={charts.computeShare.data}
          series={charts.computeShare.series}
          xLabel={xTime}
          yLabel="share of time"
          xFormat={secs}
          yFormat={(v) => `${Math.round(v * 100)}%`}
          yRange={[0, 1]}
          markers={timeMarks}
          bands={timeBands}
          emptyText={ended || notStarted ? emptyText : 'No data yet (agents of protocol 2 report their compute and wait times)'}
        />
        <UPlotChart
          testId="chart-throughput"
          title={
            capacity === null
              ? 'Exchange throughput per worker (no bandwidth lab: no link capacity to compare with)'
              : `Exchange throughput per worker against the link's measured ${fmtNumber(capacity, 3)} Mbit/s`
          }
          data={charts.throughput.data}
          series={charts.throughput.series}
          xLabel={xTime}
          yLabel="Mbit/s"
          xFormat={secs}
          yFormat={mbps}
          markers={timeMarks}
          bands={timeBands}
          emptyText={emptyText}
        />
        {autoTau && (
          <UPlotChart
            testId="chart-tau"
            title={`Period τ (auto${job.progress?.tau != null ? `, now ${job.progress.tau}` : ''}) and each worker's step / exchange time`}
            data={charts.tau.data}
            series={charts.tau.series}
            xLabel={xTime}
            yLabel="τ"
            y2Label="ms"
            xFormat={secs}
            emptyText={emptyText}
          />
        )}
        {workerRange && (
          <UPlotChart
            testId="chart-workers"
            title={`Workers p (${fmtWorkers(job.spec, job.progress)}): agents join up to the max and leave down to the min`}
            data={charts.workers.data}
            series={charts.workers.series}
            xLabel={xTime}
            yLabel="p"
            xFormat={secs}
            markers={timeMarks}
          bands={timeBands}
            emptyText={emptyText}
          />
        )}
      </div>

      <div className="detail-bottom">
        <section className="panel">
          <h2>Workers</h2>
          {live.workers.length === 0 ? (
            <Empty testId="workers-empty">{notStarted ? 'No workers yet: the job is waiting for agents.' : 'No workers reported.'}</Empty>
          ) : (
            <table className="table" data-testid="workers-table">
              <thead>
                <tr>
                  <th>Rank</th>
                  <th>Agent</th>
                  <th>State</th>
                  <th>Step</th>
                  <th>Steps/s</th>
                  <th>Last exchange</th>
                  <th>Bytes ↑/↓</th>
                  <th title="share of the last progress interval computing / waiting for exchanges">Compute / wait</th>
                </tr>
              </thead>
              <tbody>
                {live.workers.map((w) => (
                  <tr key={w.rank} data-testid="worker-row" data-rank={w.rank}>
                    <td>
                      {w.rank}
                      {w.straggler === true && (
                        <span className="badge badge-straggler" data-testid="worker-straggler" title="well below its peers' median steps/s">
                          straggler
                        </span>
                      )}
                    </td>
                    <td title={w.agentId ?? undefined}>{w.agentName ?? w.agentId ?? '—'}</td>
                    <td data-testid="worker-state">
                      {w.state}
                      {w.waitingSince ? (
                        <div className="muted" data-testid="worker-waiting" title={w.waitingSince}>
                          waiting for an agent since {fmtTime(w.waitingSince)}
                        </div>
                      ) : null}
                    </td>
                    <td>{w.step}</td>
                    <td>{fmtNumber(w.stepsPerSecond, 1)}</td>
                    <td title={w.lastExchangeAt ?? ''}>{fmtAgo(w.lastExchangeAt)}</td>
                    <td>
                      {fmtBytes(w.bytesUp)} / {fmtBytes(w.bytesDown)}
                    </td>
                    <td data-testid="worker-compute">{workerShare(w.rank)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Stragglers events={live.stragglers} />
        </section>
        <section className="panel">
          <h2>Events</h2>
          {timeline.length === 0 ? (
            <Empty testId="timeline-empty">No events yet.</Empty>
          ) : (
            <ol className="timeline" data-testid="timeline">
              {timeline.map((e) => (
                <li key={e.key} data-testid="timeline-entry" data-kind={e.kind} data-label={e.label}>
                  <span className="dot" style={{ background: e.color }} />
                  <span className="tl-time">
                    {e.atMs !== null && startMs !== null && e.atMs >= startMs ? `+${fmtDuration((e.atMs - startMs) / 1000)}` : e.atMs !== null ? fmtTime(new Date(e.atMs).toISOString()) : ''}
                  </span>
                  <strong>{e.label}</strong>
                  {e.detail && <span className="muted"> {e.detail}</span>}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>

      <FaultsPanel job={job} faults={jobFaults} startMs={startMs} />
    </section>
  );
}
