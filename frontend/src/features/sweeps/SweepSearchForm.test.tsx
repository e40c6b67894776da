import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { RANDOM_ASHA, searchSweep } from '../../test/sweeps';
import { NewSweepPage } from './NewSweepPage';
import { SWEEP_DEFAULTS, formRunCount, fromSweepRequest, mapSweepErrors, parseRange, sweepSyntaxErrors, toSweepRequest, type SweepFormValues } from './sweepForm';

/** The contract's example search: η log-uniform, τ log-integer, 27 random runs, ASHA over steps. */
const SEARCH: SweepFormValues = {
  ...SWEEP_DEFAULTS,
  gridAlgorithm: 'EAMSGD',
  gridEta: '0.005, 0.2',
  gridTau: '1, 64',
  gridWorkers: '2',
  gridSeed: '',
  axisForms: { gridEta: 'logUniform', gridTau: 'logInt' },
  baseline: false,
  maxSteps: '',
  sampleMethod: 'random',
  sampleRuns: '27',
  sampleSeed: '1',
  searchMethod: 'asha',
  searchMin: '200',
  searchMax: '1800',
};

function renderNew() {
  return render(
    <MemoryRouter initialEntries={['/sweeps/new']}>
      <Routes>
        <Route path="/sweeps/new" element={<NewSweepPage />} />
        <Route path="/sweeps/:id" element={<div data-testid="sweep-detail" />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('search form logic', () => {
  it('sends ranges, the sample and the search with bounds named after the resource', () => {
    const req = toSweepRequest(SEARCH);
    expect(req.grid).toEqual({ algorithm: ['EAMSGD'], eta: { logUniform: [0.005, 0.2] }, tau: { logInt: [1, 64] }, workers: [2] });
    expect(req.sample).toEqual({ method: 'random', runs: 27, seed: 1 });
    expect(req.search).toEqual({ method: 'asha', reductionFactor: 3, resource: 'steps', minSteps: 200, maxSteps: 1800 });
    expect(req.base?.stop).toBeUndefined();
    expect(toSweepRequest({ ...SEARCH, searchResource: 'seconds', searchMin: '30', searchMax: '270' }).search).toEqual({
      method: 'asha',
      reductionFactor: 3,
      resource: 'seconds',
      minSeconds: 30,
      maxSeconds: 270,
    });
    const hb = toSweepRequest({ ...SEARCH, searchMethod: 'hyperband', searchResource: 'bytes', searchMin: '1000000', searchMax: '9000000', searchBrackets: '2' });
    expect(hb.search).toEqual({ method: 'hyperband', reductionFactor: 3, resource: 'bytes', minBytes: 1e6, maxBytes: 9e6, brackets: 2 });
    // brackets belong to Hyperband only
    expect(toSweepRequest({ ...SEARCH, searchBrackets: '2' }).search).not.toHaveProperty('brackets');
    // none: neither is sent
    const plain = toSweepRequest(SWEEP_DEFAULTS);
    expect(plain).not.toHaveProperty('sample');
    expect(plain).not.toHaveProperty('search');
  });

  it('counts the sample budget (plus each extra once per seed) instead of the product', () => {
    expect(formRunCount(SEARCH)).toBe(27);
    expect(formRunCount({ ...SEARCH, baseline: true, gridSeed: '1, 2' })).toBe(27 + 2);
    expect(formRunCount({ ...SEARCH, sampleRuns: '0' })).toBeNull();
    expect(formRunCount({ ...SEARCH, sampleMethod: '' , axisForms: {}, gridEta: '0.01, 0.1' })).toBe(2 * 2);
  });

  it('checks ranges as the contract does, naming the field', () => {
    expect(parseRange('uniform', '0.3, 0.95')).toEqual({ range: { uniform: [0.3, 0.95] } });
    expect(parseRange('logUniform', '0, 0.1')).toEqual({ error: 'logUniform: lo must be > 0, found 0' });
    expect(parseRange('uniform', '0.5, 0.5')).toEqual({ error: 'uniform: lo must be below hi, found 0.5 ≥ 0.5' });
    expect(parseRange('logInt', '0, 64')).toEqual({ error: 'logInt: lo must be ≥ 1, found 0' });
    expect(parseRange('int', '1.5, 4')).toEqual({ error: 'int: "1.5" is not a whole number' });
    expect(parseRange('logUniform', '0.1')).toEqual({ error: 'logUniform needs two numbers "lo, hi", found 1' });

    expect(sweepSyntaxErrors(SEARCH)).toEqual({});
    expect(sweepSyntaxErrors({ ...SEARCH, sampleMethod: '' })).toEqual({
      gridEta: 'a range needs "sample": choose a sampling method',
      gridTau: 'a range needs "sample": choose a sampling method',
    });
    expect(sweepSyntaxErrors({ ...SEARCH, gridEta: '0.2, 0.005' }).gridEta).toBe('logUniform: lo must be below hi, found 0.2 ≥ 0.005');
    expect(sweepSyntaxErrors({ ...SEARCH, sampleRuns: '201' }).sampleRuns).toBe('must be 1…200, found 201');
    expect(sweepSyntaxErrors({ ...SEARCH, searchMin: '' }).searchMin).toBe('the first rung, in steps');
    expect(sweepSyntaxErrors({ ...SEARCH, searchMax: '200' }).searchMax).toBe('must be > min (200), found 200');
    expect(sweepSyntaxErrors({ ...SEARCH, searchReduction: '1' }).searchReduction).toBe('must be ≥ 2, found 1');
    expect(sweepSyntaxErrors({ ...SEARCH, searchMethod: 'hyperband', searchBrackets: '0' }).searchBrackets).toBe('must be ≥ 1, found 0');
    expect(sweepSyntaxErrors({ ...SEARCH, maxSteps: '2000' }).maxSteps).toBe('a search over steps stops every run at its max (1800): leave this empty or set 1800');
    expect(sweepSyntaxErrors({ ...SEARCH, maxSteps: '1800' }).maxSteps).toBeUndefined();
    // no search: its fields are not checked
    expect(sweepSyntaxErrors({ ...SEARCH, searchMethod: '', searchMin: 'x' })).toEqual({});
  });

  it('maps the server errors of ranges, sample and search onto their fields', () => {
    const m = mapSweepErrors([
      { field: 'search.minSteps', message: 'must be >= 1, found 0' },
      { field: 'search.maxBytes', message: 'is not a bound of resource steps' },
      { field: 'grid.eta.logUniform', message: 'lo must be > 0, found 0' },
      { field: 'grid.tau', message: 'a range needs "sample"' },
      { field: 'sample.runs', message: 'must be at most 200' },
      { field: 'search', message: 'must be an object' },
      { field: 'search.reductionFactor', message: 'must be >= 2' },
    ]);
    expect(m.fields).toEqual({
      searchMin: 'must be >= 1, found 0',
      searchMax: 'is not a bound of resource steps',
      gridEta: 'lo must be > 0, found 0',
      gridTau: 'a range needs "sample"',
      sampleRuns: 'must be at most 200',
      searchMethod: 'must be an object',
      searchReduction: 'must be >= 2',
    });
    expect(m.general).toEqual([]);
  });

  it('fills the form from a preset that samples and searches, and sends it back the same', () => {
    const v = fromSweepRequest(RANDOM_ASHA.sweep, 'random-asha');
    expect(v.axisForms).toEqual({ gridEta: 'logUniform', gridTau: 'logInt', gridBeta: 'uniform' });
    expect([v.gridEta, v.gridTau, v.gridBeta, v.gridCompression]).toEqual(['0.003, 0.3', '1, 64', '0.3, 0.95', 'none, fp16, int8']);
    expect([v.sampleMethod, v.sampleRuns, v.sampleSeed]).toEqual(['random', '27', '1']);
    expect([v.searchMethod, v.searchReduction, v.searchResource, v.searchMin, v.searchMax]).toEqual(['asha', '3', 'steps', '200', '1800']);
    expect(sweepSyntaxErrors(v)).toEqual({});
    const back = toSweepRequest(v);
    expect(back.grid).toEqual(RANDOM_ASHA.sweep.grid);
    expect(back.sample).toEqual(RANDOM_ASHA.sweep.sample);
    expect(back.search).toEqual(RANDOM_ASHA.sweep.search);
    // an axis the form has no field for survives; over a preset that searches, "none" is said as null
    const other = fromSweepRequest({ ...RANDOM_ASHA.sweep, grid: { ...RANDOM_ASHA.sweep.grid, batchSize: { logInt: [32, 256] } } }, 'random-asha');
    expect(toSweepRequest(other).grid).toMatchObject({ batchSize: { logInt: [32, 256] } });
    const none = toSweepRequest({ ...v, searchMethod: '', sampleMethod: '', axisForms: {} });
    expect(none.search).toBeNull();
    expect(none.sample).toBeNull();
  });
});

describe('NewSweepPage with a search', () => {
  it('lists the search presets and loads one into the new fields', async () => {
    mockFetch({ 'GET /sweeps/presets': () => json([RANDOM_ASHA]) });
    renderNew();
    const run = await screen.findByTestId('btn-preset-random-asha-run');
    expect(run).toHaveTextContent('random-asha (27 runs, ASHA early stopping)');
    fireEvent.click(screen.getByTestId('btn-preset-random-asha-load'));
    expect(screen.getByTestId('sweep-field-sampleMethod')).toHaveValue('random');
    expect(screen.getByTestId('sweep-axis-form-gridEta')).toHaveValue('logUniform');
    expect(screen.getByTestId('sweep-field-gridEta')).toHaveValue('0.003, 0.3');
    expect(screen.getByTestId('sweep-axis-form-gridTau')).toHaveValue('logInt');
    expect(screen.getByTestId('sweep-field-searchMethod')).toHaveValue('asha');
    expect(screen.getByTestId('sweep-field-searchMin')).toHaveValue('200');
    expect(screen.getByTestId('sweep-field-searchMax')).toHaveValue('1800');
    expect(screen.getByTestId('sweep-run-count')).toHaveTextContent('This sweep starts 27 runs (drawn, random); the search stops the bad ones early.');
    expect(screen.getByTestId('btn-sweep-submit')).toHaveTextContent('Start sweep (27 runs)');
    // every new field says what it is for
    for (const k of ['sampleMethod', 'sampleRuns', 'sampleSeed', 'searchMethod', 'searchReduction', 'searchResource', 'searchMin', 'searchMax']) {
      expect(within(screen.getByTestId(`sweep-fieldset-${k}`)).getByText(/\w{4,}/, { selector: '.field-help' })).toBeInTheDocument();
    }
    expect(screen.getByTestId('sweep-fieldset-gridEta')).toHaveTextContent('logUniform: lo, hi with lo > 0: uniform in log (rates); needs sampling.');
  });

  it('shows the search fields for the method chosen, with the unit of the resource', async () => {
    mockFetch({ 'GET /sweeps/presets': () => json([]) });
    renderNew();
    expect(screen.queryByTestId('sweep-field-searchMin')).toBeNull();
    fireEvent.change(screen.getByTestId('sweep-field-searchMethod'), { target: { value: 'asha' } });
    expect(screen.getByTestId('sweep-field-searchReduction')).toHaveValue('3');
    expect(within(screen.getByTestId('sweep-fieldset-searchMin')).getByText('First rung (steps)')).toBeInTheDocument();
    expect(screen.queryByTestId('sweep-field-searchBrackets')).toBeNull();
    fireEvent.change(screen.getByTestId('sweep-field-searchResource'), { target: { value: 'seconds' } });
    expect(within(screen.getByTestId('sweep-fieldset-searchMax')).getByText('Max (seconds)')).toBeInTheDocument();
    fireEvent.change(screen.getByTestId('sweep-field-searchMethod'), { target: { value: 'hyperband' } });
    expect(screen.getByTestId('sweep-field-searchBrackets')).toBeInTheDocument();
    // a range without sampling is refused locally, on the axis
    fireEvent.change(screen.getByTestId('sweep-axis-form-gridEta'), { target: { value: 'logUniform' } });
    fireEvent.change(screen.getByTestId('sweep-field-gridEta'), { target: { value: '0.001, 0.1' } });
    expect(screen.getByTestId('sweep-error-gridEta')).toHaveTextContent('a range needs "sample"');
    expect(screen.getByTestId('btn-sweep-submit')).toBeDisabled();
  });

  it('sends the search and shows the server 400 next to the fields it names', async () => {
    const calls = mockFetch({
      'GET /sweeps/presets': () => json([RANDOM_ASHA]),
      'POST /sweeps': () =>
        problem({
          title: 'Invalid sweep',
          status: 400,
          errors: [
            { field: 'search.minSteps', message: 'must be below maxSteps (1800), found 2000' },
            { field: 'grid.eta.logUniform', message: 'lo must be < hi' },
          ],
        }),
    });
    renderNew();
    fireEvent.click(await screen.findByTestId('btn-preset-random-asha-load'));
    fireEvent.click(screen.getByTestId('btn-sweep-submit'));
    const minErr = await screen.findByTestId('sweep-error-searchMin');
    expect(minErr).toHaveTextContent('must be below maxSteps (1800), found 2000');
    expect(within(screen.getByTestId('sweep-fieldset-searchMin')).getByTestId('sweep-error-searchMin')).toBe(minErr);
    expect(within(screen.getByTestId('sweep-fieldset-gridEta')).getByTestId('sweep-error-gridEta')).toHaveTextContent('lo must be < hi');
    expect(screen.queryByTestId('sweep-form-error')).toBeNull();
    const body = calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    expect(body).toMatchObject({ preset: 'random-asha', sample: { method: 'random', runs: 27, seed: 1 }, search: { minSteps: 200, maxSteps: 1800 } });
  });

  it('starts a search preset in one click', async () => {
    const calls = mockFetch({ 'GET /sweeps/presets': () => json([RANDOM_ASHA]), 'POST /sweeps': () => json(searchSweep(), 202) });
    renderNew();
    fireEvent.click(await screen.findByTestId('btn-preset-random-asha-run'));
    await screen.findByTestId('sweep-detail');
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ preset: 'random-asha' }));
  });
});
