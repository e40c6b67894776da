import { ALGORITHMS, type Algorithm, type FieldError, type JobSpec, type SubmitBody } from '../../api/types';

/** The form keeps every value as typed (strings), so the server can judge bad values itself. */
export interface FormValues {
  name: string;
  priority: string;
  algorithm: Algorithm;
  workers: string;
  tau: string;
  commShare: string;
  tauMax: string;
  eta: string;
  alpha: string;
  beta: string;
  delta: string;
  averagingRate: string;
  batchSize: string;
  weightDecay: string;
  model: string;
  modelJson: string;
  dataset: string;
  seed: string;
  maxSteps: string;
  maxWallSeconds: string;
  targetTestError: string;
  /** '' (off), 'true' (auto: each worker picks k) or 'k' (a fixed k, in overlapK). */
  overlap: string;
  /** The fixed k of `overlap: 'k'`, as typed. */
  overlapK: string;
  innerOptimizer: string;
  outerLr: string;
  outerMomentum: string;
  /** ADMM's penalty ρ. */
  rho: string;
  /** The synchronous rules' round deadline in ms; empty: every round waits for all p. */
  roundDeadlineMs: string;
  compression: string;
  /** Elastic worker counts: the most workers (`workers.max`); empty for a fixed p. */
  workersMax: string;
}

export type FieldKey = keyof FormValues;

const ELASTIC: readonly Algorithm[] = ['EASGD', 'EAMSGD', 'SYNC_EASGD', 'SYNC_EAMSGD'];
const MOMENTUM: readonly Algorithm[] = ['EAMSGD', 'MSGD', 'MDOWNPOUR', 'SYNC_EAMSGD', 'DILOCO'];
/** DiLoCo's own settings (docs/algorithms.md): inner optimiser, outer learning rate and momentum. */
const OUTER: readonly Algorithm[] = ['DILOCO'];
const MOVING_AVERAGE: readonly Algorithm[] = ['MVASGD', 'MVADOWNPOUR'];
/** ADMM's own setting (docs/algorithms.md "ADMM"): the penalty ρ. */
const PENALTY: readonly Algorithm[] = ['ADMM'];
/** The synchronous rules, whose rounds may close at a deadline (docs/algorithms.md "Round deadline"). */
export const ROUND_DEADLINE_ALGORITHMS: readonly Algorithm[] = ['SYNC_EASGD', 'SYNC_EAMSGD', 'DILOCO'];
/** The algorithms whose exchanges may be compressed: all but ADMM (its master's x_i − λ_i must stay exact). */
export const COMPRESSION_ALGORITHMS: readonly Algorithm[] = ALGORITHMS.filter((a) => !PENALTY.includes(a));

export type Kind = 'int' | 'long' | 'float' | 'text' | 'select' | 'textarea' | 'tau' | 'checkbox' | 'overlap';

/** The value of τ that asks the platform to pick it (docs/api.md, `tau`). */
export const TAU_AUTO = 'auto';
/** The algorithms that may run with τ auto: asynchronous, several workers, τ not fixed by the rule. */
export const AUTO_TAU_ALGORITHMS: readonly Algorithm[] = ['EASGD', 'EAMSGD', 'DOWNPOUR', 'ADOWNPOUR', 'MVADOWNPOUR'];
export const isTauAuto = (tau: string): boolean => tau.trim() === TAU_AUTO;
/** The choices of the overlap field: off, auto (`true`), or a fixed k (a number). */
export const OVERLAP_MODES = [
  { value: '', label: 'off' },
  { value: 'true', label: 'auto' },
  { value: 'k', label: 'fixed k' },
] as const;
/** The k a "fixed k" starts at. */
export const DEFAULT_OVERLAP_K = '2';
/** The algorithms that may overlap their exchange with the next local steps (docs/algorithms.md). */
export const OVERLAP_ALGORITHMS: readonly Algorithm[] = ['EASGD', 'EAMSGD', 'DOWNPOUR', 'ADOWNPOUR', 'MVADOWNPOUR'];
/** The algorithms that may run with a worker range (`workers: {min, max}`): asynchronous, several workers. */
export const ELASTIC_WORKER_ALGORITHMS: readonly Algorithm[] = ['EASGD', 'EAMSGD', 'DOWNPOUR', 'ADOWNPOUR', 'MVADOWNPOUR'];

