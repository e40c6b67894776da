#!/usr/bin/env node
// A small in-memory stand-in for the backend's REST + SSE API (docs/api.md), for UI development
// and for checking e2e/ui.e2e.mjs before the real backend exists. Not used by the Maven build.
//
//   npm run build && node e2e/mock-backend.mjs            # serves target/classes/static + /api/v1
//   PORT=8090 MOCK_TOKEN=dev-token MOCK_STEPS_PER_SEC=100 node e2e/mock-backend.mjs
//
// Training is simulated: two agents, a queue, metric points with a decaying test error.

import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const STATIC = path.resolve(here, '../target/classes/static');
const PORT = Number(process.env.PORT ?? 8090);
const TOKEN = process.env.MOCK_TOKEN ?? 'dev-token';
const STEPS_PER_SEC = Number(process.env.MOCK_STEPS_PER_SEC ?? 100);
const TICK_MS = 250;

const AUTO_TAU = ['EASGD', 'EAMSGD', 'DOWNPOUR', 'ADOWNPOUR', 'MVADOWNPOUR'];
const ALGORITHMS = ['EASGD', 'EAMSGD', 'DOWNPOUR', 'MDOWNPOUR', 'ADOWNPOUR', 'MVADOWNPOUR', 'SGD', 'MSGD', 'ASGD', 'MVASGD', 'SYNC_EASGD', 'SYNC_EAMSGD', 'DILOCO'];
const DATASETS = [{ name: 'mnist-10k', format: 'IDX', trainSize: 8000, testSize: 2000, classes: 10, shape: [1, 28, 28] }];
const agents = [
  { id: 'a-1', name: 'host-1', state: 'IDLE', jobId: null, rank: null, capabilities: { cores: 1, memoryBytes: 4294967296, backend: 'CPU', gpuName: null, gpuMemoryBytes: null }, connectedAt: new Date().toISOString(), lastHeartbeatAt: new Date().toISOString() },
  { id: 'a-2', name: 'host-2', state: 'IDLE', jobId: null, rank: null, capabilities: { cores: 1, memoryBytes: 4294967296, backend: 'CPU', gpuName: null, gpuMemoryBytes: null }, connectedAt: new Date().toISOString(), lastHeartbeatAt: new Date().toISOString() },
];
const jobs = new Map();
let nextId = 1;
/** Per stream: { log: [{id, event, data}], clients: Set<res> }. */
const streams = new Map();

function stream(key) {
  if (!streams.has(key)) streams.set(key, { log: [], clients: new Set(), seq: 0 });
  return streams.get(key);
}
function emit(key, event, data) {
  const s = stream(key);
  const ev = { id: String(++s.seq), event, data: JSON.stringify(data) };
  s.log.push(ev);
  if (s.log.length > 20000) s.log.splice(0, s.log.length - 20000);
  for (const res of s.clients) res.write(`id: ${ev.id}\nevent: ${ev.event}\ndata: ${ev.data}\n\n`);
}

