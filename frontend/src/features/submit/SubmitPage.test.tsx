import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useParams } from 'react-router';
import { describe, expect, it } from 'vitest';
import { setToken } from '../../api/token';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { SubmitPage } from './SubmitPage';
import { DEFAULTS, DILOCO_PRESET, FIELD_BY_KEY, PAPER_PRESETS, QUICK_PRESET, applyPreset, fromSpec, mapFieldErrors, syntaxErrors, toBody } from './spec';

const DATASETS = [
  { name: 'mnist-10k', format: 'IDX', trainSize: 8000, testSize: 2000, classes: 10, shape: [1, 28, 28] },
  { name: 'cifar-10', format: 'BIN', trainSize: 50000, testSize: 10000, classes: 10, shape: [3, 32, 32] },
];

function JobStub() {
  const { id } = useParams();
  return <div data-testid="job-page">job {id}</div>;
}

function renderSubmit(path = '/submit') {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/submit" element={<SubmitPage debounceMs={10} />} />
        <Route path="/jobs/:id" element={<JobStub />} />
      </Routes>
    </MemoryRouter>,
  );
}

const field = (key: string) => screen.getByTestId(`field-${key}`) as HTMLInputElement;
const change = (key: string, value: string) => fireEvent.change(field(key), { target: { value } });

const tauProblem = {
  type: 'https://easgd.io/problems/validation',
  title: 'Invalid job spec',
  status: 400,
  detail: 'tau must be >= 1, found 0',
  errors: [
    { field: 'tau', message: 'must be >= 1, found 0' },
    { field: 'stop.maxSteps', message: 'must be >= 1, found -5' },
    { field: 'mystery', message: 'is odd' },
  ],
};