export interface FieldDef {
  key: FieldKey;
  /** Name in the API (as in problem+json errors[].field). */
  api: string;
  label: string;
  help: string;
  kind: Kind;
  options?: readonly string[];
  /** Empty means "server default" (shown as placeholder). */
  placeholder?: string;
  /** Fields that do not apply to an algorithm are disabled and not sent. */
  appliesTo?: (a: Algorithm) => boolean;
  /** Settings of τ auto (`autoTau.*`): shown and sent only while τ is "auto". */
  autoTau?: boolean;
  group: 'job' | 'algorithm' | 'training' | 'stop';
}

export const FIELDS: readonly FieldDef[] = [
  { key: 'name', api: 'name', label: 'Name', help: 'Optional label shown in the job list.', kind: 'text', placeholder: 'e.g. eamsgd-tau10', group: 'job' },
  { key: 'priority', api: 'priority', label: 'Priority', help: 'Higher runs first when agents are busy (default 0).', kind: 'int', group: 'job' },
  {
    key: 'algorithm',
    api: 'algorithm',
    label: 'Algorithm',
    help: 'EASGD family (elastic averaging), DOWNPOUR family, single-worker baselines, DILOCO (DiLoCo: synchronous rounds of τ = H inner steps, then an outer Nesterov step on the averaged worker change), or ADMM (asynchronous ADMM with a dual variable per worker and penalty ρ, the method the paper\'s stability analysis compares EASGD with).',
    kind: 'select',
    options: ALGORITHMS,
    group: 'algorithm',
  },
  {
    key: 'workers',
    api: 'workers',
    label: 'Workers p',
    help: 'Number of workers (1 for the single-worker baselines); with a largest p below, the fewest the job runs with (workers.min).',
    kind: 'int',
    group: 'algorithm',
  },
  {
    key: 'workersMax',
    api: 'workers.max',
    label: 'Largest p (range)',
    help: 'Optional, makes p elastic: the job starts with p above and takes in free agents up to this many while it runs (queued jobs get free agents first); when an agent leaves it goes on with one fewer, down to p. α = β/p follows the current p, so give β, not α. EASGD, EAMSGD, DOWNPOUR, ADOWNPOUR, MVADOWNPOUR. Empty: a fixed p.',
    kind: 'int',
    placeholder: 'fixed',
    appliesTo: (a) => ELASTIC_WORKER_ALGORITHMS.includes(a),
    group: 'algorithm',
  },
  {
    key: 'tau',
    api: 'tau',
    label: 'Period τ',
    help: 'Communication period: local steps between exchanges with the center (≥ 1; DILOCO: H, the inner steps per round, default 50), or "auto": the platform measures each worker\'s step and exchange times and sets τ during the run so that exchanges take about the target share of the step time (EASGD, EAMSGD, DOWNPOUR, ADOWNPOUR, MVADOWNPOUR).',
    kind: 'tau',
    group: 'algorithm',
  },
  {
    key: 'commShare',
    api: 'autoTau.commShare',
    label: 'Target exchange share',
    help: 'τ auto: the share of the step time the exchanges may take, in (0,1); τ ≈ exchange time / (share × step time). Default 0.1 (10 %).',
    kind: 'float',
    placeholder: '0.1',
    autoTau: true,
    group: 'algorithm',
  },
  {
    key: 'tauMax',
    api: 'autoTau.max',
    label: 'Largest τ',
    help: 'τ auto: the largest τ the platform may pick (default 256); the DOWNPOUR stability warning is checked there.',
    kind: 'int',
    placeholder: '256',
    autoTau: true,
    group: 'algorithm',
  },
  {
    key: 'overlap',
    api: 'overlap',
    label: 'Overlap communication',
    help: 'The upload is sent and the worker goes on computing; the reply is applied k local steps later (EASGD, EAMSGD, DOWNPOUR, ADOWNPOUR, MVADOWNPOUR). Hides the exchange time behind compute. auto: each worker picks k = exchange time / step time (rounded up, 1 to τ) from what it measures; fixed k: a whole number ≥ 1. The elastic move (for DOWNPOUR the pull of the center) arrives k local steps late.',
    kind: 'overlap',
    appliesTo: (a) => OVERLAP_ALGORITHMS.includes(a),
    group: 'algorithm',
  },
  { key: 'eta', api: 'eta', label: 'Learning rate η', help: 'Step size of the local SGD updates (> 0); DILOCO: the inner learning rate (default 0.05, with Adam 0.001).', kind: 'float', group: 'algorithm' },
  {
    key: 'alpha',
    api: 'alpha',
    label: 'Moving rate α',
    help: 'Elastic pull per worker, in (0,1); default β/p. Give α or β, not both (typing one clears the other).',
    kind: 'float',
    placeholder: 'β/p',
    appliesTo: (a) => ELASTIC.includes(a),
    group: 'algorithm',
  },
  {
    key: 'beta',
    api: 'beta',
    label: 'Total pull β',
    help: 'Total elastic pull β = pα, in (0,1].',
    kind: 'float',
    appliesTo: (a) => ELASTIC.includes(a),
    group: 'algorithm',
  },
  {
    key: 'delta',
    api: 'delta',
    label: 'Momentum δ',
    help: 'Nesterov momentum in [0,1) (EAMSGD, MSGD, MDOWNPOUR; DILOCO: the inner Nesterov momentum, unused with Adam).',
    kind: 'float',
    appliesTo: (a) => MOMENTUM.includes(a),
    group: 'algorithm',
  },
  {
    key: 'averagingRate',
    api: 'averagingRate',
    label: 'Averaging rate a',
    help: 'Constant moving rate of the averaged variable, in (0,1) (MVASGD, MVADOWNPOUR).',
    kind: 'float',
    appliesTo: (a) => MOVING_AVERAGE.includes(a),
    group: 'algorithm',
  },
  {
    key: 'innerOptimizer',
    api: 'innerOptimizer',
    label: 'Inner optimiser',
    help: 'DILOCO: the workers\' optimiser for their τ = H inner steps: Nesterov SGD (η, δ) or Adam (η; β1 0.9, β2 0.999, ε 1e-8). Its state is kept across rounds.',
    kind: 'select',
    options: ['nesterov', 'adam'],
    appliesTo: (a) => OUTER.includes(a),
    group: 'algorithm',
  },
  {
    key: 'outerLr',
    api: 'outerLr',
    label: 'Outer learning rate',
    help: 'DILOCO: learning rate of the outer Nesterov step on the averaged pseudo-gradient, in (0, 10]; the paper\'s 0.7.',
    kind: 'float',
    placeholder: '0.7',
    appliesTo: (a) => OUTER.includes(a),
    group: 'algorithm',
  },
  {
    key: 'outerMomentum',
    api: 'outerMomentum',
    label: 'Outer momentum',
    help: 'DILOCO: Nesterov momentum of the outer step, in [0,1); the paper\'s 0.9.',
    kind: 'float',
    placeholder: '0.9',
    appliesTo: (a) => OUTER.includes(a),
    group: 'algorithm',
  },
  {
    key: 'rho',
    api: 'rho',
    label: 'Penalty ρ',
    help: 'ADMM: the penalty ρ of the augmented Lagrangian, in (0, 1000]; default 1. Each exchange is a dual step λ ← λ − (x − x̃) and a gradient step on the augmented Lagrangian; fixed p, a number τ, no overlap and no compression.',
    kind: 'float',
    placeholder: '1',
    appliesTo: (a) => PENALTY.includes(a),
    group: 'algorithm',
  },
  {
    key: 'roundDeadlineMs',
    api: 'roundDeadlineMs',
    label: 'Round deadline (ms)',
    help: 'Synchronous rules: a round whose first upload came longer ago than this is computed with the workers that arrived, and a late worker\'s upload counts in the next round, so one slow worker does not idle the others (a deviation from the paper). Empty: every round waits for all p.',
    kind: 'int',
    placeholder: 'wait for all',
    appliesTo: (a) => ROUND_DEADLINE_ALGORITHMS.includes(a),
    group: 'algorithm',
  },
  { key: 'model', api: 'model', label: 'Model', help: 'Network to train; "custom" takes a DL4J configuration below.', kind: 'select', options: ['mlp', 'cnn', 'cifar-convnet', 'custom'], group: 'training' },
  { key: 'dataset', api: 'dataset', label: 'Dataset', help: 'A dataset known to the server.', kind: 'select', group: 'training' },
  { key: 'batchSize', api: 'batchSize', label: 'Batch size', help: 'Minibatch size per local step (≥ 1).', kind: 'int', group: 'training' },
  { key: 'weightDecay', api: 'weightDecay', label: 'Weight decay λ', help: 'L2 weight decay added to the gradient as λx (≥ 0).', kind: 'float', group: 'training' },
  { key: 'seed', api: 'seed', label: 'Seed', help: "Seed of the center's initialisation; worker i derives its own from it.", kind: 'long', group: 'training' },
  {
    key: 'modelJson',
    api: 'modelJson',
    label: 'Model JSON',
    help: 'A DL4J MultiLayerConfiguration as JSON (required for model "custom").',
    kind: 'textarea',
    group: 'training',
  },
  {
    key: 'compression',
    api: 'compression',
    label: 'Compression',
    help: 'How exchanges travel: none (float32), fp16 halves, int8 quarters the bytes per exchange; rounding is fed back into the next upload, so training reaches the same error. Not for ADMM (always none).',
    kind: 'select',
    options: ['none', 'fp16', 'int8'],
    appliesTo: (a) => COMPRESSION_ALGORITHMS.includes(a),
    group: 'training',
  },
  { key: 'maxSteps', api: 'stop.maxSteps', label: 'Max steps', help: 'Local steps per worker (≥ 1).', kind: 'long', group: 'stop' },
  { key: 'maxWallSeconds', api: 'stop.maxWallSeconds', label: 'Max wall time (s)', help: 'Optional wall-clock limit in seconds.', kind: 'long', placeholder: 'no limit', group: 'stop' },
  {
    key: 'targetTestError',
    api: 'stop.targetTestError',
    label: 'Target test error',
    help: "Optional: stop when the center's test error is at or below it, in (0,1).",
    kind: 'float',
    placeholder: 'none',
    group: 'stop',
  },
];

