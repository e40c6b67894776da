#!/usr/bin/env node
// Browser end-to-end test of the UI against a running backend (not run by Maven).
//
//   BASE_URL=http://localhost:8080/ EASGD_API_TOKEN=… node e2e/ui.e2e.mjs
//   BASE_URL=http://localhost:4173/ node e2e/ui.e2e.mjs --smoke   # only: the UI loads (no backend)
//
// Uses playwright-core with the system Chromium (never `playwright install`). Screenshots go to
// frontend/target/screenshots/. Exits non-zero on any failure.
//
// Env: BASE_URL (default http://localhost:8080/), EASGD_API_TOKEN (required unless --smoke),
//      CHROMIUM (default /usr/bin/chromium), E2E_TIMEOUT_S (default 300: overall budget for waits
//      on training), E2E_MAX_STEPS (default 3000: steps of the first job), E2E_HEADFUL=1.

import { BASE_URL, Failure, TOKEN, attr, check, enterToken, hashUrl, makeLog, runInBrowser, shot as saveShot, until } from './browser.mjs';

const BUDGET_MS = Number(process.env.E2E_TIMEOUT_S ?? 300) * 1000;
const MAX_STEPS = String(process.env.E2E_MAX_STEPS ?? 3000);
const SMOKE = process.argv.includes('--smoke');

const log = makeLog('e2e');
const shot = (page, name) => saveShot(page, name, log);

/** Fills the submit form for an EAMSGD p=2 τ=10 MLP job on mnist-10k, through the UI. */
async function fillEamsgd(page, name, maxSteps) {
  await page.goto(hashUrl('/submit'));
  await page.getByTestId('submit-form').waitFor();
  await page.getByTestId('preset-mnist-eamsgd-p2-tau10').click();
  await page.getByTestId('field-algorithm').selectOption('EAMSGD');
  await page.getByTestId('field-workers').fill('2');
  await page.getByTestId('field-tau').fill('10');
  await page.getByTestId('field-model').selectOption('mlp');
  const ds = page.getByTestId('field-dataset');
  if ((await ds.evaluate((el) => el.tagName)) === 'SELECT') await ds.selectOption('mnist-10k');
  else await ds.fill('mnist-10k');
  await page.getByTestId('field-maxSteps').fill(maxSteps);
  await page.getByTestId('field-name').fill(name);
  // The debounced /jobs/check must accept it.
  await until(
    'POST /jobs/check to accept the spec',
    async () => {
      const state = await page.getByTestId('check-status').getAttribute('data-check');
      if (state === 'invalid' || state === 'failed') {
        const text = await page.locator('[data-testid^="error-"], [data-testid="form-error"], [data-testid="check-error"]').allInnerTexts();
        throw new Failure(`the server rejected the spec: ${text.join(' | ')}`);
      }
      return state === 'ok';
    },
    20_000,
  );
}

