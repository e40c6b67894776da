import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { json, mockFetch } from '../../test/fetchMock';
import { SubmitPage } from './SubmitPage';
import { DEFAULTS, FIELD_BY_KEY, fromSpec, isApplicable, mapFieldErrors, toBody } from './spec';

// Elastic worker counts: `workers` is a number or a range {min, max} (docs/api.md).
describe('worker range in the submit form', () => {
  it('sends a number without a largest p, and {min, max} with one', () => {
    expect(toBody({ ...DEFAULTS, algorithm: 'EASGD', workers: '2' }).workers).toBe(2);
    expect(toBody({ ...DEFAULTS, algorithm: 'EASGD', workers: '2', workersMax: '8' }).workers).toEqual({ min: 2, max: 8 });
    expect(Object.keys(toBody({ ...DEFAULTS, algorithm: 'EASGD', workers: '2', workersMax: '8' }))).not.toContain('workers.max');
    // no min typed: the server names workers.min
    expect(toBody({ ...DEFAULTS, algorithm: 'DOWNPOUR', workers: '', workersMax: '4' }).workers).toEqual({ max: 4 });
  });

  it('offers the range only for the asynchronous multi-worker rules', () => {
    for (const a of ['EASGD', 'EAMSGD', 'DOWNPOUR', 'ADOWNPOUR', 'MVADOWNPOUR'] as const) {
      expect(isApplicable('workersMax', { ...DEFAULTS, algorithm: a })).toBe(true);
    }
    for (const a of ['SYNC_EASGD', 'SYNC_EAMSGD', 'MDOWNPOUR', 'SGD', 'MSGD'] as const) {
      expect(isApplicable('workersMax', { ...DEFAULTS, algorithm: a })).toBe(false);
      expect(toBody({ ...DEFAULTS, algorithm: a, workers: '2', workersMax: '8' }).workers).toBe(2);
    }
    expect(FIELD_BY_KEY.workersMax.help).toContain('α = β/p');
  });

  it('reads a range back when cloning, and a number as a fixed p', () => {
    const range = fromSpec({ algorithm: 'EAMSGD', workers: { min: 2, max: 8 }, alpha: 0.45, beta: 0.9 });
    expect(range.workers).toBe('2');
    expect(range.workersMax).toBe('8');
    expect(range.alpha).toBe('');                 // β is kept: α follows p
    const fixed = fromSpec({ algorithm: 'EAMSGD', workers: 4 });
    expect(fixed.workers).toBe('4');
    expect(fixed.workersMax).toBe('');
  });

  it('puts workers.min errors on p and workers.max errors on the largest p', () => {
    const m = mapFieldErrors([
      { field: 'workers.min', message: 'must be in [1, 1024], found 0' },
      { field: 'workers.max', message: 'must be in [min, 1024] = [3, 1024], found 2' },
    ]);
    expect(m.fields.workers).toBe('must be in [1, 1024], found 0');
    expect(m.fields.workersMax).toBe('must be in [min, 1024] = [3, 1024], found 2');
    expect(m.general).toEqual([]);
  });

  it('the form shows the largest-p field with its help and submits the range', async () => {
    const calls = mockFetch({
      'GET /datasets': () => json([{ name: 'mnist-10k', format: 'IDX', trainSize: 8000, testSize: 2000, classes: 10, shape: [1, 28, 28] }]),
      'POST /jobs/check': () => json({ spec: {}, warnings: [] }),
    });
    render(
      <MemoryRouter initialEntries={['/submit']}>
        <Routes>
          <Route path="/submit" element={<SubmitPage debounceMs={10} />} />
          <Route path="/jobs/:id" element={<div data-testid="job-page" />} />
        </Routes>
      </MemoryRouter>,
    );
    const max = (await screen.findByTestId('field-workersMax')) as HTMLInputElement;
    expect(max.placeholder).toBe('fixed');
    fireEvent.change(max, { target: { value: '6' } });
    await waitFor(() =>
      expect(calls.some((c) => c.path === '/jobs/check' && JSON.stringify(c.body).includes('"workers":{"min":2,"max":6}'))).toBe(true),
    );
  });
});
