import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LabStatus } from '../../api/types';
import { json, mockFetch } from '../../test/fetchMock';
import { describeLink, LabPanel } from './LabPanel';

const lab: LabStatus = {
  enabled: true,
  link: '100mbit,1ms',
  megabitsPerSecond: 100,
  delayMicros: 1000,
  delayApplied: false,
  note: 'the delay 1000us is not applied: this kernel has no netem queueing discipline (sch_netem)',
  subnet: '10.213.0.0/24',
  server: '10.213.0.1',
  endsAt: '2026-11-29T10:00:00Z',
  hosts: [
    { index: 1, namespace: 'easgdlab-42-a1', address: '10.213.0.11', upMbps: 95.8, downMbps: 95.9 },
    { index: 2, namespace: 'easgdlab-42-a2', address: '10.213.0.12', upMbps: 96, downMbps: 95.9 },
  ],
};

describe('LabPanel', () => {
  it('names the link, what each agent link measured and why a delay is missing', async () => {
    mockFetch({ 'GET /lab': () => json(lab) });
    render(<LabPanel refreshMs={60000} />);
    const panel = await screen.findByTestId('lab-panel');
    expect(panel.textContent).toContain('100 Mbit/s links, 1 ms delay (not applied) to a switch (server 10.213.0.1, subnet 10.213.0.0/24)');
    expect(screen.getByTestId('lab-hosts').textContent).toContain(
      'agent 1 at 10.213.0.11 (easgdlab-42-a1): measured 95.8 Mbit/s up, 95.9 Mbit/s down',
    );
    expect(screen.getByTestId('lab-note').textContent).toContain('no netem');
  });

  it('shows nothing when the agents are on loopback', async () => {
    mockFetch({ 'GET /lab': () => json({ ...lab, enabled: false, hosts: [] }) });
    const { container } = render(<LabPanel refreshMs={60000} />);
    await new Promise((r) => setTimeout(r, 20));
    expect(container.textContent).toBe('');
  });

  it('writes rates in the unit tc would', () => {
    expect(describeLink({ ...lab, megabitsPerSecond: 1000, delayMicros: 0 })).toBe('1 Gbit/s links');
    expect(describeLink({ ...lab, megabitsPerSecond: 0.5, delayMicros: 250, delayApplied: true })).toBe('500 kbit/s links, 250 µs delay');
  });
});