async function submitAndOpen(page) {
  await page.getByTestId('btn-submit').click();
  await until('the job detail page after submit', async () => /#\/jobs\/\d+/.test(page.url()), 20_000);
  await page.getByTestId('job-detail').waitFor({ timeout: 20_000 });
  const id = Number(page.url().match(/#\/jobs\/(\d+)/)[1]);
  log('submitted job', id);
  return id;
}

const stateOf = (page) => attr(page.getByTestId('job-detail').getByTestId('job-state'), 'data-state');

/** Compare opened with nothing selected: the empty state, no error, no chart. */
async function compareEmpty(page) {
  await page.goto(hashUrl('/compare'));
  await page.getByTestId('compare-empty').waitFor({ timeout: 15_000 });
  check((await page.getByTestId('compare-error').count()) === 0, 'the empty Compare page shows an error');
  check((await page.getByTestId('chart-compare-time').count()) === 0, 'the empty Compare page draws a chart');
  log('compare with nothing selected shows the empty state');
  await shot(page, 'compare-empty');
}

/**
 * The Sweeps page opens from the nav and shows its list, its empty state or (on a backend without
 * the sweeps API) an error box; the new-sweep form counts the default grid's runs. Needs no sweep.
 */
async function sweepsOpen(page) {
  await page.getByTestId('nav-sweeps').click();
  await page.getByTestId('sweeps-page').waitFor({ timeout: 15_000 });
  const shown = page.locator('[data-testid="sweeps-table"], [data-testid="sweeps-empty"], [data-testid="sweeps-error"]').first();
  await shown.waitFor({ timeout: 15_000 });
  log(`sweeps page shows ${await shown.getAttribute('data-testid')}`);
  await shot(page, 'sweeps');
  await page.getByTestId('btn-new-sweep').click();
  await page.getByTestId('sweep-form').waitFor({ timeout: 15_000 });
  const runs = await page.getByTestId('sweep-run-count').getAttribute('data-runs');
  check(runs === '13', `the default sweep form counts ${runs} runs, expected 13 (3 algorithms × 4 τ + the baseline)`);
  await shot(page, 'sweep-new');
}

/** The Stability page: both maps for p = 3, ADMM diverging where EASGD does not (outlined); none of that at p = 2. */
async function stabilityPage(page) {
  await page.getByTestId('nav-stability').click();
  await page.getByTestId('stability-summary').waitFor({ timeout: 60_000 });
  check((await page.getByTestId('stability-summary').innerText()).startsWith('p = 3:'), 'the Stability page does not start at p = 3');
  const admmCells = await page.getByTestId('stability-admm-cell').count();
  const easgdCells = await page.getByTestId('stability-easgd-cell').count();
  check(admmCells === 1600 && easgdCells === 1600, `the maps have ${easgdCells} and ${admmCells} cells, expected 40 × 40 each`);
  const only = Number(await page.getByTestId('stability-admm-only').innerText());
  const outlined = await page.locator('[data-testid="stability-admm-cell"][data-marked="true"]').count();
  check(only > 0 && outlined === only, `ADMM-only cells: ${only} counted, ${outlined} outlined; expected the same, > 0, at p = 3`);
  await shot(page, 'stability');
  await page.getByTestId('stability-p').fill('2');
  await page.getByTestId('stability-apply').click();
  await until('the maps for p = 2', async () => (await page.getByTestId('stability-summary').innerText()).startsWith('p = 2:'), 60_000);
  const only2 = Number(await page.getByTestId('stability-admm-only').innerText());
  check(only2 === 0, `at p = 2 ADMM diverges where EASGD does not in ${only2} cells, expected none (it diverges from p = 3 on)`);
  log(`stability page: ${only} cells where only ADMM diverges at p = 3, none at p = 2`);
}

async function smoke(page) {
  await page.goto(BASE_URL);
  await page.getByTestId('jobs-page').waitFor({ timeout: 15_000 });
  for (const nav of ['nav-jobs', 'nav-submit', 'nav-compare', 'nav-sweeps', 'nav-agents', 'nav-stability', 'nav-audit']) check((await page.getByTestId(nav).count()) === 1, `missing ${nav}`);
  await page.getByTestId('nav-submit').click();
  await page.getByTestId('submit-form').waitFor();
  await page.getByTestId('preset-mnist-eamsgd-p2-tau10').click();
  check((await page.getByTestId('field-tau').inputValue()) === '10', 'preset did not fill tau');
  await shot(page, 'smoke-submit');
  await page.goto(hashUrl('/jobs'));
  await page.getByTestId('jobs-page').waitFor();
  await shot(page, 'smoke-jobs');
  await compareEmpty(page);
  await sweepsOpen(page);
  await stabilityPage(page);
  log('smoke OK: the UI loads, routes and fills the form');
}

/** Agents page → Enrollment tokens: create, copy-once panel, revoke with confirm; then the Audit page. */
async function enrollmentTokenAndAudit(page) {
  await page.goto(hashUrl('/agents'));
  await page.getByTestId('enrollment-tokens').waitFor({ timeout: 15_000 });
  await page.locator('[data-testid="tokens-table"], [data-testid="tokens-empty"]').first().waitFor({ timeout: 15_000 });
  const name = `e2e-box-${Date.now()}`;
  await page.getByTestId('token-name').fill(name);
  await page.getByTestId('token-create').click();
  await page.getByTestId('token-created').waitFor({ timeout: 15_000 });
  const token = (await page.getByTestId('token-value').innerText()).trim();
  check(/^[A-Za-z0-9_-]{43}$/.test(token), `the new token "${token}" is not 43 base64url characters`);
  const command = (await page.getByTestId('token-command').innerText()).trim();
  check(command.startsWith('OMP_NUM_THREADS=1 java -jar worker-agent.jar --server ws') && command.includes(`--token ${token}`) && command.includes(`--name ${name}`),
    `the agent command "${command}" does not carry the server, the token and the name`);
  await shot(page, 'agent-token-created');
  await page.getByTestId('token-done').click();
  const row = page.locator('[data-testid="token-row"]', { hasText: name });
  await row.waitFor({ timeout: 15_000 });
  check(!(await page.content()).includes(token), 'the token is still on the page after "I have copied it"');
  await row.getByTestId('token-revoke').click();
  await row.getByTestId('token-revoke-confirm').waitFor();
  await row.getByTestId('token-revoke-yes').click();
  await until('the token to show as revoked', async () => /revoked/.test(await row.getByTestId('token-status').innerText()), 15_000);
  log(`enrollment token "${name}" created and revoked`);

  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-table').waitFor({ timeout: 15_000 });
  const want = ['agent-token.created', 'agent-token.revoked', 'job.submitted', 'job.cancelled'];
  await until(`the audit trail to show ${want.join(', ')}`, async () => {
    const actions = await page.getByTestId('audit-action').allInnerTexts();
    return want.every((a) => actions.includes(a));
  }, 20_000);
  const first = page.getByTestId('audit-row').first();
  check((await first.getAttribute('data-action')) === 'agent-token.revoked', `the newest audit row is ${await first.getAttribute('data-action')}, expected agent-token.revoked`);
  check((await first.getByTestId('audit-actor').innerText()).trim() === 'api-token', 'the revocation is not attributed to api-token');
  check((await first.getByTestId('audit-detail').innerText()).includes(name), `the revocation's detail does not name ${name}`);
  await shot(page, 'audit');
}

/**
 * The job page's compute-vs-wait and throughput charts on a live job: the throughput (every agent's
 * exchanges) grows; the compute shares are drawn exactly when the backend holds them (agents of
 * protocol 2), and each worker's row shows its share as "compute n % · wait m %" or a dash.
 */
async function computeAndThroughput(page, jobId) {
  check((await page.getByTestId('chart-compute-share').count()) === 1, 'the job page has no compute-vs-wait chart');
  const throughput = page.getByTestId('chart-throughput');
  check((await throughput.count()) === 1, 'the job page has no exchange throughput chart');
  await until('exchange throughput points', async () => Number((await attr(throughput, 'data-points')) ?? 0) > 0, 60_000, 300);
  const held = await page.evaluate(
    async ([id, token]) => {
      const res = await fetch(`api/v1/jobs/${id}/metrics?series=compute_share,compute_utilization`, { headers: { Authorization: `Bearer ${token}` } });
      const body = await res.json();
      return body.series.filter((s) => s.points.length > 0).map((s) => s.series);
    },
    [jobId, TOKEN],
  );
  const shares = page.getByTestId('chart-compute-share');
  const cell = (await page.getByTestId('worker-compute').first().innerText()).trim();
  if (held.includes('compute_share')) {
    await until('compute-share points', async () => Number((await attr(shares, 'data-points')) ?? 0) > 0, 30_000, 300);
    await until('a worker row with its compute share', async () => /^compute \d+ % · wait \d+ %$/.test((await page.getByTestId('worker-compute').first().innerText()).trim()), 15_000);
    const util = (await page.getByTestId('job-compute-utilization').innerText()).trim();
    check(/^compute \d+ %$/.test(util), `the job's compute utilization reads "${util}"`);
    log(`compute vs wait drawn (${await attr(shares, 'data-points')} points, ${util}); throughput ${await attr(throughput, 'data-points')} points`);
  } else {
    check(cell === '—', `no compute_share is stored but the worker row says "${cell}"`);
    log(`the agents report no compute/wait times (protocol 1); throughput ${await attr(throughput, 'data-points')} points`);
  }
}

async function full(page) {
  check(TOKEN, 'EASGD_API_TOKEN is not set');

  // 1. Open the UI and enter the token.
  await page.goto(BASE_URL);
  await page.getByTestId('jobs-page').waitFor({ timeout: 15_000 });
  await enterToken(page);
  log('token entered');

  // 2. Submit EAMSGD p=2 τ=10 mnist-10k mlp through the form.
  await fillEamsgd(page, `e2e-eamsgd-p2-tau10-${Date.now()}`, MAX_STEPS);
  await shot(page, 'submit');
  const jobId = await submitAndOpen(page);

  // 3. RUNNING, and the test-error chart grows.
  const seen = new Set();
  await until(
    `job ${jobId} to be RUNNING`,
    async () => {
      const s = await stateOf(page);
      if (s) seen.add(s);
      if (s === 'FAILED' || s === 'CANCELLED') throw new Failure(`job ${jobId} ended ${s} (states seen: ${[...seen].join(', ')})`);
      if (s === 'COMPLETED' && !seen.has('RUNNING')) throw new Failure(`job ${jobId} completed before the page showed RUNNING; raise E2E_MAX_STEPS`);
      return s === 'RUNNING';
    },
    BUDGET_MS,
    200,
  );
  log(`job ${jobId} RUNNING (states seen: ${[...seen].join(' → ')})`);
  const chart = page.getByTestId('chart-test-error');
  const points = async () => Number((await attr(chart, 'data-points')) ?? 0);
  const p1 = await until('a first test-error point', async () => ((await points()) > 0 ? points() : 0), BUDGET_MS, 300);
  const p2 = await until(`the test-error chart to grow beyond ${p1} points`, async () => ((await points()) > p1 ? points() : 0), BUDGET_MS, 300);
  log(`test-error chart grew: ${p1} → ${p2} points`);
  check((await page.getByTestId('worker-row').count()) >= 1, 'no worker rows on the job detail page');
  await computeAndThroughput(page, jobId);
  // For a telling screenshot, give the charts a little more (not a check).
  await until('more points', async () => (await points()) >= 10, 15_000).catch(() => {});
  await shot(page, 'job-detail');

  // 4. Compare (empty, then the job), Sweeps, Agents, Jobs.
  await compareEmpty(page);
  await page.goto(hashUrl(`/compare?ids=${jobId}`));
  await until('compare chart data', async () => Number((await attr(page.getByTestId('chart-compare-time'), 'data-points')) ?? 0) > 0, 30_000);
  await shot(page, 'compare');
  await sweepsOpen(page);
  await stabilityPage(page);

  await page.goto(hashUrl('/agents'));
  await page.locator('[data-testid="agents-table"], [data-testid="agents-empty"]').first().waitFor({ timeout: 15_000 });
  check((await page.getByTestId('agent-row').count()) >= 1, 'no agent listed although a job ran');
  await shot(page, 'agents');

  await page.goto(hashUrl('/jobs'));
  await page.locator(`[data-testid="job-row"][data-job-id="${jobId}"]`).waitFor({ timeout: 15_000 });
  await shot(page, 'jobs');

  // 5. A second job, with τ auto (the server must accept it), cancelled.
  await fillEamsgd(page, `e2e-cancel-${Date.now()}`, '1000000');
  await page.getByTestId('tau-auto').check();
  check((await page.getByTestId('field-tau').inputValue()) === 'auto', 'ticking "auto" did not set τ to auto');
  await page.getByTestId('field-commShare').fill('0.1');
  await until('POST /jobs/check to accept tau "auto"', async () => {
    const state = await page.getByTestId('check-status').getAttribute('data-check');
    if (state === 'invalid' || state === 'failed') throw new Failure(`the server rejected tau "auto": ${(await page.locator('[data-testid^="error-"], [data-testid="form-error"]').allInnerTexts()).join(' | ')}`);
    return state === 'ok';
  }, 20_000);
  const second = await submitAndOpen(page);
  await until('the spec summary to say τ auto', async () => /τ\s*auto/.test(await page.getByTestId('job-spec').innerText()), 15_000);
  check((await page.getByTestId('chart-tau').count()) === 1, 'an auto-τ job has no τ chart');
  log(`job ${second} has τ auto and its τ chart`);
  await page.getByTestId('btn-cancel').click();
  await page.getByTestId('btn-cancel-confirm').click();
  await until(`job ${second} to be CANCELLED`, async () => (await stateOf(page)) === 'CANCELLED', 60_000);
  log(`job ${second} CANCELLED`);

  // 6. An enrollment token: created (shown once, with the agent's command line), revoked; the audit page shows it all.
  await enrollmentTokenAndAudit(page);

  // 7. A bad value shows the API's own problem+json message next to the field.
  await page.goto(hashUrl('/submit'));
  await page.getByTestId('submit-form').waitFor();
  const apiAnswer = await page.evaluate(
    async ([token]) => {
      const res = await fetch('api/v1/jobs/check', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ tau: 0 }),
      });
      return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
    },
    [TOKEN],
  );
  check(apiAnswer.status === 400, `POST /jobs/check with tau=0 answered ${apiAnswer.status}, expected 400`);
  const apiMessage = apiAnswer.body?.errors?.find((e) => e.field === 'tau')?.message;
  check(apiMessage, `the problem+json has no errors[] entry for tau: ${JSON.stringify(apiAnswer.body)}`);
  await page.getByTestId('field-tau').fill('0');
  const err = page.getByTestId('error-tau');
  await err.waitFor({ timeout: 15_000 });
  const shown = (await err.innerText()).trim();
  check(shown.includes(apiMessage), `the tau error shows "${shown}", expected the API's "${apiMessage}"`);
  check(/>=\s*1/.test(shown) && /\b0\b/.test(shown), `the tau error "${shown}" does not read like "must be >= 1, found 0"`);
  log(`tau=0 shows the API's message: "${shown}" (detail: "${apiAnswer.body.detail}")`);
  await shot(page, 'submit-invalid-tau');
  log('all checks passed');
}

runInBrowser({
  tag: 'e2e',
  log,
  failureShot: 'failure',
  headless: process.env.E2E_HEADFUL !== '1',
  run: async (page) => {
    log(`BASE_URL=${BASE_URL} ${SMOKE ? '(smoke)' : ''}`);
    await (SMOKE ? smoke(page) : full(page));
  },
});
