import { ALGORITHMS, type FieldError, type JobSpec } from '../../api/types';
import {
  RANGE_FORMS,
  isRange,
  runCount,
  type RangeForm,
  type SearchMethod,
  type SearchResource,
  type SweepGrid,
  type SweepRange,
  type SweepRequest,
  type SweepSample,
  type SweepSearchRequest,
} from '../../api/sweeps';

/** The sweep form keeps values as typed; lists are comma-separated. */
export interface SweepFormValues {
  name: string;
  priority: string;
  // base spec
  model: string;
  dataset: string;
  eta: string;
  beta: string;
  delta: string;
  batchSize: string;
  maxSteps: string;
  maxWallSeconds: string;
  // grid (comma-separated)
  gridAlgorithm: string;
  gridTau: string;
  gridEta: string;
  gridWorkers: string;
  gridSeed: string;
  gridBeta: string;
  gridCompression: string;
  /** How each grid field is read: a list (absent) or "lo, hi" of a range form (needs sampling). */
  axisForms: Partial<Record<SweepFieldKey, RangeForm>>;
  /** Grid axes the form has no field for (from a preset), sent as they came. */
  otherGrid: Record<string, unknown>;
  // sample ('' = none: the grid's product)
  sampleMethod: '' | SweepSample['method'];
  sampleRuns: string;
  sampleSeed: string;
  // search ('' = none: every run to its end)
  searchMethod: '' | SearchMethod;
  searchReduction: string;
  searchResource: SearchResource;
  /** The resource's bounds, sent as minSteps/maxSteps, minSeconds/maxSeconds or minBytes/maxBytes. */
  searchMin: string;
  searchMax: string;
  searchBrackets: string;
  /** The single-worker baseline: MSGD, p = 1. */
  baseline: boolean;
  targetTestError: string;
  /** Name of the preset the values came from (sent, so the server records it). */
  preset: string;
  /** Extra runs other than the baseline (from a preset), sent as they came. */
  otherExtra: JobSpec[];
  /** Whether the preset samples / searches: then "none" is sent as null, to override it. */
  presetHas: { sample: boolean; search: boolean };
}

export type SweepFieldKey = Exclude<keyof SweepFormValues, 'baseline' | 'preset' | 'otherExtra' | 'axisForms' | 'otherGrid' | 'presetHas'> | 'baseline';

type Kind = 'int' | 'float' | 'text' | 'texts' | 'algorithms' | 'ints' | 'floats' | 'taus' | 'select';

export interface SweepFieldDef {
  key: SweepFieldKey;
  /** Path in the request (as in problem+json errors[].field). */
  api: string;
  label: string;
  help: string;
  kind: Kind;
  group: 'sweep' | 'base' | 'grid' | 'sample' | 'search';
  placeholder?: string;
  /** kind 'select': the choices, [value, text]. */
  options?: readonly (readonly [string, string])[];
  /** A grid axis that also takes these range forms (with sampling), typed as "lo, hi". */
  ranges?: readonly RangeForm[];
  /** Shown and sent only when this holds. */
  when?: (v: SweepFormValues) => boolean;
}

const sampling = (v: SweepFormValues) => v.sampleMethod !== '';
const searching = (v: SweepFormValues) => v.searchMethod !== '';
/** What a range form means, for the help under its field. */
export const RANGE_HELP: Record<RangeForm, string> = {
  uniform: 'lo, hi: uniform between them',
  logUniform: 'lo, hi with lo > 0: uniform in log (rates)',
  int: 'lo, hi: every whole number from lo to hi, equally likely',
  logInt: 'lo, hi with lo ≥ 1: a whole number, uniform in log (τ, batch size)',
  choice: 'values, equally likely',
};
export const RESOURCE_UNITS: Record<SearchResource, string> = { steps: 'steps', seconds: 's', bytes: 'B' };

