// `kuduso dev` as a user runs it, as real processes on embedded PGlite: one instance per data folder (a second
// start is refused, naming the holder; a stale lock is taken over), a port in use explained, the client
// commands against it, and Ctrl+C that says what it waits for. No job is lost across any of it.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const REPO = new URL('../../../', import.meta.url).pathname;
const MAIN = `${REPO}packages/cli/src/main.ts`;
const root = mkdtempSync(join(tmpdir(), 'kuduso-dev-'));
const dataDir = join(root, 'data');
const running = new Set<ChildProcess>();
after(async () => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Dev {
  child: ChildProcess;
  api: string;
  stderr(): string;
  exited: Promise<number | null>;
}

const baseEnv = {
  LOG_LEVEL: 'warn',
  CONTRACTS_DIR: `${REPO}contracts,${REPO}test/fixtures/contracts`,
  RESULT_CACHE_TTL: '0',
};

async function startDev(dir: string, ports?: { api: number; app: number }): Promise<Dev> {
  const p = ports ?? { api: await freePort(), app: await freePort() };
  const child = spawn(process.execPath, [MAIN, 'dev'], {
    env: {
      ...process.env,
      ...baseEnv,
      KUDUSO_DATA_DIR: dir,
      PORT: String(p.api),
      APPSERVER_PORT: String(p.app),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let err = '';
  child.stdout?.resume();
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, api: `http://127.0.0.1:${p.api}`, stderr: () => err, exited };
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function ready(dev: Dev): Promise<Dev> {
  await until('kuduso dev to start', () => {
    if (dev.child.exitCode !== null) throw new Error(`dev exited: ${dev.stderr()}`);
    return dev.stderr().includes('Press Ctrl+C to stop.');
  });
  return dev;
}

function kuduso(args: string[], api: string) {
  return spawnSync(process.execPath, [MAIN, ...args, '--api', api], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
    timeout: 120_000,
  });
}

const typical = JSON.parse(
  readFileSync(`${REPO}contracts/sitefit/1.0.0/examples/valid/typical.json`, 'utf8'),
);
const requestFile = join(root, 'request.json');
writeFileSync(
  requestFile,
  JSON.stringify({ app_id: 'cli-test', definition: 'sitefit', version: '1.0.0', inputs: typical }),
);
const inputsFile = join(root, 'inputs.json');
writeFileSync(inputsFile, JSON.stringify(typical));

let first: Dev;
let jobId = '';

test('the client commands against kuduso dev: submit, submit --wait, watch, status, result --out-dir, definitions', async () => {
  first = await ready(await startDev(dataDir));
  const sub = kuduso(['submit', requestFile], first.api);
  assert.equal(sub.status, 0, sub.stderr);
  jobId = sub.stdout.trim();
  assert.match(jobId, /^[0-9a-f-]{36}$/);

  const watched = kuduso(['watch', jobId], first.api);
  assert.equal(watched.status, 0, watched.stderr);
  const events = watched.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(events.at(-1).status, 'succeeded');
  assert.ok(events.every((e) => e.job_id === jobId));

  const status = kuduso(['status', jobId], first.api);
  assert.equal(JSON.parse(status.stdout).status, 'succeeded');

  const outDir = join(root, 'artifacts');
  const result = kuduso(['result', jobId, '--out-dir', outDir], first.api);
  assert.equal(result.status, 0, result.stderr);
  const outputs = JSON.parse(result.stdout);
  assert.ok(outputs.results.length > 0);
  const files = readdirSync(outDir);
  assert.equal(files.length, outputs.artifacts.length);
  assert.ok(files.some((f) => f.endsWith('.svg')));
  assert.match(
    readFileSync(join(outDir, files.find((f) => f.endsWith('.svg')) as string), 'utf8'),
    /<\/svg>\s*$/,
  );

  // Only the inputs, with --definition; --wait prints the result on stdout, progress on stderr.
  const waited = kuduso(['submit', inputsFile, '--definition', 'sitefit@1.0.0', '--wait'], first.api);
  assert.equal(waited.status, 0, waited.stderr);
  assert.ok(JSON.parse(waited.stdout).results.length > 0);
  assert.match(waited.stderr, /succeeded/);

  // list: newest first, a page at a time.
  const page1 = JSON.parse(kuduso(['list', '--limit', '1'], first.api).stdout);
  assert.equal(page1.items.length, 1);
  assert.ok(page1.next_cursor);
  const page2 = JSON.parse(kuduso(['list', '--limit', '1', '--cursor', page1.next_cursor], first.api).stdout);
  assert.equal(page2.items[0].job_id, jobId);
  const ok = JSON.parse(
    kuduso(['list', '--status', 'succeeded', '--definition', 'sitefit@1.0.0'], first.api).stdout,
  );
  assert.equal(ok.items.length, 2);
  const badStatus = kuduso(['list', '--status', 'done'], first.api);
  assert.equal(badStatus.status, 1);
  assert.match(badStatus.stderr, /400 VALIDATION_FAILED/);

  const defs = JSON.parse(kuduso(['definitions'], first.api).stdout);
  assert.ok(defs.definitions.some((d: { id: string }) => d.id === 'sitefit@1.0.0'));

  // An API error is code, message and hint, and exits 1 (3 for a domain rule).
  const unknown = kuduso(['status', '00000000-0000-4000-8000-000000000000'], first.api);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /^kuduso status: 404 JOB_NOT_FOUND: /);
  const badFile = join(root, 'bad-inputs.json');
  writeFileSync(badFile, JSON.stringify({ ...typical, house: undefined }));
  const refused = kuduso(['submit', badFile, '--definition', 'sitefit@1.0.0'], first.api);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /400 VALIDATION_FAILED: .*\n {2}\/inputs/);
});

test('a second start on the same data folder is refused and names the holder; the first keeps its jobs', async () => {
  const second = await startDev(dataDir);
  assert.equal(await second.exited, 1);
  const pid = String(first.child.pid);
  assert.match(
    second.stderr(),
    new RegExp(`the data folder .* is in use by process ${pid} \\(api ${first.api}`),
  );
  assert.match(second.stderr(), /KUDUSO_DATA_DIR=/);
  assert.doesNotMatch(second.stderr(), /database open|\n\s+at /);
  assert.equal(JSON.parse(kuduso(['status', jobId], first.api).stdout).status, 'succeeded');
});

test('a port in use names the port and the variable that changes it, without a stack trace', async () => {
  const apiPort = Number(new URL(first.api).port);
  const other = await startDev(join(root, 'other'), { api: apiPort, app: await freePort() });
  assert.equal(await other.exited, 1);
  assert.match(other.stderr(), new RegExp(`port ${apiPort} \\(the API\\) is already in use .*PORT=`));
  assert.doesNotMatch(other.stderr(), /\n\s+at |EADDRINUSE/);
  // It left nothing behind: the folder's lock is gone, so a start there works.
  assert.equal(existsSync(join(root, 'other', 'kuduso.lock')), false);
});

test('Ctrl+C says what it waits for; a second Ctrl+C hands the job back; the process ends; nothing is lost', async () => {
  const mockFile = join(root, 'slow.json');
  writeFileSync(mockFile, JSON.stringify({ value: 7, delay_ms: 15_000 }));
  const slow = kuduso(['submit', mockFile, '--definition', 'mock@1.1.0'], first.api);
  assert.equal(slow.status, 0, slow.stderr);
  const slowId = slow.stdout.trim();
  await until(
    'the slow job to run',
    () => JSON.parse(kuduso(['status', slowId], first.api).stdout).status === 'running',
  );
  first.child.kill('SIGINT');
  await until('the stopping message', () => first.stderr().includes('Stopping'));
  assert.match(
    first.stderr(),
    /Stopping: finishing 1 job, up to 10 s; press Ctrl\+C again to hand it back now\./,
  );
  // Signals within half a second count as one key press (npm forwards the terminal's SIGINT once more).
  await new Promise((r) => setTimeout(r, 1000));
  first.child.kill('SIGINT');
  assert.equal(await first.exited, 0);
  assert.match(first.stderr(), /Handing 1 job back to the queue now\./);
  assert.equal(existsSync(join(dataDir, 'kuduso.lock')), false);

  // The same folder again: every job is still there and the handed-back one runs to the end.
  const again = await ready(await startDev(dataDir));
  assert.equal(JSON.parse(kuduso(['status', jobId], again.api).stdout).status, 'succeeded');
  const watched = kuduso(['watch', slowId], again.api);
  assert.equal(watched.status, 0, watched.stderr + watched.stdout + again.stderr());
  assert.equal(JSON.parse(watched.stdout.trim().split('\n').at(-1) as string).status, 'succeeded');

  // Killed without a chance to clean up: the lock stays, and the next start sees its pid is gone.
  again.child.kill('SIGKILL');
  await again.exited;
  assert.equal(existsSync(join(dataDir, 'kuduso.lock')), true);
  const third = await ready(await startDev(dataDir));
  assert.equal(JSON.parse(kuduso(['status', slowId], third.api).stdout).status, 'succeeded');
  third.child.kill('SIGTERM');
  assert.equal(await third.exited, 0);
});
