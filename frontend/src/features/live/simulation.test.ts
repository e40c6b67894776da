import { describe, expect, it } from 'vitest';
import type { Job } from '../../api/types';
import { overlayTimeLabel, simulationBanner, timeAxisLabel } from './simulation';

const real = { spec: { algorithm: 'EAMSGD', workers: 2, tau: 10 } } as unknown as Job;
const queued = { spec: { algorithm: 'EAMSGD', tau: 4, simulate: { workers: 16, link: '1gbit,0.2ms', stepMs: 'measured' } } } as unknown as Job;
const given = { spec: { algorithm: 'EAMSGD', tau: 4, simulate: { workers: 4, stepMs: 7.5 } } } as unknown as Job;
const ran = {
  ...queued,
  simulation: { workers: 16, link: '1gbit,0.2ms', stepMs: 12.3, stepMsMeasured: true, jitter: 0, jitterMeasured: false, virtualSeconds: 9 },
} as unknown as Job;

describe('simulation', () => {
  it('labels the time axis virtual s for a simulated job only', () => {
    expect(timeAxisLabel(real)).toBe('time (s)');
    expect(timeAxisLabel(queued)).toBe('virtual s');
  });

  it('writes the banner from what the run used, else from the spec', () => {
    expect(simulationBanner(real)).toBeNull();
    expect(simulationBanner(ran)).toBe('simulated: p = 16 over 1gbit,0.2ms, stepMs 12.3 (measured), jitter 0 (given)');
    expect(simulationBanner(queued)).toBe('simulated: p = 16 over 1gbit,0.2ms, stepMs measured when it starts');
    expect(simulationBanner(given)).toBe('simulated: p = 4 over 10gbit,0.05ms, stepMs 7.5 (given)');
  });

  it('says when an overlay mixes virtual and wall time', () => {
    expect(overlayTimeLabel([real, real])).toBe('time (s)');
    expect(overlayTimeLabel([queued, ran])).toBe('virtual s');
    expect(overlayTimeLabel([real, ran])).toBe('time (s): virtual for simulated jobs, wall for real ones');
  });
});