export const FIELD_BY_KEY: Record<FieldKey, FieldDef> = Object.fromEntries(FIELDS.map((f) => [f.key, f])) as Record<FieldKey, FieldDef>;

/** Defaults of docs/api.md. */
export const DEFAULTS: FormValues = {
  name: '',
  priority: '0',
  algorithm: 'EAMSGD',
  workers: '2',
  tau: '10',
  commShare: '',
  tauMax: '',
  eta: '0.05',
  alpha: '',
  beta: '0.9',
  delta: '0.9',
  averagingRate: '0.001',
  batchSize: '128',
  weightDecay: '0.0001',
  model: 'mlp',
  modelJson: '',
  dataset: 'mnist-10k',
  seed: '42',
  maxSteps: '2000',
  maxWallSeconds: '',
  targetTestError: '',
  overlap: '',
  overlapK: DEFAULT_OVERLAP_K,
  innerOptimizer: 'nesterov',
  outerLr: '0.7',
  outerMomentum: '0.9',
  rho: '1',
  roundDeadlineMs: '',
  compression: 'none',
  workersMax: '',
};

export function isApplicable(key: FieldKey, values: FormValues): boolean {
  if (key === 'modelJson') return values.model === 'custom';
  if (FIELD_BY_KEY[key].autoTau) return isTauAuto(values.tau);
  const def = FIELD_BY_KEY[key];
  return !def.appliesTo || def.appliesTo(values.algorithm);
}