export const SWEEP_FIELDS: readonly SweepFieldDef[] = [
  { key: 'name', api: 'name', label: 'Name', help: 'Optional label of the sweep.', kind: 'text', group: 'sweep', placeholder: 'e.g. tau-sweep' },
  { key: 'priority', api: 'priority', label: 'Priority', help: "Priority of the sweep's jobs (default 0).", kind: 'int', group: 'sweep' },
  { key: 'targetTestError', api: 'target.testError', label: 'Target test error', help: 'Time and bytes to reach it are measured per run, in (0,1).', kind: 'float', group: 'sweep', placeholder: 'e.g. 0.03' },
  { key: 'model', api: 'base.model', label: 'Model', help: 'Network every run trains.', kind: 'text', group: 'base' },
  { key: 'dataset', api: 'base.dataset', label: 'Dataset', help: 'A dataset known to the server.', kind: 'text', group: 'base' },
  { key: 'eta', api: 'base.eta', label: 'Learning rate η', help: 'Used when the grid has no η list.', kind: 'float', group: 'base', placeholder: 'server default' },
  { key: 'beta', api: 'base.beta', label: 'Total pull β', help: 'Elastic algorithms only (α = β/p).', kind: 'float', group: 'base', placeholder: 'server default' },
  { key: 'delta', api: 'base.delta', label: 'Momentum δ', help: 'Momentum algorithms only.', kind: 'float', group: 'base', placeholder: 'server default' },
  { key: 'batchSize', api: 'base.batchSize', label: 'Batch size', help: 'Per local step.', kind: 'int', group: 'base', placeholder: 'server default' },
  { key: 'maxSteps', api: 'base.stop.maxSteps', label: 'Max steps', help: 'Local steps per worker, per run.', kind: 'int', group: 'base' },
  { key: 'maxWallSeconds', api: 'base.stop.maxWallSeconds', label: 'Max wall time (s)', help: 'Optional limit per run.', kind: 'int', group: 'base', placeholder: 'no limit' },
  { key: 'gridAlgorithm', api: 'grid.algorithm', label: 'Algorithms', help: 'Comma-separated, e.g. EASGD, EAMSGD, DOWNPOUR.', kind: 'algorithms', group: 'grid' },
  { key: 'gridTau', api: 'grid.tau', label: 'Periods τ', help: 'Comma-separated whole numbers ≥ 1, or "auto" (the platform picks τ during the run; not for the synchronous rules, MDOWNPOUR or single-worker runs).', kind: 'taus', group: 'grid', ranges: ['int', 'logInt'] },
  { key: 'gridEta', api: 'grid.eta', label: 'Learning rates η', help: 'Comma-separated; empty uses the base η.', kind: 'floats', group: 'grid', ranges: ['uniform', 'logUniform'] },
  { key: 'gridBeta', api: 'grid.beta', label: 'Total pulls β', help: 'Comma-separated; empty uses the base β.', kind: 'floats', group: 'grid', ranges: ['uniform', 'logUniform'] },
  { key: 'gridWorkers', api: 'grid.workers', label: 'Workers p', help: 'Comma-separated whole numbers ≥ 1.', kind: 'ints', group: 'grid', ranges: ['int', 'logInt'] },
  { key: 'gridSeed', api: 'grid.seed', label: 'Seeds', help: 'Comma-separated; each seed repeats the grid.', kind: 'ints', group: 'grid', ranges: ['int'] },
  { key: 'gridCompression', api: 'grid.compression', label: 'Compression', help: 'Comma-separated, e.g. none, fp16, int8; empty uses the base.', kind: 'texts', group: 'grid' },
  { key: 'sampleMethod', api: 'sample.method', label: 'Sampling', help: 'Draw the runs instead of running every combination; lets an axis be a range.', kind: 'select', group: 'sample', options: [['', 'none (every combination)'], ['random', 'random'], ['sobol', 'Sobol (even cover)']] },
  { key: 'sampleRuns', api: 'sample.runs', label: 'Runs', help: 'How many runs to draw, 1…200.', kind: 'int', group: 'sample', when: sampling, placeholder: 'e.g. 27' },
  { key: 'sampleSeed', api: 'sample.seed', label: 'Sample seed', help: 'The same seed draws the same runs (default 1).', kind: 'int', group: 'sample', when: sampling, placeholder: '1' },
  { key: 'searchMethod', api: 'search.method', label: 'Early stopping', help: 'ASHA stops runs not among the best 1/η at a rung; Hyperband runs several brackets of it.', kind: 'select', group: 'search', options: [['', 'none (every run to its end)'], ['asha', 'ASHA'], ['hyperband', 'Hyperband']] },
  { key: 'searchReduction', api: 'search.reductionFactor', label: 'Reduction factor η', help: 'Whole number ≥ 2: the best 1/η at each rung run on (default 3).', kind: 'int', group: 'search', when: searching, placeholder: '3' },
  { key: 'searchResource', api: 'search.resource', label: 'Resource', help: 'What the rungs measure: local steps per worker, seconds running, or bytes on the wire.', kind: 'select', group: 'search', when: searching, options: [['steps', 'steps'], ['seconds', 'seconds'], ['bytes', 'bytes']] },
  { key: 'searchMin', api: 'search.min', label: 'First rung', help: 'Whole number ≥ 1 of the resource: the first rung; the next are min·η, min·η², … below max.', kind: 'int', group: 'search', when: searching, placeholder: 'e.g. 200' },
  { key: 'searchMax', api: 'search.max', label: 'Max', help: 'The most a run gets (> min); with steps every run stops there.', kind: 'int', group: 'search', when: searching, placeholder: 'e.g. 1800' },
  { key: 'searchBrackets', api: 'search.brackets', label: 'Brackets', help: 'Hyperband only: how many brackets (default all); run i goes to bracket i mod brackets.', kind: 'int', group: 'search', when: (v) => v.searchMethod === 'hyperband', placeholder: 'all' },
];