describe('SubmitPage', () => {
  it('shows problem+json field errors next to the right field', async () => {
    const calls = mockFetch({
      'GET /datasets': () => json(DATASETS),
      'POST /jobs/check': (c) => {
        const b = c.body as { tau?: number };
        return b.tau === 0 ? problem(tauProblem) : json({ spec: b, warnings: [] });
      },
    });
    setToken('tok');
    renderSubmit();
    change('tau', '0');

    const tauError = await screen.findByTestId('error-tau');
    expect(tauError).toHaveTextContent('must be >= 1, found 0');
    // Next to its own field, not another one.
    expect(within(screen.getByTestId('fieldset-tau')).getByTestId('error-tau')).toBe(tauError);
    expect(field('tau')).toHaveAttribute('aria-invalid', 'true');
    expect(within(screen.getByTestId('fieldset-eta')).queryByRole('alert')).toBeNull();
    // A nested stop.* field maps to its input, an unknown field goes to the form-level box.
    expect(within(screen.getByTestId('fieldset-maxSteps')).getByTestId('error-maxSteps')).toHaveTextContent('must be >= 1, found -5');
    expect(screen.getByTestId('form-error')).toHaveTextContent('mystery: is odd');

    const check = calls.find((c) => c.path === '/jobs/check');
    expect(check?.method).toBe('POST');
    expect((check?.body as { tau: number }).tau).toBe(0);
    expect(check?.headers['authorization']).toBe('Bearer tok');

    // Fixing the value clears the errors.
    change('tau', '4');
    await waitFor(() => expect(screen.queryByTestId('error-tau')).toBeNull());
    expect(screen.getByTestId('check-status')).toHaveAttribute('data-check', 'ok');
  });

  it('shows warnings from /jobs/check (the stability warning)', async () => {
    const warning = '(eta, alpha) = (2.5, 0.2) lies outside the region where the paper proves EASGD stable';
    mockFetch({
      'GET /datasets': () => json(DATASETS),
      'POST /jobs/check': () => json({ spec: {}, warnings: [warning] }),
    });
    renderSubmit();
    change('eta', '2.5');
    expect(await screen.findByTestId('check-warning')).toHaveTextContent(warning);
  });

  it('flags a non-number locally without calling the server', async () => {
    const calls = mockFetch({ 'GET /datasets': () => json(DATASETS) });
    renderSubmit();
    change('workers', 'four');
    expect(await screen.findByTestId('error-workers')).toHaveTextContent('whole number');
    await new Promise((r) => setTimeout(r, 40));
    expect(calls.some((c) => c.path === '/jobs/check')).toBe(false);
    expect(screen.getByTestId('btn-submit')).toBeDisabled();
  });

  it('fills the form from presets', async () => {
    mockFetch({ 'GET /datasets': () => json(DATASETS), 'POST /jobs/check': () => json({ spec: {}, warnings: [] }) });
    renderSubmit();
    await screen.findByRole('option', { name: 'cifar-10' });
    change('dataset', 'cifar-10');

    fireEvent.click(screen.getByTestId('preset-paper-eamsgd-p4-tau16'));
    expect(field('algorithm').value).toBe('EAMSGD');
    expect(field('workers').value).toBe('4');
    expect(field('tau').value).toBe('16');
    expect(field('delta').value).toBe('0.99');
    expect(field('beta').value).toBe('0.9');
    expect(field('dataset').value).toBe('cifar-10'); // paper presets keep dataset and model

    fireEvent.click(screen.getByTestId('preset-paper-downpour-p4-tau64'));
    expect(field('algorithm').value).toBe('DOWNPOUR');
    expect(field('tau').value).toBe('64');
    expect(field('delta')).toBeDisabled(); // DOWNPOUR has no momentum
    expect(field('beta')).toBeDisabled();

    fireEvent.click(screen.getByTestId('preset-mnist-eamsgd-p2-tau10'));
    expect(field('algorithm').value).toBe('EAMSGD');
    expect(field('workers').value).toBe('2');
    expect(field('tau').value).toBe('10');
    expect(field('dataset').value).toBe('mnist-10k');
    expect(field('model').value).toBe('mlp');
    expect(field('delta').value).toBe('0.9');
  });

  it('submits with the token and navigates to the new job', async () => {
    const calls = mockFetch({
      'GET /datasets': () => json(DATASETS),
      'POST /jobs/check': () => json({ spec: {}, warnings: [] }),
      'POST /jobs': () => json({ id: 77, state: 'QUEUED', spec: {} }, 202),
    });
    setToken('abc');
    renderSubmit();
    fireEvent.click(screen.getByTestId('preset-mnist-eamsgd-p2-tau10'));
    fireEvent.click(screen.getByTestId('btn-submit'));
    expect(await screen.findByTestId('job-page')).toHaveTextContent('job 77');
    const post = calls.find((c) => c.method === 'POST' && c.path === '/jobs')!;
    expect(post.headers['authorization']).toBe('Bearer abc');
    expect(post.body).toEqual({
      name: 'mnist-eamsgd-p2-tau10',
      priority: 0,
      algorithm: 'EAMSGD',
      workers: 2,
      tau: 10,
      eta: 0.05,
      beta: 0.9,
      delta: 0.9,
      model: 'mlp',
      dataset: 'mnist-10k',
      batchSize: 128,
      weightDecay: 0.0001,
      seed: 42,
      compression: 'none',
      stop: { maxSteps: 2000 },
    });
  });

  it('shows the submit error from the API on the field and a 401 as a token message', async () => {
    let status = 401;
    mockFetch({
      'GET /datasets': () => json(DATASETS),
      'POST /jobs/check': () => json({ spec: {}, warnings: [] }),
      'POST /jobs': () => (status === 401 ? problem({ title: 'Unauthorized', status: 401 }, 401) : problem(tauProblem)),
    });
    renderSubmit();
    fireEvent.click(screen.getByTestId('btn-submit'));
    expect(await screen.findByTestId('submit-error')).toHaveTextContent(/API token/);
    status = 400;
    fireEvent.click(screen.getByTestId('btn-submit'));
    expect(await screen.findByTestId('error-tau')).toHaveTextContent('must be >= 1, found 0');
  });

  it('prefills from a job when cloning', async () => {
    mockFetch({
      'GET /datasets': () => json(DATASETS),
      'POST /jobs/check': () => json({ spec: {}, warnings: [] }),
      'GET /jobs/5': () =>
        json({
          id: 5,
          name: 'easgd-tau4',
          state: 'COMPLETED',
          priority: 2,
          spec: { algorithm: 'EASGD', workers: 4, tau: 4, eta: 0.1, alpha: 0.225, beta: 0.9, delta: 0.9, batchSize: 64, weightDecay: 0, model: 'cnn', dataset: 'mnist-10k', seed: 7, stop: { maxSteps: 500, maxWallSeconds: null, targetTestError: 0.05 } },
        }),
    });
    renderSubmit('/submit?clone=5');
    await waitFor(() => expect(field('tau').value).toBe('4'));
    expect(field('algorithm').value).toBe('EASGD');
    expect(field('name').value).toBe('easgd-tau4-clone');
    expect(field('priority').value).toBe('2');
    expect(field('alpha').value).toBe(''); // only β is sent
    expect(field('beta').value).toBe('0.9');
    expect(field('model').value).toBe('cnn');
    expect(field('targetTestError').value).toBe('0.05');
    expect(field('maxWallSeconds').value).toBe('');
  });

  it('τ auto: the checkbox sends "auto" with the target share, and unticking restores the number', async () => {
    const calls = mockFetch({
      'GET /datasets': () => json(DATASETS),
      'POST /jobs/check': (c) => json({ spec: c.body, warnings: [] }),
    });
    renderSubmit();
    change('tau', '16');
    expect(screen.queryByTestId('field-commShare')).toBeNull();        // only with τ auto
    fireEvent.click(screen.getByTestId('tau-auto'));
    expect(field('tau').value).toBe('auto');
    change('commShare', '0.05');
    await waitFor(() => {
      const last = calls.filter((c) => c.path === '/jobs/check').pop();
      expect(last?.body).toMatchObject({ tau: 'auto', autoTau: { commShare: 0.05 } });
    });
    expect(screen.getByTestId('fieldset-tau')).toHaveTextContent('"auto"');
    fireEvent.click(screen.getByTestId('tau-auto'));
    expect(field('tau').value).toBe('16');
    expect(screen.queryByTestId('field-commShare')).toBeNull();
  });

  it('overlap: off, auto or a fixed k, with its help, for the asynchronous rules; disabled and not sent otherwise', async () => {
    const calls = mockFetch({
      'GET /datasets': () => json(DATASETS),
      'POST /jobs/check': (c) => json({ spec: c.body, warnings: [] }),
    });
    renderSubmit();
    const select = field('overlap') as unknown as HTMLSelectElement;
    expect(select.tagName).toBe('SELECT');
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual(['off', 'auto', 'fixed k']);
    expect(select.value).toBe('');
    expect(screen.queryByTestId('overlap-k')).toBeNull();
    expect(screen.getByTestId('fieldset-overlap')).toHaveTextContent('Overlap communication');
    expect(screen.getByTestId('fieldset-overlap')).toHaveTextContent(
      'auto: each worker picks k = exchange time / step time (rounded up, 1 to τ)',
    );
    change('overlap', 'true');
    await waitFor(() => {
      const last = calls.filter((c) => c.path === '/jobs/check').pop();
      expect(last?.body).toMatchObject({ algorithm: 'EAMSGD', overlap: true });
    });
    change('overlap', 'k');
    const k = screen.getByTestId('overlap-k') as HTMLInputElement;
    expect(k.value).toBe('2');
    fireEvent.change(k, { target: { value: '5' } });
    await waitFor(() => {
      const last = calls.filter((c) => c.path === '/jobs/check').pop();
      expect(last?.body).toMatchObject({ algorithm: 'EAMSGD', overlap: 5 });
    });
    fireEvent.change(k, { target: { value: 'many' } });
    expect(await screen.findByTestId('error-overlap')).toHaveTextContent('k must be a whole number');
    fireEvent.change(k, { target: { value: '3' } });
    change('algorithm', 'MDOWNPOUR');
    expect(field('overlap')).toBeDisabled();
    expect((field('overlap') as unknown as HTMLSelectElement).value).toBe('');
    expect(screen.queryByTestId('overlap-k')).toBeNull();
    expect(screen.getByTestId('fieldset-overlap')).toHaveTextContent('Not used by MDOWNPOUR.');
    await waitFor(() => {
      const last = calls.filter((c) => c.path === '/jobs/check').pop();
      expect((last?.body as { algorithm?: string }).algorithm).toBe('MDOWNPOUR');
      expect(last?.body).not.toHaveProperty('overlap');
    });
  });
});

