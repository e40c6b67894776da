#!/usr/bin/env node
// Browser test of a sweep page of an early-stopping search (docs/api.md "Searches") against a running
// backend on which that sweep exists and has decided at least one rung:
//
//   BASE_URL=http://localhost:8080/ EASGD_API_TOKEN=… SWEEP_ID=3 node e2e/search.e2e.mjs
//   npm run build && node e2e/mock-backend.mjs & BASE_URL=http://localhost:8090/ SWEEP_ID=900 node e2e/search.e2e.mjs
//
// Checks that the parallel-coordinates plot draws one line per run of the sweep (as GET /sweeps/{id}
// counts them), that the rungs list at least one STOPPED decision, and that "Download CSV" downloads
// text whose first line starts with `jobId,label,state`. Saves target/screenshots/sweep-search.png;
// its last line is `RESULT {"runs":…,"stopped":…,"csvLines":…}`. EASGD_API_TOKEN is optional (needed
// when reads need the token). Uses playwright-core with the system Chromium; exits non-zero on a failure.

import { readFile } from 'node:fs/promises';
import { TOKEN, check, enterToken, hashUrl, makeLog, runInBrowser, shot, until } from './browser.mjs';

const SWEEP_ID = process.env.SWEEP_ID ?? '';
const CSV_HEAD = 'jobId,label,state';
const log = makeLog('search-e2e');

/** The sweep as the API has it, fetched from the page (so with its origin and the token). */
async function sweepFromApi(page) {
  return page.evaluate(
    async ([id, token]) => {
      const res = await fetch(`api/v1/sweeps/${id}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
      if (!res.ok) throw new Error(`GET /sweeps/${id}: HTTP ${res.status}`);
      return res.json();
    },
    [SWEEP_ID, TOKEN],
  );
}

async function run(page) {
  check(/^\d+$/.test(SWEEP_ID), `SWEEP_ID must be a sweep id, found "${SWEEP_ID}"`);
  await page.goto(hashUrl(`/sweeps/${SWEEP_ID}`));
  if (TOKEN) await enterToken(page);
  await page.getByTestId('sweep-detail').waitFor({ timeout: 20_000 });
  const sweep = await sweepFromApi(page);
  check(sweep.search, `sweep ${SWEEP_ID} has no search`);
  log(`sweep ${SWEEP_ID}: ${sweep.runs.length} runs, ${sweep.search.method} over ${sweep.search.resource}, ${sweep.rungs.length} rungs`);

  // One polyline per run, and one axis per varied parameter plus the two results.
  const plot = page.getByTestId('parallel-coords');
  await plot.waitFor({ timeout: 20_000 });
  const lines = await until('a line per run in the parallel-coordinates plot', async () => {
    const n = await plot.getByTestId('pc-line').count();
    return n === sweep.runs.length ? n : 0;
  }, 20_000);
  const params = new Set(sweep.runs.flatMap((r) => Object.keys(r.params)));
  const axes = await plot.getByTestId('pc-axis').count();
  check(axes === params.size + 2, `the plot has ${axes} axes, expected ${params.size} parameters + best test error + bytes to target`);
  const dashed = await plot.locator('[data-testid="pc-line"][data-stopped="true"]').count();
  const stoppedRuns = sweep.runs.filter((r) => r.state === 'STOPPED_EARLY').length;
  check(dashed === stoppedRuns, `${dashed} dashed lines for ${stoppedRuns} runs stopped early`);
  log(`parallel coordinates: ${lines} lines, ${axes} axes, ${dashed} dashed`);

  // The rungs: at least one run stopped at one.
  await page.getByTestId('sweep-rungs').waitFor({ timeout: 10_000 });
  const stopped = await page.locator('[data-testid="rung-decision"][data-decision="STOPPED"]').count();
  check(stopped >= 1, 'the rungs list no STOPPED decision');
  log(`rungs: ${await page.getByTestId('rung').count()} shown, ${stopped} STOPPED decisions`);

  // The CSV for notebooks.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.getByTestId('link-results-csv').click()]);
  const file = await download.path();
  check(file, `the CSV download failed: ${await download.failure()}`);
  const csv = await readFile(file, 'utf8');
  const first = csv.split(/\r?\n/)[0];
  check(first.startsWith(CSV_HEAD), `the CSV's first line is "${first.slice(0, 80)}", expected it to start with ${CSV_HEAD}`);
  const csvLines = csv.split(/\r?\n/).filter((l) => l !== '').length;
  log(`CSV ${download.suggestedFilename()}: ${csvLines} lines, header "${first}"`);

  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'sweep-search', log);
  console.log(`RESULT ${JSON.stringify({ runs: lines, stopped, csvLines })}`);
}

runInBrowser({ tag: 'search-e2e', log, run, failureShot: 'search-failure' });