/** Whether a field applies now (shown, checked and sent). */
export const fieldActive = (f: SweepFieldDef, v: SweepFormValues): boolean => !f.when || f.when(v);

const BY_KEY = Object.fromEntries(SWEEP_FIELDS.map((f) => [f.key, f])) as Record<string, SweepFieldDef>;

export const BASELINE: JobSpec = { algorithm: 'MSGD', workers: 1 };
const isBaseline = (e: JobSpec) => e.algorithm === BASELINE.algorithm && e.workers === BASELINE.workers && Object.keys(e).length === 2;

export const SWEEP_DEFAULTS: SweepFormValues = {
  name: '',
  priority: '0',
  model: 'mlp',
  dataset: 'mnist-10k',
  eta: '0.05',
  beta: '0.9',
  delta: '0.9',
  batchSize: '',
  maxSteps: '2000',
  maxWallSeconds: '',
  gridAlgorithm: 'EASGD, EAMSGD, DOWNPOUR',
  gridTau: '1, 4, 16, 64',
  gridEta: '',
  gridWorkers: '4',
  gridSeed: '1',
  gridBeta: '',
  gridCompression: '',
  axisForms: {},
  otherGrid: {},
  sampleMethod: '',
  sampleRuns: '',
  sampleSeed: '',
  searchMethod: '',
  searchReduction: '3',
  searchResource: 'steps',
  searchMin: '',
  searchMax: '',
  searchBrackets: '',
  baseline: true,
  targetTestError: '0.03',
  preset: '',
  otherExtra: [],
  presetHas: { sample: false, search: false },
};

const splitList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

const isInt = (p: string) => /^[+-]?\d+$/.test(p);

/** Parses one list field; returns the values or an error message. */
function parseList(kind: Kind, raw: string): { values: (string | number)[] } | { error: string } {
  const parts = splitList(raw);
  const values: (string | number)[] = [];
  for (const p of parts) {
    if (kind === 'algorithms') {
      const a = p.toUpperCase();
      if (!(ALGORITHMS as readonly string[]).includes(a)) return { error: `unknown algorithm "${p}" (one of ${ALGORITHMS.join(', ')})` };
      values.push(a);
    } else if (kind === 'texts') {
      values.push(p);
    } else if (kind === 'taus' && p.toLowerCase() === 'auto') {
      values.push('auto');
    } else if (kind === 'ints' || kind === 'taus') {
      if (!isInt(p)) return { error: `"${p}" is not a whole number${kind === 'taus' ? ' or "auto"' : ''}` };
      values.push(Number(p));
    } else {
      if (!Number.isFinite(Number(p))) return { error: `"${p}" is not a number` };
      values.push(Number(p));
    }
  }
  return { values };
}

/**
 * Parses "lo, hi" of a range form, with the contract's rules (docs/api.md "Searches"): two numbers,
 * lo < hi, logUniform lo > 0, logInt lo ≥ 1, whole numbers for int and logInt.
 */
