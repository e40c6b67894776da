import { useMemo } from 'react';
import { Link } from 'react-router';
import type { SearchResource, Sweep, SweepRung, SweepSample, SweepSearch } from '../../api/sweeps';
import { UPlotChart } from '../../components/UPlotChart';
import { fmtBytes, fmtDuration, fmtPercent } from '../../lib/format';
import { rungChart } from './sweepCharts';

/** A value of a search's resource with its unit: "600 steps", "4m 30s", "12.0 MB". */
export function fmtResource(resource: SearchResource, n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (resource === 'seconds') return fmtDuration(n);
  if (resource === 'bytes') return fmtBytes(n);
  return `${n} steps`;
}

const METHOD_NAMES: Record<string, string> = { asha: 'ASHA', hyperband: 'Hyperband', random: 'random', sobol: 'Sobol' };

/** How the sweep drew its runs and how it stops bad ones early. */
export function SearchSummary({ search, sample }: { search: SweepSearch | null; sample: SweepSample | null }) {
  return (
    <div className="panel" data-testid="sweep-search">
      <h2>Search</h2>
      <dl className="kv">
        {sample && (
          <>
            <dt>Sampling</dt>
            <dd data-testid="sample-method">{METHOD_NAMES[sample.method] ?? sample.method}</dd>
            <dt>Runs drawn</dt>
            <dd data-testid="sample-runs">{sample.runs}</dd>
            <dt>Sample seed</dt>
            <dd data-testid="sample-seed">{sample.seed ?? 1}</dd>
          </>
        )}
        {search && (
          <>
            <dt>Early stopping</dt>
            <dd data-testid="search-method">{METHOD_NAMES[search.method] ?? search.method}</dd>
            <dt title="reduction factor: the best 1/η at a rung run on">η</dt>
            <dd data-testid="search-eta">{search.reductionFactor}</dd>
            <dt>Resource</dt>
            <dd data-testid="search-resource">{search.resource}</dd>
            <dt>Min (first rung)</dt>
            <dd data-testid="search-min">{fmtResource(search.resource, search.min)}</dd>
            <dt>Max</dt>
            <dd data-testid="search-max">{fmtResource(search.resource, search.max)}</dd>
            <dt>Brackets</dt>
            <dd data-testid="search-brackets">{search.brackets}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

const DECISION_COLORS: Record<string, string> = { PROMOTED: '#2f855a', STOPPED: '#975a16', ENDED: '#718096' };

function RungTable({ rung, resource, labels }: { rung: SweepRung; resource: SearchResource; labels: ReadonlyMap<number, string> }) {
  return (
    <section className="rung" data-testid="rung" data-bracket={rung.bracket} data-rung={rung.rung}>
      <h4 data-testid="rung-head">
        Rung {rung.rung} at {fmtResource(resource, rung.at)}: {rung.decided} decided · {rung.promoted} promoted · {rung.stopped} stopped{rung.ended ? ` · ${rung.ended} ended before it was ranked` : ''}
      </h4>
      {rung.decisions.length > 0 && (
        <table className="table table-compact" data-testid="rung-decisions">
          <thead>
            <tr>
              <th>Run</th>
              <th title="the resource at the deciding evaluation">At</th>
              <th>Test error</th>
              <th title="its rank among the runs decided at this rung so far">Rank</th>
              <th>Decision</th>
            </tr>
          </thead>
          <tbody>
            {rung.decisions.map((d) => (
              <tr key={d.jobId} data-testid="rung-decision" data-job-id={d.jobId} data-decision={d.decision}>
                <td>
                  <Link to={`/jobs/${d.jobId}`}>
                    #{d.jobId} {labels.get(d.jobId) ?? ''}
                  </Link>
                </td>
                <td>{fmtResource(resource, d.value)}</td>
                <td>{fmtPercent(d.testError)}</td>
                <td>
                  {d.rank} of {d.of}
                </td>
                <td>
                  <span className="badge" style={{ background: DECISION_COLORS[d.decision] ?? '#555' }}>
                    {d.decision}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The rungs of the search, per bracket: what was decided at each and for which run. */
export function RungsPanel({ sweep }: { sweep: Sweep }) {
  const resource = sweep.search?.resource ?? 'steps';
  const labels = new Map(sweep.runs.map((r) => [r.jobId, r.label]));
  const brackets = [...new Set(sweep.rungs.map((r) => r.bracket))].sort((a, b) => a - b);
  const chart = useMemo(() => rungChart(sweep), [sweep]);
  const ats = chart.data[0] as number[];
  return (
    <div className="panel" data-testid="sweep-rungs">
      <h2>Rungs</h2>
      {brackets.length === 0 && <p className="muted small">No rung decided yet.</p>}
      {ats.length > 0 && (
        <UPlotChart
          testId="chart-rungs"
          title="Test error of each run at each rung (● where the search stopped it)"
          data={chart.data}
          series={chart.series}
          dots={chart.dots}
          xLabel={`rung (${resource})`}
          xFormat={(v) => fmtResource(resource, v)}
          xLog={ats.length > 1 && ats[0] > 0}
          yLabel="test error"
          yFormat={(v) => fmtPercent(v, 1)}
          height={220}
        />
      )}
      {brackets.map((b) => (
        <div key={b} data-testid="rung-bracket" data-bracket={b}>
          {brackets.length > 1 && <h3>Bracket {b}</h3>}
          {sweep.rungs
            .filter((r) => r.bracket === b)
            .sort((x, y) => x.rung - y.rung)
            .map((r) => (
              <RungTable key={r.rung} rung={r} resource={resource} labels={labels} />
            ))}
        </div>
      ))}
    </div>
  );
}
