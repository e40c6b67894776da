import { describe, expect, it } from 'vitest';
import { at, fault, start } from '../../test/faults';
import { mergeFault, mergeFaults, runningSchedules } from './faults';
import { bandsOnSteps, faultMarks } from './marks';

describe('mergeFault', () => {
  it('keeps one row per id, in id order, the most advanced copy winning', () => {
    let list = mergeFault([], fault(2));
    list = mergeFault(list, fault(1, { kind: 'AGENT_KILL' }));
    list = mergeFault(list, fault(2, { state: 'ACTIVE', injectedAt: at(10) }));
    expect(list.map((f) => [f.id, f.state])).toEqual([[1, 'PENDING'], [2, 'ACTIVE']]);
    // a replayed older event does not move the fault back
    list = mergeFault(list, fault(2, { state: 'HEALED', healMs: 4200 }));
    list = mergeFault(list, fault(2, { state: 'HEALING' }));
    expect(list.find((f) => f.id === 2)).toMatchObject({ state: 'HEALED', healMs: 4200 });
    // the same state again: the newer copy replaces it
    expect(mergeFault(list, fault(1, { kind: 'AGENT_KILL', detail: 'waiting for rank 0' }))[0].detail).toBe('waiting for rank 0');
  });

  it('merges a loaded list into what the stream already brought', () => {
    const live = [fault(3, { state: 'HEALED', healMs: 900 })];
    const loaded = [fault(3, { state: 'ACTIVE' }), fault(4)];
    expect(mergeFaults(live, loaded).map((f) => `${f.id}:${f.state}`)).toEqual(['3:HEALED', '4:PENDING']);
  });

  it('lists the schedules that still have open faults', () => {
    const list = [
      fault(1, { scheduleId: 5, state: 'HEALED' }),
      fault(2, { scheduleId: 5, state: 'PENDING' }),
      fault(3, { scheduleId: 6, state: 'CANCELLED' }),
      fault(4, { scheduleId: null, state: 'ACTIVE' }),
      fault(5, { scheduleId: 7, state: 'HEALING' }),
    ];
    expect(runningSchedules(list)).toEqual([5, 7]);
  });
});

describe('faultMarks', () => {
  it('puts each injected fault from its injection to its heal, in seconds since the job started', () => {
    const marks = faultMarks(
      [
        fault(1, { state: 'HEALED', injectedAt: at(12), undoneAt: at(15), healedAt: at(16.25), healMs: 4250 }),
        fault(2, { state: 'ACTIVE', kind: 'AGENT_KILL', rank: 1, injectedAt: at(20) }),
        fault(3, { state: 'NOT_HEALED', kind: 'LINK_CUT', injectedAt: at(30), undoneAt: at(35) }),
        fault(4, { state: 'NOT_HEALED', kind: 'BACKEND_KILL', rank: null, injectedAt: at(40) }),
        fault(5, { state: 'PENDING' }),
        fault(6, { state: 'FAILED', detail: 'no process' }),
      ],
      start,
    );
    expect(marks.map(({ x0, x1, label, endLabel }) => ({ x0, x1, label, endLabel }))).toEqual([
      { x0: 12, x1: 16.25, label: 'AGENT_PAUSE r0', endLabel: 'healed 4.3 s' },
      { x0: 20, x1: null, label: 'AGENT_KILL r1', endLabel: undefined },
      { x0: 30, x1: 35, label: 'LINK_CUT r0', endLabel: 'NOT_HEALED' },
      { x0: 40, x1: 40, label: 'BACKEND_KILL', endLabel: 'NOT_HEALED' },
    ]);
    expect(marks[0].color).toBe('#dd6b20');
  });

  it('draws nothing before the job started', () => {
    expect(faultMarks([fault(1, { state: 'ACTIVE', injectedAt: at(1) })], null)).toEqual([]);
  });

  it('maps the bands to steps through the test error points (t in ms)', () => {
    const ref = [
      { t: 10_000, step: 200, value: 0.3 },
      { t: 20_000, step: 400, value: 0.2 },
    ];
    const bands = [
      { x0: 12, x1: 16.25, label: 'a', color: '#000' },
      { x0: 15, x1: null, label: 'b', color: '#000' },
    ];
    expect(bandsOnSteps(bands, ref).map((b) => [b.x0, b.x1])).toEqual([[240, 325], [300, null]]);
    expect(bandsOnSteps(bands, [])).toEqual([]);
  });
});
