import { useState } from 'react';
import { faultsApi, type FaultLabStatus } from '../../api/faults';
import { useAsync } from '../../api/hooks';
import type { Job } from '../../api/types';
import { Empty, ErrorBox } from '../../components/Status';
import { problemMessage, runningSchedules } from './faults';
import { FaultsByKindTable, FaultsTable } from './FaultTables';
import { InjectFaultForm } from './InjectFaultForm';
import { RandomScheduleForm } from './RandomScheduleForm';
import type { JobFaultsState } from './useJobFaults';

export const FAULT_LAB_OFF =
  'The fault lab is off: start the backend with EASGD_LAB_FAULTS_ENABLED=true to inject faults ' +
  '(link faults also need the bandwidth lab, EASGD_LAB_LINK).';

/** GET /lab/faults; a backend without the endpoint counts as one with the lab off. */
async function fetchStatus(signal: AbortSignal): Promise<FaultLabStatus | null> {
  try {
    return await faultsApi.status(signal);
  } catch (e) {
    if (signal.aborted) throw e;
    return null;
  }
}

/**
 * The job page's fault lab: inject one fault or a random schedule (when the lab is on), cancel a
 * schedule that still runs, and every fault of the job with its time to heal, by kind.
 */
export function FaultsPanel({ job, faults, startMs }: { job: Job; faults: JobFaultsState; startMs: number | null }) {
  const status = useAsync(fetchStatus, []);
  const lab = status.data;
  const enabled = lab?.enabled === true;
  const blocked = job.state === 'RUNNING' ? null : `Faults go into a RUNNING job; this one is ${job.state}.`;
  if (status.loading && !lab) return null;
  if (!enabled && faults.faults.length === 0) {
    return (
      <p className="muted small" data-testid="faults-off">
        {FAULT_LAB_OFF}
      </p>
    );
  }
  return (
    <section className="panel faults-panel" data-testid="faults-panel">
      <h2>Faults</h2>
      {enabled ? (
        <>
          {blocked && <p className="muted small" data-testid="faults-blocked">{blocked}</p>}
          <div className="fault-forms">
            <InjectFaultForm jobId={job.id} kinds={lab.kinds} blocked={blocked} onInjected={faults.add} />
            <RandomScheduleForm jobId={job.id} kinds={lab.kinds} blocked={blocked} onScheduled={faults.add} />
          </div>
        </>
      ) : (
        <p className="muted small" data-testid="faults-off">
          {FAULT_LAB_OFF}
        </p>
      )}
      <CancelSchedules scheduleIds={runningSchedules(faults.faults)} onCancelled={faults.add} />
      {enabled && faults.error && <ErrorBox message={`The job's faults: ${faults.error}`} testId="faults-error" />}
      {faults.faults.length === 0 ? (
        <Empty testId="faults-empty">No faults injected into this job yet.</Empty>
      ) : (
        <>
          <FaultsTable faults={faults.faults} startMs={startMs} />
          {faults.byKind.length > 0 && (
            <>
              <h3>By kind</h3>
              <FaultsByKindTable rows={faults.byKind} />
            </>
          )}
        </>
      )}
    </section>
  );
}

/** One button per schedule that still has faults to come or to heal: DELETE it (pending ones cancelled, active ones undone). */
function CancelSchedules({ scheduleIds, onCancelled }: { scheduleIds: number[]; onCancelled: JobFaultsState['add'] }) {
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (scheduleIds.length === 0) return null;
  const cancel = async (id: number) => {
    setBusy(id);
    setError(null);
    try {
      onCancelled((await faultsApi.cancelSchedule(id)).faults);
    } catch (e) {
      setError(problemMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="toolbar" data-testid="fault-schedules">
      {scheduleIds.map((id) => (
        <button key={id} type="button" className="btn" data-testid="schedule-cancel" data-schedule-id={id} disabled={busy !== null} onClick={() => cancel(id)}>
          {busy === id ? 'Cancelling…' : `Cancel schedule ${id}`}
        </button>
      ))}
      {error && <ErrorBox message={error} testId="schedule-cancel-error" />}
    </div>
  );
}