// ---- validation ------------------------------------------------------------------------------
const DEFAULTS = { algorithm: 'EAMSGD', workers: 2, tau: 10, eta: 0.05, beta: 0.9, delta: 0.9, averagingRate: 0.001, batchSize: 128, weightDecay: 1e-4, model: 'mlp', modelJson: null, dataset: 'mnist-10k', seed: 42 };
function validate(body) {
  const errors = [];
  const warnings = [];
  const b = body ?? {};
  const num = (f, v, ok, rule) => {
    if (v === undefined || v === null) return;
    if (typeof v !== 'number' || !ok(v)) errors.push({ field: f, message: `must be ${rule}, found ${v}` });
  };
  if (b.algorithm !== undefined && !ALGORITHMS.includes(b.algorithm)) errors.push({ field: 'algorithm', message: `must be one of ${ALGORITHMS.join(', ')}, found ${b.algorithm}` });
  num('workers', b.workers, (v) => Number.isInteger(v) && v >= 1, '>= 1');
  const auto = b.tau === 'auto';
  if (auto && !AUTO_TAU.includes(b.algorithm ?? DEFAULTS.algorithm)) errors.push({ field: 'tau', message: `cannot be "auto" for ${b.algorithm}; give a number` });
  if (!auto) num('tau', b.tau, (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1 or "auto"');
  if (!auto && b.autoTau != null) errors.push({ field: 'autoTau', message: 'is only allowed when tau is "auto"' });
  num('autoTau.commShare', b.autoTau?.commShare, (v) => v > 0 && v < 1, 'in (0, 1)');
  num('autoTau.max', b.autoTau?.max, (v) => Number.isInteger(v) && v >= 1, 'in [1, 65536]');
  num('eta', b.eta, (v) => v > 0, '> 0');
  num('alpha', b.alpha, (v) => v > 0 && v < 1, 'in (0,1)');
  num('beta', b.beta, (v) => v > 0 && v <= 1, 'in (0,1]');
  num('delta', b.delta, (v) => v >= 0 && v < 1, 'in [0,1)');
  num('batchSize', b.batchSize, (v) => Number.isInteger(v) && v >= 1, '>= 1');
  num('weightDecay', b.weightDecay, (v) => v >= 0, '>= 0');
  num('stop.maxSteps', b.stop?.maxSteps, (v) => Number.isInteger(v) && v >= 1, '>= 1');
  num('stop.maxWallSeconds', b.stop?.maxWallSeconds, (v) => Number.isInteger(v) && v >= 1, '>= 1');
  num('stop.targetTestError', b.stop?.targetTestError, (v) => v > 0 && v < 1, 'in (0,1)');
  if (b.alpha != null && b.beta != null) errors.push({ field: 'alpha', message: 'give alpha or beta, not both' });
  if (b.dataset !== undefined && !DATASETS.some((d) => d.name === b.dataset)) errors.push({ field: 'dataset', message: `unknown dataset ${b.dataset}` });
  if (b.model === 'custom' && !b.modelJson) errors.push({ field: 'modelJson', message: 'is required when model is custom' });
  const spec = { ...DEFAULTS, ...b, stop: { maxSteps: 2000, maxWallSeconds: null, targetTestError: null, ...(b.stop ?? {}) } };
  delete spec.name;
  delete spec.priority;
  if (auto) spec.autoTau = { commShare: 0.1, min: 1, max: 256, initial: 1, ...(b.autoTau ?? {}) };
  if (b.alpha == null) spec.alpha = spec.beta / spec.workers;
  else spec.beta = spec.alpha * spec.workers;
  if (spec.eta >= 2 || spec.alpha >= (4 - 2 * spec.eta) / (4 - spec.eta))
    warnings.push(`(eta, alpha) = (${spec.eta}, ${spec.alpha}) lies outside the region where the paper proves EASGD stable: 0 < eta < 2 and 0 < alpha < (4 - 2 eta)/(4 - eta)`);
  return { errors, warnings, spec };
}

// ---- simulation ------------------------------------------------------------------------------
function publicJob(j) {
  const { sim, ...rest } = j;
  return rest;
}
function setState(j, to, reason) {
  const from = j.state;
  j.state = to;
  const at = new Date().toISOString();
  if (to === 'RUNNING') j.startedAt = at;
  if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(to)) {
    j.finishedAt = at;
    for (const a of agents) if (a.jobId === j.id) Object.assign(a, { state: 'IDLE', jobId: null, rank: null });
  }
  emit(`job-${j.id}`, 'state', { jobId: j.id, from, to, reason, at });
  emit('jobs', 'job', publicJob(j));
}
function metric(j, series, worker, value) {
  const p = { t: Date.now() - Date.parse(j.startedAt), step: j.progress.step, value };
  const key = `${series}#${worker}`;
  (j.sim.metrics[key] ??= { series, worker, points: [] }).points.push(p);
  emit(`job-${j.id}`, 'metric', { jobId: j.id, series, worker, ...p });
}
function tick() {
  const now = Date.now();
  for (const a of agents) a.lastHeartbeatAt = new Date(now).toISOString();
  for (const j of [...jobs.values()].sort((a, b) => b.priority - a.priority || a.id - b.id)) {
    if (j.state === 'QUEUED') {
      const free = agents.filter((a) => a.jobId === null);
      if (free.length >= Math.min(j.spec.workers, agents.length)) {
        setState(j, 'ASSIGNING', 'claimed');
        j.sim.assignAt = now + 800;
        free.slice(0, j.spec.workers).forEach((a, rank) => Object.assign(a, { state: 'BUSY', jobId: j.id, rank }));
      }
    } else if (j.state === 'ASSIGNING' && now >= j.sim.assignAt) {
      const mine = agents.filter((a) => a.jobId === j.id);
      j.sim.workers = mine.map((a) => ({ rank: a.rank, agentId: a.id, state: 'TRAINING', step: 0, stepsPerSecond: STEPS_PER_SEC, lastExchangeAt: null, bytesUp: 0, bytesDown: 0 }));
      setState(j, 'RUNNING', 'all workers joined');
      for (const w of j.sim.workers) emit(`job-${j.id}`, 'worker', { ...w, jobId: j.id, event: 'JOINED', at: new Date().toISOString() });
      if (j.spec.autoTau) {
        j.sim.tau = j.progress.tau ?? j.spec.autoTau.initial;
        j.progress.tau = j.sim.tau;
        metric(j, 'tau', null, j.sim.tau);
      }
    } else if (j.state === 'RUNNING') {
      const total = j.spec.stop.maxSteps;
      const step = Math.min(total, j.progress.step + Math.max(1, Math.round((STEPS_PER_SEC * TICK_MS) / 1000)));
      const period = j.sim.tau ?? j.spec.tau;
      const crossed = Math.floor(step / period) - Math.floor(j.progress.step / period);
      j.progress.step = step;
      j.progress.fraction = step / total;
      j.progress.etaSeconds = Math.round((total - step) / STEPS_PER_SEC);
      const err = 0.9 * Math.exp(-step / 400) + 0.05 + Math.random() * 0.01;
      for (const w of j.sim.workers) {
        w.step = step;
        if (crossed > 0) {
          w.bytesUp += crossed * 1_075_000;
          w.bytesDown += crossed * 1_075_000;
          w.lastExchangeAt = new Date().toISOString();
          metric(j, 'bytes_up', w.rank, w.bytesUp);
          metric(j, 'bytes_down', w.rank, w.bytesDown);
          metric(j, 'elastic_distance', w.rank, 2 * Math.exp(-step / 800) + Math.random() * 0.2);
          metric(j, 'latency_ms', w.rank, 2 + Math.random() * 3);
          metric(j, 'exchange_mbps', w.rank, 60 + Math.random() * 30);
        }
        metric(j, 'compute_share', w.rank, 0.85 + Math.random() * 0.1);
        metric(j, 'train_loss', w.rank, 2.3 * Math.exp(-step / 500) + 0.1 + Math.random() * 0.05);
        if (j.spec.autoTau) {
          w.stepMs = 20 + Math.random() * 4;
          w.exchangeMs = 6 + 4 * Math.sin(step / 300) ** 2 + Math.random();
          metric(j, 'step_ms', w.rank, w.stepMs);
          metric(j, 'exchange_ms', w.rank, w.exchangeMs);
        }
        emit(`job-${j.id}`, 'worker', { ...w, jobId: j.id });
      }
      if (j.spec.autoTau && (j.sim.ticks ?? 0) % 8 === 7) autoTau(j);
      if ((j.sim.ticks = (j.sim.ticks ?? 0) + 1) % 2 === 0 || step >= total) {
        metric(j, 'compute_utilization', null, 0.9);
        metric(j, 'test_error', null, err);
        metric(j, 'test_loss', null, 2.3 * Math.exp(-step / 450) + 0.15);
        j.result = { testError: err, testLoss: 2.3 * Math.exp(-step / 450) + 0.15, bytesUp: j.sim.workers.reduce((s, w) => s + w.bytesUp, 0), bytesDown: j.sim.workers.reduce((s, w) => s + w.bytesDown, 0) };
      }
      emit('jobs', 'job', publicJob(j));
      if (step >= total) setState(j, 'COMPLETED', 'maxSteps reached');
    }
  }
}
setInterval(tick, TICK_MS);

/** Auto-τ as the backend decides it (core AutoTauPolicy): τ* = ⌈w / (share · s)⌉ of the costliest worker, 25 % band. */
function autoTau(j) {
  const { commShare, min, max } = j.spec.autoTau;
  const worst = j.sim.workers.reduce((a, w) => (w.exchangeMs / w.stepMs > a.exchangeMs / a.stepMs ? w : a));
  const r = worst.exchangeMs / (commShare * worst.stepMs);
  const to = Math.max(min, Math.min(max, Math.ceil(r)));
  const from = j.sim.tau;
  if (to === from || (r <= 1.25 * from && r >= 0.75 * from)) return;
  j.sim.tau = to;
  j.progress.tau = to;
  const reason = `τ ${from} → ${to}: exchange ${worst.exchangeMs.toFixed(1)} ms, step ${worst.stepMs.toFixed(0)} ms, target ${commShare * 100} % (worker ${worst.rank})`;
  emit(`job-${j.id}`, 'tau', { jobId: j.id, from, to, reason, step: j.progress.step, t: Date.now() - Date.parse(j.startedAt), at: new Date().toISOString() });
  metric(j, 'tau', null, to);
}

function createJob(body, v) {
  const id = nextId++;
  const job = {
    id, name: body.name ?? null, state: 'QUEUED', priority: body.priority ?? 0, spec: v.spec,
    createdAt: new Date().toISOString(), startedAt: null, finishedAt: null,
    progress: { step: 0, totalSteps: v.spec.stop.maxSteps, fraction: 0, etaSeconds: null, tau: v.spec.autoTau ? null : v.spec.tau },
    result: null, warnings: v.warnings, sim: { metrics: {}, workers: [] },
  };
  jobs.set(id, job);
  emit(`job-${id}`, 'state', { jobId: id, from: null, to: 'QUEUED', reason: 'submitted', at: job.createdAt });
  emit('jobs', 'job', publicJob(job));
  return job;
}

// ---- sweeps (frontend/src/api/sweeps.ts) -----------------------------------------------------
const sweeps = new Map();
let nextSweepId = 1;
const PAPER_PRESET = {
  name: 'paper',
  description: 'EASGD, EAMSGD and DOWNPOUR at p=4 over τ ∈ {1,4,16,64}, plus the MSGD p=1 baseline (mock: 2 agents, short runs)',
  sweep: {
    name: 'paper',
    base: { model: 'mlp', dataset: 'mnist-10k', eta: 0.05, stop: { maxSteps: 400 } },
    grid: { algorithm: ['EASGD', 'EAMSGD', 'DOWNPOUR'], tau: [1, 4, 16, 64], workers: [2], seed: [1] },
    extra: [{ algorithm: 'MSGD', workers: 1 }],
    target: { testError: 0.1 },
  },
};
function expandSweep(r) {
  const g = r.grid ?? {};
  let specs = [{ ...(r.base ?? {}) }];
  for (const axis of ['algorithm', 'tau', 'eta', 'workers', 'seed'])
    if (Array.isArray(g[axis]) && g[axis].length) specs = specs.flatMap((s) => g[axis].map((v) => ({ ...s, [axis]: v })));
  return [...specs, ...(r.extra ?? []).map((e) => ({ ...(r.base ?? {}), ...e }))];
}
function sweepView(sw) {
  const runs = sw.jobIds.map((id) => {
    const j = jobs.get(id);
    const te = j.sim.metrics['test_error#null']?.points ?? [];
    const best = te.length ? Math.min(...te.map((p) => p.value)) : null;
    const hit = sw.target ? te.find((p) => p.value <= sw.target.testError) : undefined;
    const bytes = (j.result?.bytesUp ?? 0) + (j.result?.bytesDown ?? 0);
    const { algorithm, tau, eta, workers, seed } = j.spec;
    return {
      jobId: id, label: `${algorithm} p=${workers} τ=${tau}`, params: { algorithm, tau, eta, workers, seed }, state: j.state,
      bestTestError: best, finalTestError: j.result?.testError ?? null, secondsToTarget: hit ? hit.t / 1000 : null,
      bytesToTarget: hit ? bytes : null, bytesTotal: j.result ? bytes : null,
      wallSeconds: j.startedAt ? ((j.finishedAt ? Date.parse(j.finishedAt) : Date.now()) - Date.parse(j.startedAt)) / 1000 : null, best: false,
      rung: null,
    };
  });
  for (const r of runs) r.workerSeconds = r.wallSeconds === null ? null : r.wallSeconds * (r.params.workers ?? 1);
  const ranked = runs.filter((r) => r.bestTestError !== null).sort((a, b) => a.bestTestError - b.bestTestError);
  if (ranked.length) ranked[0].best = true;
  const count = (st) => runs.filter((r) => r.state === st).length;
  const counts = { total: runs.length, queued: count('QUEUED') + count('ASSIGNING'), running: count('RUNNING'), completed: count('COMPLETED'), failed: count('FAILED'), cancelled: count('CANCELLED'), stoppedEarly: 0 };
  const done = counts.completed + counts.failed + counts.cancelled === counts.total;
  const state = sw.cancelled ? 'CANCELLED' : !done ? 'RUNNING' : counts.failed ? 'FAILED' : 'COMPLETED';
  const { jobIds, cancelled, ...rest } = sw;
  const workerSeconds = runs.reduce((sum, r) => sum + (r.workerSeconds ?? 0), 0);
  return { ...rest, state, finishedAt: done ? new Date().toISOString() : null, counts, runs, best: ranked[0]?.jobId ?? null, verdict: null, search: null, sample: null, rungs: [], workerSeconds };
}

/**
 * A finished ASHA search (docs/api.md "Searches"), fixed, at GET /sweeps/900, for e2e/search.e2e.mjs:
 * 6 sampled runs (jobs 901–906, which have no metrics here), rungs at 200 and 600 steps, η = 3.
 */
const SEARCH_SWEEP_ID = 900;
function searchFixture() {
  const run = (jobId, eta, tau, compression, state, best, rung, extra = {}) => ({
    jobId, label: `eta=${eta} tau=${tau} compression=${compression}`, params: { eta, tau, compression }, state,
    bestTestError: best, finalTestError: best, secondsToTarget: null, bytesToTarget: null, bytesTotal: 1e8, wallSeconds: 100, best: false,
    rung, workerSeconds: 200, ...extra,
  });
  const runs = [
    run(901, 0.01, 4, 'none', 'COMPLETED', 0.04, 1, { secondsToTarget: 80, bytesToTarget: 5e7, best: true, wallSeconds: 300, workerSeconds: 600 }),
    run(902, 0.1, 64, 'fp16', 'STOPPED_EARLY', 0.12, 1, { workerSeconds: 240 }),
    run(903, 0.005, 1, 'int8', 'STOPPED_EARLY', 0.31, 0, { workerSeconds: 80 }),
    run(904, 0.2, 16, 'none', 'STOPPED_EARLY', 0.5, 0, { workerSeconds: 80 }),
    run(905, 0.02, 8, 'fp16', 'COMPLETED', 0.06, 1, { secondsToTarget: 140, bytesToTarget: 9e7, workerSeconds: 600 }),
    run(906, 0.15, 2, 'int8', 'STOPPED_EARLY', null, 0, { finalTestError: null, workerSeconds: 80 }),
  ];
  const d = (jobId, value, testError, rank, of, decision) => ({ jobId, value, testError, rank, of, decision, decidedAt: '2026-11-25T09:10:00Z' });
  return {
    id: SEARCH_SWEEP_ID, name: 'eta-tau-search', preset: null, state: 'COMPLETED', priority: 0, createdAt: '2026-11-25T09:00:00Z', finishedAt: '2026-11-25T10:00:00Z',
    base: { algorithm: 'EAMSGD', workers: 2, stop: { maxSteps: 1800 } },
    grid: { eta: { logUniform: [0.005, 0.2] }, tau: { logInt: [1, 64] }, compression: ['none', 'fp16', 'int8'] },
    extra: [], target: { testError: 0.05 },
    counts: { total: 6, queued: 0, running: 0, completed: 2, failed: 0, cancelled: 0, stoppedEarly: 4 },
    runs, best: 901, verdict: null, warnings: [],
    search: { method: 'asha', reductionFactor: 3, resource: 'steps', min: 200, max: 1800, brackets: 1 },
    sample: { method: 'random', runs: 6, seed: 1 },
    rungs: [
      { bracket: 0, rung: 0, at: 200, decided: 6, promoted: 3, stopped: 3,
        decisions: [d(902, 201, 0.25, 1, 1, 'PROMOTED'), d(901, 204, 0.2, 1, 2, 'PROMOTED'), d(903, 210, 0.31, 3, 3, 'STOPPED'), d(904, 200, 0.5, 4, 4, 'STOPPED'), d(905, 202, 0.21, 2, 5, 'PROMOTED'), d(906, 203, 0.9, 6, 6, 'STOPPED')] },
      { bracket: 0, rung: 1, at: 600, decided: 3, promoted: 2, stopped: 1,
        decisions: [d(901, 612, 0.08, 1, 1, 'PROMOTED'), d(902, 605, 0.142, 2, 2, 'STOPPED'), d(905, 601, 0.09, 2, 3, 'PROMOTED')] },
    ],
    workerSeconds: runs.reduce((s, r) => s + r.workerSeconds, 0),
  };
}

/** GET /sweeps/{id}/results.csv: one line per run, the params' keys between state and the results. */
function resultsCsv(view) {
  const keys = [...new Set(view.runs.flatMap((r) => Object.keys(r.params)))];
  const cols = ['bestTestError', 'finalTestError', 'secondsToTarget', 'bytesToTarget', 'bytesTotal', 'wallSeconds', 'workerSeconds', 'rung', 'best'];
  const cell = (v) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const lines = view.runs.map((r) => [r.jobId, r.label, r.state, ...keys.map((k) => r.params[k]), ...cols.map((c) => r[c])].map(cell).join(','));
  return [['jobId', 'label', 'state', ...keys, ...cols].join(','), ...lines].join('\n') + '\n';
}

// ---- agent tokens and the audit trail (docs/api.md, "Agent tokens", "Audit") ------------------
const agentTokens = [];
const audit = [];
function record(req, action, targetType, targetId, detail) {
  audit.push({ id: audit.length + 1, at: new Date().toISOString(), actor: 'api-token', remoteAddress: req.socket.remoteAddress ?? null, action, targetType, targetId: String(targetId), detail });
}
function tokenName(body) {
  const name = body?.name;
  if (typeof name !== 'string') return { field: 'name', message: name === undefined || name === null ? 'is required' : 'must be a string' };
  if (!name.trim()) return { field: 'name', message: 'must not be blank' };
  if ([...name].length > 200) return { field: 'name', message: `must be at most 200 characters, found ${[...name].length}` };
  // eslint-disable-next-line no-control-regex
  const bad = name.search(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
  if (bad >= 0) return { field: 'name', message: `must not contain control characters, found U+${name.codePointAt(bad).toString(16).toUpperCase().padStart(4, '0')} at character ${bad + 1}` };
  return null;
}
const tokenView = ({ token, ...t }) => t;

// ---- HTTP ------------------------------------------------------------------------------------
const send = (res, status, body, type = 'application/json', headers = {}) => {
  res.writeHead(status, { 'Content-Type': type, ...headers });
  res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
};
const problem = (res, status, title, detail, extra = {}) =>
  send(res, status, { type: `https://easgd.io/problems/${title.toLowerCase().replace(/\s+/g, '-')}`, title, status, detail, ...extra }, 'application/problem+json');

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

function sse(req, res, key, initial = []) {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.write('retry: 1000\n\n');
  const s = stream(key);
  const last = req.headers['last-event-id'];
  if (last !== undefined) for (const ev of s.log) if (Number(ev.id) > Number(last)) res.write(`id: ${ev.id}\nevent: ${ev.event}\ndata: ${ev.data}\n\n`);
  for (const line of initial) res.write(line);
  s.clients.add(res);
  const ka = setInterval(() => res.write(': keep-alive\n\n'), 15000);
  req.on('close', () => {
    clearInterval(ka);
    s.clients.delete(res);
  });
}

/**
 * GET /stability, shaped like the backend's but not its numbers: EASGD diverges where α > (4 − 2η)/(4 − η); ADMM
 * diverges in a corner of small η for p ≥ 3 only (the real maps: core RoundRobinMaps), where EASGD converges.
 */
function stabilityFixture(p, cells) {
  const axis = (min, max) => ({ min, max, cells, values: Array.from({ length: cells }, (_, i) => min + ((i + 0.5) * (max - min)) / cells) });
  const eta = axis(0, 2), alpha = axis(0, 1), admmEta = axis(0, 0.01), rho = axis(0, 10);
  const easgd = eta.values.map((e) => alpha.values.map((a) => (a < (4 - 2 * e) / (4 - e) ? 0.9 : 1.2)));
  const admm = admmEta.values.map((e) => rho.values.map(() => (p >= 3 && e < 0.001 * (p - 1) ? 1.001 : 0.999)));
  const only = admm.map((row) => row.map((r) => r > 1));
  const count = (m) => m.flat().filter((r) => r > 1 + 1e-9).length;
  return {
    p,
    radius: 'the spectral radius of one cycle of p turns (the paper\'s figure); per step: its p-th root',
    divergesAbove: 1 + 1e-9,
    easgd: { eta, alpha, radius: easgd, divergingCells: count(easgd) },
    admm: { eta: admmEta, rho, radius: admm, easgdRadius: admm.map((row) => row.map(() => 0.99)), admmOnly: only, divergingCells: count(admm), admmOnlyCells: count(admm) },
  };
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const p = url.pathname;
  try {
    if (!p.startsWith('/api/v1/')) {
      const file = path.join(STATIC, p === '/' ? 'index.html' : path.normalize(p).replace(/^(\.\.[/\\])+/, ''));
      if (!file.startsWith(STATIC)) return send(res, 403, 'forbidden', 'text/plain');
      const ext = path.extname(file);
      const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };
      return send(res, 200, await readFile(file), types[ext] ?? 'application/octet-stream');
    }
    const api = p.slice('/api/v1'.length);
    if (['POST', 'PUT', 'DELETE'].includes(req.method) && req.headers.authorization !== `Bearer ${TOKEN}`)
      return problem(res, 401, 'Unauthorized', 'a valid API token is required (Authorization: Bearer …)');
    // the audit trail and the agent tokens need the token for reads too
    if ((api.startsWith('/audit') || api.startsWith('/agent-tokens')) && req.headers.authorization !== `Bearer ${TOKEN}`)
      return problem(res, 401, 'Unauthorized', 'a valid API token is required (Authorization: Bearer …)');
    let m;
    if (req.method === 'GET' && api === '/audit') {
      const page = Number(url.searchParams.get('page') ?? 0);
      const size = Number(url.searchParams.get('size') ?? 50);
      const all = [...audit].reverse();
      return send(res, 200, { items: all.slice(page * size, page * size + size), page, size, total: all.length });
    }
    if (req.method === 'GET' && api === '/agent-tokens') return send(res, 200, [...agentTokens].reverse().map(tokenView));
    if (req.method === 'POST' && api === '/agent-tokens') {
      const body = await readBody(req);
      const err = tokenName(body);
      if (err) return problem(res, 400, 'Invalid request', `${err.field} ${err.message}`, { errors: [err] });
      const t = { id: agentTokens.length + 1, name: body.name.trim(), createdAt: new Date().toISOString(), createdBy: 'api-token', lastUsedAt: null, connectedAgents: [], revokedAt: null, revokedBy: null, token: randomBytes(32).toString('base64url') };
      agentTokens.push(t);
      record(req, 'agent-token.created', 'agent-token', t.id, t.name);
      return send(res, 201, { id: t.id, name: t.name, createdAt: t.createdAt, createdBy: t.createdBy, token: t.token }, 'application/json', { Location: `/api/v1/agent-tokens/${t.id}`, 'Cache-Control': 'no-store' });
    }
    if (req.method === 'DELETE' && (m = api.match(/^\/agent-tokens\/(\d+)$/))) {
      const t = agentTokens.find((x) => x.id === Number(m[1]));
      if (!t) return problem(res, 404, 'Not Found', `agent token ${m[1]} does not exist`);
      if (!t.revokedAt) {
        Object.assign(t, { revokedAt: new Date().toISOString(), revokedBy: 'api-token', connectedAgents: [] });
        record(req, 'agent-token.revoked', 'agent-token', t.id, t.name);
      }
      return send(res, 200, tokenView(t));
    }
    if (req.method === 'GET' && api === '/datasets') return send(res, 200, DATASETS);
    if (req.method === 'GET' && api === '/stability') return send(res, 200, stabilityFixture(Number(url.searchParams.get('workers') ?? 3), Number(url.searchParams.get('cells') ?? 40)));
    if (req.method === 'GET' && api === '/agents') return send(res, 200, agents);
    if (req.method === 'POST' && api === '/jobs/check') {
      const v = validate(await readBody(req));
      if (v.errors.length) return problem(res, 400, 'Invalid job spec', v.errors.map((e) => `${e.field} ${e.message}`).join('; '), { errors: v.errors });
      return send(res, 200, { spec: v.spec, warnings: v.warnings });
    }
    if (req.method === 'POST' && api === '/jobs') {
      const body = await readBody(req);
      const v = validate(body);
      if (v.errors.length) return problem(res, 400, 'Invalid job spec', v.errors.map((e) => `${e.field} ${e.message}`).join('; '), { errors: v.errors });
      const job = createJob(body, v);
      record(req, 'job.submitted', 'job', job.id, job.name);
      return send(res, 202, publicJob(job), 'application/json', { Location: `/api/v1/jobs/${job.id}` });
    }
    if (req.method === 'GET' && api === '/sweeps/presets') return send(res, 200, [PAPER_PRESET]);
    if (req.method === 'GET' && api === '/sweeps') {
      const all = [...sweeps.values()].sort((a, b) => b.id - a.id).map(sweepView);
      return send(res, 200, { items: all.slice(0, Number(url.searchParams.get('size') ?? 20)), page: 0, size: Number(url.searchParams.get('size') ?? 20), total: all.length });
    }
    if (req.method === 'POST' && api === '/sweeps') {
      const body = await readBody(req);
      const r = body.preset === 'paper' ? { ...PAPER_PRESET.sweep, ...body } : body;
      const specs = expandSweep(r);
      for (let i = 0; i < specs.length; i++) {
        const v = validate(specs[i]);
        if (v.errors.length) return problem(res, 400, 'Invalid sweep', v.errors.map((e) => `run ${i}: ${e.field} ${e.message}`).join('; '), { errors: v.errors.map((e) => ({ ...e, field: `base.${e.field}` })) });
      }
      const id = nextSweepId++;
      const jobIds = specs.map((spec) => createJob({ ...spec, name: `sweep-${id}-${spec.algorithm}-p${spec.workers}-tau${spec.tau}` }, validate(spec)).id);
      sweeps.set(id, { id, name: r.name ?? null, preset: body.preset ?? null, createdAt: new Date().toISOString(), base: r.base ?? {}, grid: r.grid ?? {}, extra: r.extra ?? [], target: r.target ?? null, jobIds, cancelled: false });
      record(req, 'sweep.submitted', 'sweep', id, `${r.name ?? 'sweep'} (${jobIds.length} jobs)`);
      return send(res, 202, sweepView(sweeps.get(id)));
    }
    if (req.method === 'GET' && (m = api.match(/^\/sweeps\/(\d+)(?:\/(results|metrics)\.csv)?$/)) && Number(m[1]) === SEARCH_SWEEP_ID) {
      if (!m[2]) return send(res, 200, searchFixture());
      return send(res, 200, m[2] === 'results' ? resultsCsv(searchFixture()) : 'jobId,series,worker,t,step,value\n', 'text/csv');
    }
    if (req.method === 'GET' && (m = api.match(/^\/sweeps\/(\d+)\/(results|metrics)\.csv$/))) {
      const sw = sweeps.get(Number(m[1]));
      if (!sw) return problem(res, 404, 'Not Found', `no sweep ${m[1]}`);
      return send(res, 200, m[2] === 'results' ? resultsCsv(sweepView(sw)) : 'jobId,series,worker,t,step,value\n', 'text/csv');
    }
    // the search fixture's runs have no jobs here: no metrics either
    if (req.method === 'GET' && (m = api.match(/^\/jobs\/(\d+)\/metrics$/)) && !jobs.has(Number(m[1])) && Number(m[1]) > SEARCH_SWEEP_ID) {
      return send(res, 200, { jobId: Number(m[1]), series: [] });
    }
    if ((m = api.match(/^\/sweeps\/(\d+)(\/cancel)?$/))) {
      const sw = sweeps.get(Number(m[1]));
      if (!sw) return problem(res, 404, 'Not Found', `no sweep ${m[1]}`);
      if (req.method === 'GET' && !m[2]) return send(res, 200, sweepView(sw));
      if (req.method === 'POST' && m[2]) {
        sw.cancelled = true;
        record(req, 'sweep.cancelled', 'sweep', sw.id, sw.name ?? 'sweep');
        for (const jid of sw.jobIds) {
          const j = jobs.get(jid);
          if (!['COMPLETED', 'FAILED', 'CANCELLED'].includes(j.state)) setState(j, 'CANCELLED', 'sweep cancelled');
        }
        return send(res, 200, sweepView(sw));
      }
    }
    if (req.method === 'GET' && api === '/jobs') {
      const state = url.searchParams.get('state');
      const page = Number(url.searchParams.get('page') ?? 0);
      const size = Number(url.searchParams.get('size') ?? 20);
      const all = [...jobs.values()].filter((j) => !state || j.state === state).sort((a, b) => b.id - a.id);
      return send(res, 200, { items: all.slice(page * size, page * size + size).map(publicJob), page, size, total: all.length });
    }
    if (req.method === 'GET' && api === '/jobs/stream') return sse(req, res, 'jobs');
    if ((m = api.match(/^\/jobs\/(\d+)(\/[a-z]+)?$/))) {
      const j = jobs.get(Number(m[1]));
      if (!j) return problem(res, 404, 'Not Found', `no job ${m[1]}`);
      const sub = m[2] ?? '';
      if (req.method === 'GET' && sub === '') return send(res, 200, publicJob(j));
      if (req.method === 'GET' && sub === '/workers') return send(res, 200, j.sim.workers);
      if (req.method === 'GET' && sub === '/events') return sse(req, res, `job-${j.id}`);
      if (req.method === 'GET' && sub === '/metrics') {
        const want = url.searchParams.get('series')?.split(',');
        const series = Object.values(j.sim.metrics).filter((s) => !want || want.includes(s.series));
        return send(res, 200, { jobId: j.id, series });
      }
      if (req.method === 'GET' && sub === '/model') {
        if (j.state === 'QUEUED' || j.state === 'ASSIGNING') return problem(res, 404, 'Not Found', `job ${j.id} has no model yet`);
        return send(res, 200, Buffer.from('PK mock model'), 'application/zip', { 'Content-Disposition': `attachment; filename="job-${j.id}.zip"` });
      }
      if (req.method === 'POST' && sub === '/cancel') {
        if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(j.state)) return problem(res, 409, 'Conflict', `job ${j.id} already ended (${j.state})`);
        setState(j, 'CANCELLED', 'cancelled by user');
        record(req, 'job.cancelled', 'job', j.id, j.name);
        return send(res, 200, publicJob(j));
      }
    }
    return problem(res, 404, 'Not Found', `no route ${req.method} ${p}`);
  } catch (e) {
    if (e?.code === 'ENOENT') return send(res, 404, 'not found', 'text/plain');
    return problem(res, 500, 'Internal Server Error', String(e?.message ?? e));
  }
});
server.listen(PORT, () => console.log(`mock backend on http://localhost:${PORT}/ (token: ${TOKEN})`));