export function parseRange(form: RangeForm, raw: string): { range: SweepRange } | { error: string } {
  const parts = splitList(raw);
  if (form === 'choice') {
    const r = parseList('texts', raw);
    return 'error' in r ? r : { range: { choice: r.values.map((x) => (Number.isFinite(Number(x)) ? Number(x) : x)) } };
  }
  if (parts.length !== 2) return { error: `${form} needs two numbers "lo, hi", found ${parts.length}` };
  const whole = form === 'int' || form === 'logInt';
  for (const p of parts) {
    if (!Number.isFinite(Number(p))) return { error: `${form}: "${p}" is not a number` };
    if (whole && !isInt(p)) return { error: `${form}: "${p}" is not a whole number` };
  }
  const [lo, hi] = parts.map(Number);
  if (!(lo < hi)) return { error: `${form}: lo must be below hi, found ${lo} ≥ ${hi}` };
  if (form === 'logUniform' && !(lo > 0)) return { error: `logUniform: lo must be > 0, found ${lo}` };
  if (form === 'logInt' && !(lo >= 1)) return { error: `logInt: lo must be ≥ 1, found ${lo}` };
  return { range: { [form]: [lo, hi] } as SweepRange };
}

const listKinds: readonly Kind[] = ['algorithms', 'ints', 'floats', 'taus', 'texts'];

/** Local checks (numbers, lists, algorithm names, the search's and sample's rules); the rest is the server's. */
export function sweepSyntaxErrors(v: SweepFormValues): Partial<Record<SweepFieldKey, string>> {
  const out: Partial<Record<SweepFieldKey, string>> = {};
  for (const f of SWEEP_FIELDS) {
    if (!fieldActive(f, v)) continue;
    const raw = String(v[f.key as keyof SweepFormValues] ?? '').trim();
    if (raw === '') continue;
    const form = v.axisForms[f.key];
    if (form) {
      if (!sampling(v)) out[f.key] = 'a range needs "sample": choose a sampling method';
      else {
        const r = parseRange(form, raw);
        if ('error' in r) out[f.key] = r.error;
      }
    } else if (f.kind === 'int' && !isInt(raw)) out[f.key] = 'must be a whole number';
    else if (f.kind === 'float' && !Number.isFinite(Number(raw))) out[f.key] = 'must be a number';
    else if (listKinds.includes(f.kind)) {
      const r = parseList(f.kind, raw);
      if ('error' in r) out[f.key] = r.error;
    }
  }
  const num = (k: SweepFieldKey) => (out[k] ? NaN : Number(String(v[k as keyof SweepFormValues]).trim() || NaN));
  if (sampling(v)) {
    const runs = num('sampleRuns');
    if (!out.sampleRuns && !(runs >= 1 && runs <= 200)) out.sampleRuns = v.sampleRuns.trim() ? `must be 1…200, found ${runs}` : 'how many runs to draw (1…200)';
  }
  if (searching(v)) {
    const eta = num('searchReduction');
    if (!out.searchReduction && v.searchReduction.trim() && !(eta >= 2)) out.searchReduction = `must be ≥ 2, found ${eta}`;
    const min = num('searchMin');
    const max = num('searchMax');
    if (!out.searchMin && !(min >= 1)) out.searchMin = v.searchMin.trim() ? `must be ≥ 1, found ${min}` : `the first rung, in ${v.searchResource}`;
    if (!out.searchMax && !v.searchMax.trim()) out.searchMax = `the most a run gets, in ${v.searchResource}`;
    else if (!out.searchMax && min >= 1 && !(max > min)) out.searchMax = `must be > min (${min}), found ${max}`;
    const brackets = num('searchBrackets');
    if (v.searchMethod === 'hyperband' && !out.searchBrackets && v.searchBrackets.trim() && !(brackets >= 1)) out.searchBrackets = `must be ≥ 1, found ${brackets}`;
    const steps = v.maxSteps.trim();
    if (v.searchResource === 'steps' && steps && !out.maxSteps && !out.searchMax && v.searchMax.trim() && Number(steps) !== max) {
      out.maxSteps = `a search over steps stops every run at its max (${max}): leave this empty or set ${max}`;
    }
  }
  return out;
}

const BOUND_NAMES: Record<SearchResource, [keyof SweepSearchRequest, keyof SweepSearchRequest]> = {
  steps: ['minSteps', 'maxSteps'],
  seconds: ['minSeconds', 'maxSeconds'],
  bytes: ['minBytes', 'maxBytes'],
};

