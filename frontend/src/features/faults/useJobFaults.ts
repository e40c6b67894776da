import { useCallback, useMemo, useState } from 'react';
import { faultsApi, type Fault, type FaultsByKind } from '../../api/faults';
import { useAsync } from '../../api/hooks';
import { isOpen, mergeFaults } from './faults';

export interface JobFaultsState {
  /** One row per fault: the list loaded with the page, what the POSTs answered, the stream's events. */
  faults: Fault[];
  /** The server's summary by kind, loaded again each time another fault has ended. */
  byKind: FaultsByKind[];
  error: string | null;
  /** Merges faults a POST or DELETE answered. */
  add: (faults: readonly Fault[]) => void;
}

/** A job's faults: GET /jobs/{id}/faults, merged with `live` (its `fault` events, see useJobLive). */
export function useJobFaults(jobId: number, live: readonly Fault[]): JobFaultsState {
  const [posted, setPosted] = useState<Fault[]>([]);
  const ended = live.filter((f) => !isOpen(f)).length;
  const loaded = useAsync((signal) => faultsApi.ofJob(jobId, signal), [jobId, ended]);
  const faults = useMemo(
    () => mergeFaults(mergeFaults(loaded.data?.faults ?? [], posted), live),
    [loaded.data, posted, live],
  );
  const add = useCallback((list: readonly Fault[]) => setPosted((old) => mergeFaults(old, list)), []);
  return { faults, byKind: loaded.data?.byKind ?? [], error: loaded.error, add };
}
