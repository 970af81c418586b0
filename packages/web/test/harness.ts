// Browser tests' harness: a current build of the page, Kuduso started as real processes on free ports
// (`kuduso dev` on PGlite, or the roles on PostgreSQL), and Debian's Chromium driven by playwright-core.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@kuduso/db/testing';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../src/serve/build.ts';
import { webBuildState } from '../src/serve/build-state.ts';

export const REPO = new URL('../../..', import.meta.url).pathname.replace(/\/$/, '');
export const SCREENSHOTS = join(REPO, 'test-results/screenshots');
const MAIN = join(REPO, 'packages/cli/src/main.ts');
const CONTRACTS = `${REPO}/contracts,${REPO}/test/fixtures/contracts`;

/** Rebuilds the page when its sources changed since the last build, so the tests see the current code. */
export async function ensureBuild(): Promise<void> {
  const lock = join(REPO, 'packages/web/.build-lock');
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (i > 600) throw new Error(`build lock ${lock} held for 2 minutes`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (webBuildState().state !== 'fresh') await buildWeb({ quiet: true });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

interface Proc {
  child: ChildProcess;
  output: string[];
}

/** Starts `kuduso <role>` and resolves with the URL of its first "<name> listening" log line. */
function startRole(
  role: string,
  env: Record<string, string>,
  waitFor: string | null,
): Promise<Proc & { url: string }> {
  const child = spawn(process.execPath, [MAIN, role], {
    env: { ...process.env, LOG_LEVEL: 'info', CONTRACTS_DIR: CONTRACTS, HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kuduso ${role} did not start in 120 s:\n${output.join('')}`));
    }, 120_000);
    const onLine = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      if (waitFor === null) return;
      for (const line of text.split('\n')) {
        if (!line.includes(`"msg":"${waitFor} listening"`)) continue;
        clearTimeout(timer);
        resolve({ child, output, url: (JSON.parse(line) as { url: string }).url });
      }
    };
    child.stdout!.on('data', onLine);
    child.stderr!.on('data', onLine);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kuduso ${role} exited with ${code}:\n${output.join('')}`));
    });
    if (waitFor === null) {
      clearTimeout(timer);
      resolve({ child, output, url: '' });
    }
  });
}

async function stopProc(p: Proc): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => p.child.once('exit', () => r()));
  p.child.kill('SIGTERM');
  const t = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(t);
}

export interface Kuduso {
  url: string;
  /** Waits for a log line (JSON) of the started processes whose msg contains `text`. */
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function logWaiter(procs: Proc[]) {
  return async (text: string, timeoutMs = 15_000) => {
    const until = Date.now() + timeoutMs;
    while (!procs.some((p) => p.output.join('').includes(text))) {
      if (Date.now() > until)
        throw new Error(`no log line with ${JSON.stringify(text)} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
}

/** `kuduso dev` on PGlite in a fresh data folder, on free ports. */
export async function startDev(env: Record<string, string> = {}): Promise<Kuduso> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kuduso-web-'));
  const p = await startRole(
    'dev',
    { PORT: '0', APPSERVER_PORT: '0', KUDUSO_DATA_DIR: dataDir, ...env },
    'api',
  );
  return {
    url: p.url,
    waitForLog: logWaiter([p]),
    async stop() {
      await stopProc(p);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The three roles as separate processes on a fresh PostgreSQL database. */
export async function startRoles(env: Record<string, string> = {}): Promise<Kuduso> {
  const db: TestDatabase = await createTestDatabase();
  const blobDir = mkdtempSync(join(tmpdir(), 'kuduso-web-blobs-'));
  const common = {
    DATABASE_URL: db.url,
    ARTIFACT_SIGNING_SECRET: 'web-test-secret',
    BLOB_DIR: blobDir,
    ...env,
  };
  const procs: Proc[] = [];
  try {
    const migrate = await startRole('migrate', common, null);
    await new Promise<void>((resolve, reject) =>
      migrate.child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`migrate: ${code}\n${migrate.output.join('')}`)),
      ),
    );
    const app = await startRole('appserver', { ...common, APPSERVER_PORT: '0' }, 'appserver');
    procs.push(app);
    procs.push(await startRole('worker', { ...common, APP_SERVER_URL: app.url }, null));
    const api = await startRole('api', { ...common, PORT: '0' }, 'api');
    procs.push(api);
    return {
      url: api.url,
      waitForLog: logWaiter(procs),
      async stop() {
        for (const p of procs.reverse()) await stopProc(p);
        await db.drop();
        rmSync(blobDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    for (const p of procs.reverse()) await stopProc(p);
    await db.drop();
    throw e;
  }
}

export { CHROMIUM, launchChromium } from '../../../test/support/chromium.ts';

/** A page that records every console error and uncaught exception, for the tests to assert there are none. */
export async function openPage(browser: Browser, url: string, width = 1280, height = 860) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  // Chromium logs every non-2xx fetch as a console error; the page's expected 4xx answers (a 400 shown at
  // its field, a 409) are not errors of the page, so responses are judged by status instead: 404 and 5xx are.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() === 404 || r.status() >= 500)
      errors.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(url);
  return { page, errors, close: () => context.close() };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
