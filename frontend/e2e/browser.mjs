// What the browser tests share (ui.e2e.mjs, faults.e2e.mjs, search.e2e.mjs): their environment, the
// system Chromium through playwright-core (never `playwright install`), waiting on a condition, and
// one run wrapper that reports a failure with a screenshot and exits non-zero.
//
// Env: BASE_URL (default http://localhost:8080/), EASGD_API_TOKEN, CHROMIUM (default /usr/bin/chromium).

import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SHOTS = path.resolve(here, '../target/screenshots');
export const BASE_URL = (process.env.BASE_URL ?? 'http://localhost:8080/').replace(/\/?$/, '/');
export const TOKEN = process.env.EASGD_API_TOKEN ?? '';
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/** A definite failure: `until` stops at once on it instead of waiting for its timeout. */
export class Failure extends Error {}

export function check(cond, message) {
  if (!cond) throw new Failure(message);
}

/** A logger whose lines start with `[tag +seconds since start]`. */
export function makeLog(tag) {
  const t0 = Date.now();
  return (...a) => console.log(`[${tag} +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
}

/** Polls f() until it returns a truthy value; a Failure stops at once, a timeout names `what`. */
export async function until(what, f, timeoutMs = 30_000, everyMs = 250) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await f();
      if (last) return last;
    } catch (e) {
      if (e instanceof Failure) throw e;
      last = e;
    }
    if (Date.now() > end) throw new Failure(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last instanceof Error ? ` (${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The UI's hash route, e.g. hashUrl('/sweeps/3'). */
export const hashUrl = (route) => `${BASE_URL}#${route}`;

/** A full-page screenshot into target/screenshots/<name>.png. */
export async function shot(page, name, log = console.log) {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  log('screenshot', file);
}

/** An attribute of the first element of a locator, or null when there is none. */
export async function attr(locator, name) {
  return (await locator.count()) ? locator.first().getAttribute(name) : null;
}

/** Types the API token into the header's field and waits until the UI stored it. */
export async function enterToken(page, token = TOKEN) {
  await page.getByTestId('token-input').fill(token);
  await page.getByTestId('token-save').click();
  await until('the token to be stored', async () => (await page.evaluate(() => sessionStorage.getItem('easgd.apiToken'))) === token, 5000);
}

/**
 * Launches Chromium, opens one 1280×900 page and runs `run(page)`; uncaught page errors fail the run,
 * HTTP errors and console errors are logged. On a failure: "[tag] FAILED: …" and
 * target/screenshots/<failureShot>.png. Exits the process: 0 when every check passed, else 1.
 */
export async function runInBrowser({ tag, log, run, failureShot, headless = true }) {
  let ok = false;
  let browser;
  try {
    mkdirSync(SHOTS, { recursive: true });
    rmSync(path.join(SHOTS, `${failureShot}.png`), { force: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless, args: ARGS });
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => {
      pageErrors.push(e.message);
      log('uncaught error in the page:', e.stack ?? e.message);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) log(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') log('browser console error:', m.text());
    });
    try {
      await run(page);
      check(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.join(' | ')}`);
      ok = true;
    } catch (e) {
      console.error(`[${tag}] FAILED: ${e instanceof Error ? e.message : e}`);
      if (!(e instanceof Failure) && e instanceof Error) console.error(e.stack);
      await shot(page, failureShot, log).catch(() => {});
    }
  } catch (e) {
    console.error(`[${tag}] FAILED:`, e);
  } finally {
    await browser?.close().catch(() => {});
  }
  process.exit(ok ? 0 : 1);
}