/** The `search` of the request, or undefined for none. */
function toSearch(v: SweepFormValues): SweepSearchRequest | undefined {
  if (!searching(v)) return undefined;
  const search: SweepSearchRequest = { method: v.searchMethod as SearchMethod, resource: v.searchResource };
  if (v.searchReduction.trim()) search.reductionFactor = Number(v.searchReduction);
  const [min, max] = BOUND_NAMES[v.searchResource];
  if (v.searchMin.trim()) (search[min] as number) = Number(v.searchMin);
  if (v.searchMax.trim()) (search[max] as number) = Number(v.searchMax);
  if (v.searchMethod === 'hyperband' && v.searchBrackets.trim()) search.brackets = Number(v.searchBrackets);
  return search;
}

/** The `sample` of the request, or undefined for none. */
function toSample(v: SweepFormValues): SweepSample | undefined {
  if (!sampling(v)) return undefined;
  const sample: SweepSample = { method: v.sampleMethod as SweepSample['method'], runs: Number(v.sampleRuns) };
  if (v.sampleSeed.trim()) sample.seed = Number(v.sampleSeed);
  return sample;
}

/** The POST /sweeps body (call only without syntax errors). Empty fields are left to the server. */
export function toSweepRequest(v: SweepFormValues): SweepRequest {
  const req: SweepRequest = {};
  if (v.preset) req.preset = v.preset;
  if (v.name.trim()) req.name = v.name.trim();
  if (v.priority.trim()) req.priority = Number(v.priority);
  const base: Record<string, unknown> = {};
  const stop: Record<string, number> = {};
  const grid: Record<string, unknown> = { ...v.otherGrid };
  for (const f of SWEEP_FIELDS) {
    const raw = String(v[f.key as keyof SweepFormValues] ?? '').trim();
    if (raw === '' || f.group === 'sweep' || f.group === 'sample' || f.group === 'search') continue;
    if (f.group === 'grid') {
      const axis = f.api.slice('grid.'.length);
      const form = v.axisForms[f.key];
      if (form) {
        const r = parseRange(form, raw);
        if ('range' in r) grid[axis] = r.range;
      } else {
        const r = parseList(f.kind, raw);
        if ('values' in r && r.values.length) grid[axis] = r.values;
      }
      continue;
    }
    const value = f.kind === 'text' ? raw : Number(raw);
    if (f.api.startsWith('base.stop.')) stop[f.api.slice('base.stop.'.length)] = value as number;
    else base[f.api.slice('base.'.length)] = value;
  }
  if (Object.keys(stop).length) base.stop = stop;
  req.base = base as JobSpec;
  req.grid = grid as SweepGrid;
  const extra = [...(v.baseline ? [BASELINE] : []), ...v.otherExtra];
  req.extra = extra;
  if (v.targetTestError.trim()) req.target = { testError: Number(v.targetTestError) };
  // Over a preset that samples or searches, "none" must be said (null), or the preset's own would apply.
  const sample = toSample(v);
  if (sample) req.sample = sample;
  else if (v.preset && v.presetHas.sample) req.sample = null;
  const search = toSearch(v);
  if (search) req.search = search;
  else if (v.preset && v.presetHas.search) req.search = null;
  return req;
}

const str = (x: unknown) => (x === null || x === undefined ? '' : Array.isArray(x) ? x.join(', ') : String(x));

/** A grid axis as the form shows it: the list, or a range's "lo, hi" and its form ("choice" is a list). */
function axisText(axis: unknown): { text: string; form?: RangeForm } {
  if (!isRange(axis)) return { text: str(axis) };
  const [form, values] = Object.entries(axis)[0] as [RangeForm, unknown[]];
  return form === 'choice' ? { text: str(values) } : { text: str(values), form };
}