describe('spec helpers', () => {
  it('typing alpha clears beta and vice versa (only one is sent)', () => {
    const v = { ...DEFAULTS, alpha: '0.2', beta: '' };
    expect(toBody(v)).toMatchObject({ alpha: 0.2 });
    expect(toBody(v)).not.toHaveProperty('beta');
  });

  it('compression is a select of none, fp16, int8 with help; a clone without it reads none', () => {
    expect(FIELD_BY_KEY.compression.options).toEqual(['none', 'fp16', 'int8']);
    expect(FIELD_BY_KEY.compression.help).toMatch(/fp16 halves, int8 quarters the bytes per exchange; rounding is fed back into the next upload/);
    expect(toBody({ ...DEFAULTS, compression: 'int8' })).toHaveProperty('compression', 'int8');
    expect(fromSpec({ algorithm: 'EASGD' }).compression).toBe('none');
    expect(fromSpec({ algorithm: 'EASGD', compression: 'fp16' } as never).compression).toBe('fp16');
    expect(mapFieldErrors([{ field: 'compression', message: 'must be one of [none, fp16, int8], found "int4"' }]).fields.compression).toMatch(/int4/);
  });

  it('omits fields the algorithm does not use', () => {
    const body = toBody({ ...DEFAULTS, algorithm: 'SGD', workers: '1' });
    expect(body).not.toHaveProperty('beta');
    expect(body).not.toHaveProperty('delta');
    expect(body).not.toHaveProperty('averagingRate');
    expect(toBody({ ...DEFAULTS, algorithm: 'MVASGD' })).toHaveProperty('averagingRate', 0.001);
  });

  it('has the paper presets: p=4, τ ∈ {1,4,16,64} for EASGD, EAMSGD, DOWNPOUR', () => {
    expect(PAPER_PRESETS).toHaveLength(12);
    for (const p of PAPER_PRESETS) expect(applyPreset(DEFAULTS, p).workers).toBe('4');
    expect(PAPER_PRESETS.map((p) => `${p.values.algorithm}/${p.values.tau}`)).toContain('DOWNPOUR/64');
    expect(applyPreset({ ...DEFAULTS, tau: '99' }, QUICK_PRESET).tau).toBe('10');
  });

  it('maps "stop.maxSteps" and "maxSteps" alike', () => {
    expect(mapFieldErrors([{ field: 'maxSteps', message: 'x' }]).fields.maxSteps).toBe('x');
    expect(mapFieldErrors([], 'bad body').general).toEqual(['bad body']);
  });

  it('τ is a whole number or "auto"; autoTau.* is sent and read back only with auto', () => {
    expect(toBody({ ...DEFAULTS, tau: 'auto', commShare: '0.2', tauMax: '64' })).toMatchObject({ tau: 'auto', autoTau: { commShare: 0.2, max: 64 } });
    expect(toBody({ ...DEFAULTS, tau: 'auto' })).not.toHaveProperty('autoTau');
    const fixed = toBody({ ...DEFAULTS, tau: '4', commShare: '0.2' });
    expect(fixed.tau).toBe(4);
    expect(fixed).not.toHaveProperty('autoTau');
    expect(syntaxErrors({ ...DEFAULTS, tau: 'fast' }).tau).toBe('must be a whole number or "auto"');
    expect(syntaxErrors({ ...DEFAULTS, tau: 'auto' }).tau).toBeUndefined();
    const cloned = fromSpec({ algorithm: 'DOWNPOUR', tau: 'auto', autoTau: { commShare: 0.05, min: 1, max: 32, initial: 1 } });
    expect([cloned.tau, cloned.commShare, cloned.tauMax]).toEqual(['auto', '0.05', '32']);
    expect(mapFieldErrors([{ field: 'autoTau.commShare', message: 'must be in (0, 1), found 0.0' }]).fields.commShare).toBe(
      'must be in (0, 1), found 0.0',
    );
  });

  it('overlap is sent as true (auto) or a number (fixed k), only for the rules that allow it, and read back from a spec', () => {
    expect(toBody(DEFAULTS)).not.toHaveProperty('overlap');
    expect(toBody({ ...DEFAULTS, algorithm: 'DOWNPOUR', overlap: 'true' })).toMatchObject({ overlap: true });
    expect(toBody({ ...DEFAULTS, algorithm: 'EASGD', overlap: 'k', overlapK: '4' })).toMatchObject({ overlap: 4 });
    expect(toBody({ ...DEFAULTS, algorithm: 'SYNC_EASGD', overlap: 'true' })).not.toHaveProperty('overlap');
    expect(toBody({ ...DEFAULTS, algorithm: 'SGD', workers: '1', overlap: 'k' })).not.toHaveProperty('overlap');
    expect(fromSpec({ algorithm: 'EASGD', overlap: true }).overlap).toBe('true');
    const fixed = fromSpec({ algorithm: 'EASGD', overlap: 3 });
    expect([fixed.overlap, fixed.overlapK]).toEqual(['k', '3']);
    expect(toBody(fixed)).toMatchObject({ overlap: 3 });
    expect(fromSpec({ algorithm: 'EASGD' }).overlap).toBe('');
    expect(syntaxErrors({ ...DEFAULTS, overlap: 'true' })).toEqual({});
    expect(syntaxErrors({ ...DEFAULTS, overlap: 'k', overlapK: '2.5' }).overlap).toBe('k must be a whole number');
    expect(syntaxErrors({ ...DEFAULTS, overlap: '', overlapK: 'x' })).toEqual({});
    expect(mapFieldErrors([{ field: 'overlap', message: 'cannot be true for MDOWNPOUR' }]).fields.overlap).toBe(
      'cannot be true for MDOWNPOUR',
    );
  });

  it('the DiLoCo preset fills DILOCO with its inner and outer optimisers, shown only for DILOCO', async () => {
    mockFetch({ 'GET /datasets': () => json(DATASETS), 'POST /jobs/check': () => json({ spec: {}, warnings: [] }) });
    renderSubmit();
    await screen.findByRole('option', { name: 'cifar-10' });
    expect(field('outerLr')).toBeDisabled(); // EAMSGD, the default, has no outer optimiser

    fireEvent.click(screen.getByTestId('preset-mnist-diloco-p2-h50'));
    expect(field('algorithm').value).toBe('DILOCO');
    expect(field('workers').value).toBe('2');
    expect(field('tau').value).toBe('50');
    expect(field('innerOptimizer').value).toBe('nesterov');
    expect(field('outerLr').value).toBe('0.7');
    expect(field('outerMomentum').value).toBe('0.9');
    expect(field('outerLr')).not.toBeDisabled();
    expect(field('delta')).not.toBeDisabled(); // the inner Nesterov momentum
    expect(field('beta')).toBeDisabled(); // no elastic pull
    expect(field('dataset').value).toBe('mnist-10k');

    change('innerOptimizer', 'adam');
    expect(field('innerOptimizer').value).toBe('adam');
  });

  it('sends innerOptimizer, outerLr and outerMomentum for DILOCO only', () => {
    const body = toBody(applyPreset(DEFAULTS, DILOCO_PRESET));
    expect(body).toMatchObject({ algorithm: 'DILOCO', tau: 50, innerOptimizer: 'nesterov', outerLr: 0.7, outerMomentum: 0.9, delta: 0.9 });
    expect(body).not.toHaveProperty('beta');
    const other = toBody({ ...DEFAULTS, algorithm: 'SYNC_EASGD' });
    expect(other).not.toHaveProperty('innerOptimizer');
    expect(other).not.toHaveProperty('outerLr');
    expect(other).not.toHaveProperty('outerMomentum');
    const cloned = fromSpec({ algorithm: 'DILOCO', tau: 20, innerOptimizer: 'adam', outerLr: 0.5, outerMomentum: 0.8 });
    expect([cloned.innerOptimizer, cloned.outerLr, cloned.outerMomentum, cloned.tau]).toEqual(['adam', '0.5', '0.8', '20']);
    expect(fromSpec({ algorithm: 'EASGD' }).innerOptimizer).toBe('nesterov');
  });

  it('lists ADMM and shows its penalty ρ only for it, with compression off', async () => {
    mockFetch({ 'GET /datasets': () => json(DATASETS), 'POST /jobs/check': () => json({ spec: {}, warnings: [] }) });
    renderSubmit();
    await screen.findByRole('option', { name: 'cifar-10' });
    expect(within(field('algorithm')).getByRole('option', { name: 'ADMM' })).toBeInTheDocument();
    expect(field('rho')).toBeDisabled(); // EAMSGD, the default, has no ρ
    expect(field('compression')).not.toBeDisabled();

    change('algorithm', 'ADMM');
    expect(field('rho')).not.toBeDisabled();
    expect(field('rho').value).toBe('1');
    expect(field('compression')).toBeDisabled(); // ADMM runs uncompressed
    expect(field('beta')).toBeDisabled(); // no elastic pull
    expect(field('delta')).toBeDisabled(); // no momentum
    change('rho', '2.5');
    expect(field('rho').value).toBe('2.5');
  });

  it('sends roundDeadlineMs for the synchronous rules only, as a number, and a clone keeps it', async () => {
    expect(toBody(DEFAULTS)).not.toHaveProperty('roundDeadlineMs');
    expect(toBody({ ...DEFAULTS, algorithm: 'SYNC_EASGD' })).not.toHaveProperty('roundDeadlineMs'); // empty: the barrier
    expect(toBody({ ...DEFAULTS, algorithm: 'SYNC_EAMSGD', roundDeadlineMs: '5000' })).toMatchObject({ roundDeadlineMs: 5000 });
    expect(toBody({ ...DEFAULTS, algorithm: 'DILOCO', roundDeadlineMs: ' 250 ' })).toMatchObject({ roundDeadlineMs: 250 });
    expect(toBody({ ...DEFAULTS, algorithm: 'EASGD', roundDeadlineMs: '5000' })).not.toHaveProperty('roundDeadlineMs');
    expect(fromSpec({ algorithm: 'DILOCO', roundDeadlineMs: 3000 } as never).roundDeadlineMs).toBe('3000');
    expect(fromSpec({ algorithm: 'SYNC_EASGD' }).roundDeadlineMs).toBe('');
    expect(syntaxErrors({ ...DEFAULTS, algorithm: 'SYNC_EASGD', roundDeadlineMs: '1.5' }).roundDeadlineMs).toBe('must be a whole number');
    expect(mapFieldErrors([{ field: 'roundDeadlineMs', message: 'must be in [1, 86400000] (milliseconds), found 0' }]).fields
      .roundDeadlineMs).toBe('must be in [1, 86400000] (milliseconds), found 0');

    mockFetch({ 'GET /datasets': () => json(DATASETS), 'POST /jobs/check': () => json({ spec: {}, warnings: [] }) });
    renderSubmit();
    await screen.findByRole('option', { name: 'cifar-10' });
    expect(field('roundDeadlineMs')).toBeDisabled(); // EAMSGD, the default, has no rounds
    change('algorithm', 'SYNC_EASGD');
    expect(field('roundDeadlineMs')).not.toBeDisabled();
    expect(field('roundDeadlineMs').value).toBe('');
  });

  it('sends rho for ADMM only, never with a compression, and a clone keeps it', () => {
    const body = toBody({ ...DEFAULTS, algorithm: 'ADMM', rho: '2.5', compression: 'int8' });
    expect(body).toMatchObject({ algorithm: 'ADMM', rho: 2.5 });
    expect(body).not.toHaveProperty('compression');
    expect(body).not.toHaveProperty('beta');
    const other = toBody({ ...DEFAULTS, algorithm: 'EASGD', rho: '2.5', compression: 'fp16' });
    expect(other).not.toHaveProperty('rho');
    expect(other).toHaveProperty('compression', 'fp16');
    const cloned = fromSpec({ algorithm: 'ADMM', rho: 0.3, tau: 4 });
    expect([cloned.algorithm, cloned.rho, cloned.tau]).toEqual(['ADMM', '0.3', '4']);
    expect(fromSpec({ algorithm: 'EASGD' }).rho).toBe('1');
    expect(mapFieldErrors([{ field: 'rho', message: 'must be in (0, 1000], found -2.0' }]).fields.rho).toBe(
      'must be in (0, 1000], found -2.0',
    );
  });
});
