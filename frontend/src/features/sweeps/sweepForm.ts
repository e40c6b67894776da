import { ALGORITHMS, type FieldError, type JobSpec } from '../../api/types';
import { runCount, type SweepGrid, type SweepRequest } from '../../api/sweeps';

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
  /** The single-worker baseline: MSGD, p = 1. */
  baseline: boolean;
  targetTestError: string;
  /** Name of the preset the values came from (sent, so the server records it). */
  preset: string;
  /** Extra runs other than the baseline (from a preset), sent as they came. */
  otherExtra: JobSpec[];
}

export type SweepFieldKey = Exclude<keyof SweepFormValues, 'baseline' | 'preset' | 'otherExtra'> | 'baseline';

type Kind = 'int' | 'float' | 'text' | 'algorithms' | 'ints' | 'floats' | 'taus';

export interface SweepFieldDef {
  key: SweepFieldKey;
  /** Path in the request (as in problem+json errors[].field). */
  api: string;
  label: string;
  help: string;
  kind: Kind;
  group: 'sweep' | 'base' | 'grid';
  placeholder?: string;
}

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
  { key: 'gridTau', api: 'grid.tau', label: 'Periods τ', help: 'Comma-separated whole numbers ≥ 1, or "auto" (the platform picks τ during the run; not for the synchronous rules, MDOWNPOUR or single-worker runs).', kind: 'taus', group: 'grid' },
  { key: 'gridEta', api: 'grid.eta', label: 'Learning rates η', help: 'Comma-separated; empty uses the base η.', kind: 'floats', group: 'grid' },
  { key: 'gridWorkers', api: 'grid.workers', label: 'Workers p', help: 'Comma-separated whole numbers ≥ 1.', kind: 'ints', group: 'grid' },
  { key: 'gridSeed', api: 'grid.seed', label: 'Seeds', help: 'Comma-separated; each seed repeats the grid.', kind: 'ints', group: 'grid' },
];

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
  baseline: true,
  targetTestError: '0.03',
  preset: '',
  otherExtra: [],
};

const splitList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

/** Parses one list field; returns the values or an error message. */
function parseList(kind: Kind, raw: string): { values: (string | number)[] } | { error: string } {
  const parts = splitList(raw);
  const values: (string | number)[] = [];
  for (const p of parts) {
    if (kind === 'algorithms') {
      const a = p.toUpperCase();
      if (!(ALGORITHMS as readonly string[]).includes(a)) return { error: `unknown algorithm "${p}" (one of ${ALGORITHMS.join(', ')})` };
      values.push(a);
    } else if (kind === 'taus' && p.toLowerCase() === 'auto') {
      values.push('auto');
    } else if (kind === 'ints' || kind === 'taus') {
      if (!/^[+-]?\d+$/.test(p)) return { error: `"${p}" is not a whole number${kind === 'taus' ? ' or "auto"' : ''}` };
      values.push(Number(p));
    } else {
      if (!Number.isFinite(Number(p))) return { error: `"${p}" is not a number` };
      values.push(Number(p));
    }
  }
  return { values };
}

/** Local syntax check (numbers, lists, algorithm names); ranges are the server's job. */
export function sweepSyntaxErrors(v: SweepFormValues): Partial<Record<SweepFieldKey, string>> {
  const out: Partial<Record<SweepFieldKey, string>> = {};
  for (const f of SWEEP_FIELDS) {
    const raw = String(v[f.key as keyof SweepFormValues] ?? '').trim();
    if (raw === '') continue;
    if (f.kind === 'int' && !/^[+-]?\d+$/.test(raw)) out[f.key] = 'must be a whole number';
    else if (f.kind === 'float' && !Number.isFinite(Number(raw))) out[f.key] = 'must be a number';
    else if (f.kind === 'algorithms' || f.kind === 'ints' || f.kind === 'floats' || f.kind === 'taus') {
      const r = parseList(f.kind, raw);
      if ('error' in r) out[f.key] = r.error;
    }
  }
  return out;
}

/** The POST /sweeps body (call only without syntax errors). Empty fields are left to the server. */
export function toSweepRequest(v: SweepFormValues): SweepRequest {
  const req: SweepRequest = {};
  if (v.preset) req.preset = v.preset;
  if (v.name.trim()) req.name = v.name.trim();
  if (v.priority.trim()) req.priority = Number(v.priority);
  const base: Record<string, unknown> = {};
  const stop: Record<string, number> = {};
  const grid: Record<string, unknown[]> = {};
  for (const f of SWEEP_FIELDS) {
    const raw = String(v[f.key as keyof SweepFormValues] ?? '').trim();
    if (raw === '' || f.group === 'sweep') continue;
    if (f.group === 'grid') {
      const r = parseList(f.kind, raw);
      if ('values' in r && r.values.length) grid[f.api.slice('grid.'.length)] = r.values;
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
  return req;
}

const str = (x: unknown) => (x === null || x === undefined ? '' : Array.isArray(x) ? x.join(', ') : String(x));

/** Fills the form from a request (a preset's sweep), so the user can edit it before submitting. */
export function fromSweepRequest(req: SweepRequest, preset = ''): SweepFormValues {
  const base = (req.base ?? {}) as JobSpec & Record<string, unknown>;
  const grid = req.grid ?? {};
  const extra = req.extra ?? [];
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
    gridAlgorithm: str(grid.algorithm),
    gridTau: str(grid.tau),
    gridEta: str(grid.eta),
    gridWorkers: str(grid.workers),
    gridSeed: str(grid.seed),
    baseline: extra.some(isBaseline),
    otherExtra: extra.filter((e) => !isBaseline(e)),
    targetTestError: str(req.target?.testError),
    preset,
  };
}

/** Runs the form would start, or null while a list does not parse. */
export function formRunCount(v: SweepFormValues): number | null {
  if (['gridAlgorithm', 'gridTau', 'gridEta', 'gridWorkers', 'gridSeed'].some((k) => sweepSyntaxErrors(v)[k as SweepFieldKey])) return null;
  return runCount(toSweepRequest(v));
}

export interface MappedSweepErrors {
  fields: Partial<Record<SweepFieldKey, string>>;
  general: string[];
}

/**
 * Maps problem+json `errors[]` onto the form: "grid.tau", "grid.tau[2]", "base.stop.maxSteps",
 * "base.maxSteps", "target.testError", "extra[0].workers" (→ the baseline checkbox). Others, and
 * the detail when no field error came, are general.
 */
export function mapSweepErrors(errors: readonly FieldError[] | undefined, detail?: string): MappedSweepErrors {
  const fields: Partial<Record<SweepFieldKey, string>> = {};
  const general: string[] = [];
  for (const e of errors ?? []) {
    const name = (e.field ?? '').replace(/\[\d+\]/g, '');
    const def = SWEEP_FIELDS.find((f) => f.api === name) ?? SWEEP_FIELDS.find((f) => f.api === name.replace(/^base\./, 'base.stop.'));
    let key: SweepFieldKey | undefined = def?.key;
    if (!key && name.startsWith('extra')) key = 'baseline';
    if (key) fields[key] = fields[key] ? `${fields[key]}; ${e.message}` : e.message;
    else general.push(name ? `${e.field}: ${e.message}` : e.message);
  }
  if (!errors?.length && detail) general.push(detail);
  return { fields, general };
}

export const sweepField = (key: SweepFieldKey): SweepFieldDef | undefined => BY_KEY[key];