/** Fills the form from a request (a preset's sweep), so the user can edit it before submitting. */
export function fromSweepRequest(req: SweepRequest, preset = ''): SweepFormValues {
  const base = (req.base ?? {}) as JobSpec & Record<string, unknown>;
  const grid = (req.grid ?? {}) as Record<string, unknown>;
  const extra = req.extra ?? [];
  const axisForms: Partial<Record<SweepFieldKey, RangeForm>> = {};
  const gridValues: Partial<Record<SweepFieldKey, string>> = {};
  const known = new Set<string>();
  for (const f of SWEEP_FIELDS.filter((d) => d.group === 'grid')) {
    const axis = f.api.slice('grid.'.length);
    known.add(axis);
    const { text, form } = axisText(grid[axis]);
    gridValues[f.key] = text;
    if (form) axisForms[f.key] = form;
  }
  const otherGrid = Object.fromEntries(Object.entries(grid).filter(([k]) => !known.has(k)));
  const search = req.search ?? undefined;
  const resource = search?.resource ?? 'steps';
  const [min, max] = BOUND_NAMES[resource];
  return {
    ...SWEEP_DEFAULTS,
    name: str(req.name),
    priority: req.priority === undefined ? SWEEP_DEFAULTS.priority : str(req.priority),
    model: str(base.model),
    dataset: str(base.dataset),
    eta: str(base.eta),
    beta: str(base.beta),
    delta: str(base.delta),
    batchSize: str(base.batchSize),
    maxSteps: str(base.stop?.maxSteps),
    maxWallSeconds: str(base.stop?.maxWallSeconds),
    gridAlgorithm: gridValues.gridAlgorithm ?? '',
    gridTau: gridValues.gridTau ?? '',
    gridEta: gridValues.gridEta ?? '',
    gridBeta: gridValues.gridBeta ?? '',
    gridWorkers: gridValues.gridWorkers ?? '',
    gridSeed: gridValues.gridSeed ?? '',
    gridCompression: gridValues.gridCompression ?? '',
    axisForms,
    otherGrid,
    sampleMethod: req.sample?.method ?? '',
    sampleRuns: str(req.sample?.runs),
    sampleSeed: str(req.sample?.seed),
    searchMethod: search?.method ?? '',
    searchReduction: search ? str(search.reductionFactor ?? 3) : SWEEP_DEFAULTS.searchReduction,
    searchResource: resource,
    searchMin: str(search?.[min]),
    searchMax: str(search?.[max]),
    searchBrackets: str(search?.brackets),
    baseline: extra.some(isBaseline),
    otherExtra: extra.filter((e) => !isBaseline(e)),
    targetTestError: str(req.target?.testError),
    preset,
    presetHas: { sample: !!req.sample, search: !!req.search },
  };
}

/** Runs the form would start (with sampling: the sample's budget), or null while a list does not parse. */
export function formRunCount(v: SweepFormValues): number | null {
  const errors = sweepSyntaxErrors(v);
  const counted: SweepFieldKey[] = ['gridAlgorithm', 'gridTau', 'gridEta', 'gridBeta', 'gridWorkers', 'gridSeed', 'gridCompression', 'sampleRuns'];
  if (counted.some((k) => errors[k])) return null;
  return runCount(toSweepRequest(v) as Pick<SweepRequest, 'grid' | 'extra' | 'sample'>);
}

export interface MappedSweepErrors {
  fields: Partial<Record<SweepFieldKey, string>>;
  general: string[];
}

/** The form field an error's path names, after indexes and a range form are taken off. */
function fieldOf(path: string): SweepFieldKey | undefined {
  const name = path
    .replace(/\[\d+\]/g, '')
    .replace(new RegExp(`^(grid\\.\\w+)\\.(${RANGE_FORMS.join('|')})$`), '$1')
    .replace(/^search\.(min|max)(Steps|Seconds|Bytes)$/, 'search.$1');
  if (name === 'sample') return 'sampleMethod';
  if (name === 'search') return 'searchMethod';
  const def = SWEEP_FIELDS.find((f) => f.api === name) ?? SWEEP_FIELDS.find((f) => f.api === name.replace(/^base\./, 'base.stop.'));
  if (def) return def.key;
  if (name.startsWith('extra')) return 'baseline';
  return undefined;
}

/**
 * Maps problem+json `errors[]` onto the form: "grid.tau", "grid.tau[2]", "grid.eta.logUniform",
 * "base.stop.maxSteps", "base.maxSteps", "target.testError", "extra[0].workers" (→ the baseline
 * checkbox), "sample.runs", "search.minSteps" (→ the search's min, whatever its resource). Others,
 * and the detail when no field error came, are general.
 */
export function mapSweepErrors(errors: readonly FieldError[] | undefined, detail?: string): MappedSweepErrors {
  const fields: Partial<Record<SweepFieldKey, string>> = {};
  const general: string[] = [];
  for (const e of errors ?? []) {
    const key = fieldOf(e.field ?? '');
    if (key) fields[key] = fields[key] ? `${fields[key]}; ${e.message}` : e.message;
    else general.push(e.field ? `${e.field}: ${e.message}` : e.message);
  }
  if (!errors?.length && detail) general.push(detail);
  return { fields, general };
}

export const sweepField = (key: SweepFieldKey): SweepFieldDef | undefined => BY_KEY[key];
