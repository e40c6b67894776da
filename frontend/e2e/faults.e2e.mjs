#!/usr/bin/env node
// Browser test of the job page's Faults panel against a running backend with the fault lab on
// (FaultLabUiE2EIT runs it; by hand: a backend with EASGD_LAB_FAULTS_ENABLED=true and its local agents):
//
//   BASE_URL=http://localhost:8080/ EASGD_API_TOKEN=… JOB_ID=3 node e2e/faults.e2e.mjs
//
// JOB_ID must be RUNNING on the backend's local agents. Through the form the script injects an
// AGENT_PAUSE of rank 0 for 3 s, waits for its row to reach HEALED with a time to heal, checks the
// fault's band is drawn on the test-error chart and saves target/screenshots/job-faults.png. Its last
// line is `RESULT {"faultId":…,"healMs":…}` for the caller to compare with the API. Uses
// playwright-core with the system Chromium (never `playwright install`); exits non-zero on a failure.

import path from 'node:path';
import { BASE_URL, Failure, SHOTS, TOKEN, check, makeLog, runInBrowser, until } from './browser.mjs';

const JOB_ID = process.env.JOB_ID ?? '';
const log = makeLog('faults-e2e');

async function run(page) {
  check(TOKEN && JOB_ID, 'EASGD_API_TOKEN and JOB_ID must be set');
  await page.goto(`${BASE_URL}#/jobs/${JOB_ID}`);
  await page.getByTestId('token-input').fill(TOKEN);
  await page.getByTestId('token-save').click();
  await page.getByTestId('job-detail').waitFor({ timeout: 20_000 });
  await until(`job ${JOB_ID} RUNNING on the page`, async () => (await page.getByTestId('job-state').getAttribute('data-state')) === 'RUNNING', 30_000);

  // The form: the kinds the backend offers, the link ones disabled (no bandwidth lab) with why as the tooltip.
  const form = page.getByTestId('fault-inject-form');
  await form.waitFor({ timeout: 20_000 });
  const kind = page.getByTestId('fault-kind');
  const options = await kind.locator('option').evaluateAll((os) => os.map((o) => ({ value: o.value, disabled: o.disabled, title: o.title })));
  log('kinds', JSON.stringify(options));
  const pause = options.find((o) => o.value === 'AGENT_PAUSE');
  const cut = options.find((o) => o.value === 'LINK_CUT');
  check(pause && !pause.disabled, 'AGENT_PAUSE is not offered, or disabled, with the fault lab on and local agents');
  check(cut && cut.disabled && /bandwidth lab/.test(cut.title), `LINK_CUT should be disabled with a note naming the bandwidth lab: ${JSON.stringify(cut)}`);

  await kind.selectOption('AGENT_PAUSE');
  await page.getByTestId('fault-rank').fill('0');
  await page.getByTestId('fault-duration').fill('3');
  await page.getByTestId('fault-inject').click();
  const row = page.getByTestId('fault-row').first();
  await row.waitFor({ timeout: 15_000 });
  const error = page.getByTestId('fault-inject-error');
  check((await error.count()) === 0, `the server refused the fault: ${(await error.count()) ? await error.innerText() : ''}`);
  const faultId = Number(await row.getAttribute('data-fault-id'));
  log(`fault ${faultId} injected: ${await row.getAttribute('data-state')}`);

  // Its row follows the stream: ACTIVE, HEALING, HEALED with a time to heal.
  const seen = new Set();
  await until(
    `fault ${faultId} HEALED in the table`,
    async () => {
      const s = await row.getAttribute('data-state');
      seen.add(s);
      if (s === 'FAILED' || s === 'NOT_HEALED' || s === 'CANCELLED') throw new Failure(`fault ${faultId} ended ${s}: ${await row.innerText()}`);
      return s === 'HEALED';
    },
    60_000,
    200,
  );
  const healMs = Number(await row.getByTestId('fault-heal').getAttribute('data-heal-ms'));
  const healText = (await row.getByTestId('fault-heal').innerText()).trim();
  log(`fault ${faultId} states seen: ${[...seen].join(' → ')}; heal ${healText} (${healMs} ms)`);
  check(Number.isFinite(healMs) && healMs >= 3000 && healMs < 60_000, `heal time ${healMs} ms is not a number between the 3 s pause and a minute`);
  check(/^\d+(\.\d+)? s$/.test(healText), `the heal cell reads "${healText}"`);

  // The band on the test-error chart, drawn on the canvas (the plugin counts what it drew).
  const chart = page.getByTestId('chart-test-error');
  const drawn = await until(
    'the fault band on the test-error chart',
    async () => {
      const n = Number((await chart.locator('.uplot').getAttribute('data-bands-drawn')) ?? 0);
      return n >= 1 ? n : 0;
    },
    20_000,
  );
  log(`test-error chart: ${drawn} band(s) drawn, ${await chart.getAttribute('data-bands')} given`);

  const kindRow = page.locator('[data-testid="faults-kind-row"][data-kind="AGENT_PAUSE"]');
  await kindRow.waitFor({ timeout: 15_000 });
  const cells = await kindRow.locator('td').allInnerTexts();
  log(`by kind: ${cells.join(' | ')}`);
  check(cells[1] === '1' && cells[2] === '1', `the summary for AGENT_PAUSE says count ${cells[1]}, healed ${cells[2]}; expected 1 and 1`);

  await page.evaluate(() => window.scrollTo(0, 0));    // the sticky header at the top of the full-page shot
  await page.screenshot({ path: path.join(SHOTS, 'job-faults.png'), fullPage: true });
  console.log(`RESULT ${JSON.stringify({ faultId, healMs })}`);
}

runInBrowser({ tag: 'faults-e2e', log, run, failureShot: 'faults-failure' });