/** Local syntax check only (is it a number?); ranges are the server's job. */
export function syntaxErrors(values: FormValues): Partial<Record<FieldKey, string>> {
  const out: Partial<Record<FieldKey, string>> = {};
  for (const f of FIELDS) {
    if (!isApplicable(f.key, values)) continue;
    const v = String(values[f.key]).trim();
    if (v === '') continue;
    if ((f.kind === 'int' || f.kind === 'long') && !/^[+-]?\d+$/.test(v)) out[f.key] = 'must be a whole number';
    if (f.kind === 'tau' && !/^[+-]?\d+$/.test(v) && !isTauAuto(v)) out[f.key] = 'must be a whole number or "auto"';
    if (f.kind === 'float' && (v === '' || !Number.isFinite(Number(v)))) out[f.key] = 'must be a number';
    if (f.kind === 'overlap' && v === 'k' && !/^[+-]?\d+$/.test(values.overlapK.trim())) out[f.key] = 'k must be a whole number';
  }
  return out;
}

/** The request body: typed values; empty and not-applicable fields are left to the server. */
export function toBody(values: FormValues): SubmitBody {
  const body: SubmitBody = {};
  const stop: NonNullable<JobSpec['stop']> = {};
  const autoTau: Record<string, unknown> = {};
  for (const f of FIELDS) {
    if (!isApplicable(f.key, values)) continue;
    const raw = String(values[f.key]).trim();
    if (raw === '') continue;
    if (f.kind === 'checkbox') {
      if (raw === 'true') (body as Record<string, unknown>)[f.api] = true;
      continue;
    }
    if (f.kind === 'overlap') {
      if (raw === 'true') (body as Record<string, unknown>)[f.api] = true;
      else if (raw === 'k') (body as Record<string, unknown>)[f.api] = Number(values.overlapK.trim());
      continue;
    }
    const v: string | number =
      f.kind === 'int' || f.kind === 'long' || f.kind === 'float' || (f.kind === 'tau' && !isTauAuto(raw)) ? Number(raw) : raw;
    if (f.api.startsWith('stop.')) (stop as Record<string, unknown>)[f.api.slice(5)] = v;
    else if (f.api.startsWith('autoTau.')) autoTau[f.api.slice(8)] = v;
    else (body as Record<string, unknown>)[f.api] = v;
  }
  const max = (body as Record<string, unknown>)['workers.max'];
  if (max !== undefined) {
    // a range: {min, max}; without a min the server names workers.min
    delete (body as Record<string, unknown>)['workers.max'];
    body.workers = { min: body.workers as number, max: max as number };
  }
  if (Object.keys(stop).length) body.stop = stop;
  if (Object.keys(autoTau).length) (body as Record<string, unknown>).autoTau = autoTau;
  return body;
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** Fills the form from a job's spec (clone). */
export function fromSpec(spec: JobSpec, extra: { name?: string | null; priority?: number } = {}): FormValues {
  const v: FormValues = { ...DEFAULTS };
  if (spec.algorithm) v.algorithm = spec.algorithm;
  for (const f of FIELDS) {
    if (f.key === 'algorithm' || f.key === 'name' || f.key === 'priority') continue;
    const val = f.api.startsWith('stop.')
      ? (spec.stop as Record<string, unknown> | undefined)?.[f.api.slice(5)]
      : f.api.startsWith('autoTau.')
        ? (spec.autoTau as Record<string, unknown> | undefined)?.[f.api.slice(8)]
        : (spec as Record<string, unknown>)[f.api];
    (v as unknown as Record<string, string>)[f.key] = f.kind === 'checkbox' ? (val === true ? 'true' : '') : str(val);
    if (f.kind === 'overlap') {
      // true: auto; a number: that fixed k; false or absent: off
      v.overlap = val === true ? 'true' : typeof val === 'number' ? 'k' : '';
      v.overlapK = typeof val === 'number' ? String(val) : DEFAULTS.overlapK;
    }
  }
  // The server leaves compression out of a spec when it is none.
  if (!v.compression) v.compression = DEFAULTS.compression;
  // A range: p is its min, the largest p its max.
  const workers = spec.workers as { min?: number; max?: number } | number | undefined;
  if (workers !== null && typeof workers === 'object') {
    v.workers = str(workers.min);
    v.workersMax = str(workers.max);
  }
  // The server fills in both α and β; the form sends only one of them: keep β (the pull of the paper).
  if (v.alpha && v.beta) v.alpha = '';
  // DiLoCo's fields are absent from other algorithms' specs: keep their defaults for a switch to DILOCO.
  for (const k of ['innerOptimizer', 'outerLr', 'outerMomentum'] as const) if (!v[k]) v[k] = DEFAULTS[k];
  // So is ADMM's ρ.
  if (!v.rho) v.rho = DEFAULTS.rho;
  if (extra.name !== undefined) v.name = str(extra.name);
  if (extra.priority !== undefined) v.priority = str(extra.priority);
  return v;
}

export interface MappedErrors {
  /** Errors of a known field, by form key. */
  fields: Partial<Record<FieldKey, string>>;
  /** Errors we cannot put next to a field, plus the problem detail when no field error came. */
  general: string[];
}

/** Maps problem+json `errors[]` onto form fields ("stop.maxSteps" and "maxSteps" both work). */
export function mapFieldErrors(errors: readonly FieldError[] | undefined, detail?: string): MappedErrors {
  const fields: Partial<Record<FieldKey, string>> = {};
  const general: string[] = [];
  for (const e of errors ?? []) {
    const name = (e.field ?? '').replace(/^spec\./, '').replace(/^workers\.min$/, 'workers');
    const def = FIELDS.find((f) => f.api === name || f.key === name || f.api === `stop.${name}`);
    if (def) fields[def.key] = fields[def.key] ? `${fields[def.key]}; ${e.message}` : e.message;
    else general.push(name ? `${name}: ${e.message}` : e.message);
  }
  if (!errors?.length && detail) general.push(detail);
  return { fields, general };
}

export interface Preset {
  id: string;
  label: string;
  title: string;
  /** Replace the whole form (true) or change only the listed values. */
  reset: boolean;
  values: Partial<FormValues>;
}

export const QUICK_PRESET: Preset = {
  id: 'mnist-eamsgd-p2-tau10',
  label: 'MNIST · EAMSGD · p=2 · τ=10',
  title: 'A quick run: 2 workers, τ=10, MLP on the 10k MNIST sample.',
  reset: true,
  values: {
    name: 'mnist-eamsgd-p2-tau10',
    algorithm: 'EAMSGD',
    workers: '2',
    tau: '10',
    eta: '0.05',
    beta: '0.9',
    delta: '0.9',
    model: 'mlp',
    dataset: 'mnist-10k',
    maxSteps: '2000',
  },
};

/**
 * DiLoCo (Douillard et al. 2023) on the MNIST sample: p = 2, H = τ = 50 inner Nesterov steps
 * (η = 0.05, δ = 0.9) per round, the paper's outer Nesterov (lr 0.7, momentum 0.9).
 */
export const DILOCO_PRESET: Preset = {
  id: 'mnist-diloco-p2-h50',
  label: 'DiLoCo · p=2 · H=50',
  title: 'DiLoCo: 2 workers, rounds of H = 50 inner Nesterov steps, outer Nesterov lr 0.7, momentum 0.9; MLP on the 10k MNIST sample.',
  reset: true,
  values: {
    name: 'mnist-diloco-p2-h50',
    algorithm: 'DILOCO',
    workers: '2',
    tau: '50',
    eta: '0.05',
    delta: '0.9',
    innerOptimizer: 'nesterov',
    outerLr: '0.7',
    outerMomentum: '0.9',
    model: 'mlp',
    dataset: 'mnist-10k',
    maxSteps: '2000',
  },
};

export const PAPER_TAUS = [1, 4, 16, 64] as const;
export const PAPER_ALGORITHMS = ['EASGD', 'EAMSGD', 'DOWNPOUR'] as const;

/**
 * The paper's communication-period experiments (Zhang, Choromanska, LeCun 2015, section 5):
 * p = 4 workers, τ ∈ {1, 4, 16, 64}, for EASGD, EAMSGD and DOWNPOUR, β = 0.9 (α = β/p),
 * EAMSGD with momentum δ = 0.99. Dataset and model stay as chosen in the form.
 */
export const PAPER_PRESETS: readonly Preset[] = PAPER_ALGORITHMS.flatMap((algorithm) =>
  PAPER_TAUS.map<Preset>((tau) => ({
    id: `paper-${algorithm.toLowerCase()}-p4-tau${tau}`,
    label: `τ=${tau}`,
    title: `${algorithm}, p=4, τ=${tau}${algorithm === 'EAMSGD' ? ', δ=0.99' : ''}${algorithm !== 'DOWNPOUR' ? ', β=0.9' : ''}`,
    reset: false,
    values: {
      name: `${algorithm.toLowerCase()}-p4-tau${tau}`,
      algorithm,
      workers: '4',
      tau: String(tau),
      ...(algorithm === 'DOWNPOUR' ? {} : { beta: '0.9', alpha: '' }),
      ...(algorithm === 'EAMSGD' ? { delta: '0.99' } : {}),
    },
  })),
);

export function applyPreset(current: FormValues, preset: Preset): FormValues {
  return { ...(preset.reset ? DEFAULTS : current), ...preset.values };
}
