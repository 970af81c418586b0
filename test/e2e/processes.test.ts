// The three roles as separate processes (`kuduso appserver|worker|api`), as in production, against a fresh
// database on the real PostgreSQL: one job end to end, its correlation id in every role's log, clean SIGTERM.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '@kuduso/db/testing';
import { REPO, sitefitJob } from '../harness.ts';

const MAIN = `${REPO}/packages/cli/src/main.ts`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

interface Proc {
  child: ChildProcess;
  out: string[];
}

function start(role: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [MAIN, role], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (d: string) => out.push(d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => out.push(d));
  return { child, out };
}

async function waitHttp(url: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    if (Date.now() > until) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stop(p: Proc): Promise<number | null> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null) return resolve(p.child.exitCode);
    p.child.once('exit', (code) => resolve(code));
    p.child.kill('SIGTERM');
  });
}

let tdb: TestDatabase;
let dataDir: string;
const procs: Proc[] = [];
let env: Record<string, string>;
let apiUrl: string;

before(async () => {
  tdb = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'kuduso-proc-'));
  const [apiPort, appPort] = [await freePort(), await freePort()];
  apiUrl = `http://127.0.0.1:${apiPort}`;
  env = {
    DATABASE_URL: tdb.url,
    KUDUSO_DATA_DIR: dataDir,
    PORT: String(apiPort),
    APPSERVER_PORT: String(appPort),
    APP_SERVER_URL: `http://127.0.0.1:${appPort}`,
    APPSERVER_TOKEN: 'service-token',
    ARTIFACT_SIGNING_SECRET: 'proc-secret',
    LOG_LEVEL: 'info',
  };
});

after(async () => {
  for (const p of procs) await stop(p);
  await tdb.drop();
  await rm(dataDir, { recursive: true, force: true });
});

test('a role refuses to start on missing or bad configuration, naming the variable', () => {
  const res = spawnSync(process.execPath, [MAIN, 'api'], {
    env: { PATH: process.env.PATH ?? '', PORT: 'eighty' },
    encoding: 'utf8',
  });
  assert.equal(res.status, 2);
  assert.match(res.stderr, /DATABASE_URL is required/);
  assert.match(res.stderr, /ARTIFACT_SIGNING_SECRET is required/);
  assert.match(res.stderr, /PORT="eighty"/);
});

test('api, worker and appserver as three processes run a sitefit job end to end', async () => {
  const migrate = spawnSync(process.execPath, [MAIN, 'migrate'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  assert.equal(migrate.status, 0, migrate.stderr + migrate.stdout);
  const appserver = start('appserver', env);
  const worker = start('worker', env);
  const api = start('api', env);
  procs.push(appserver, worker, api);
  await waitHttp(`${apiUrl}/readyz`);
  await waitHttp(`${env.APP_SERVER_URL}/readyz`);

  const typical = (
    await import(`${REPO}/contracts/sitefit/1.0.0/examples/valid/typical.json`, { with: { type: 'json' } })
  ).default;
  const res = await fetch(`${apiUrl}/jobs/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-correlation-id': 'three-process-run' },
    body: JSON.stringify(sitefitJob(typical)),
  });
  assert.equal(res.status, 202);
  const { job_id } = (await res.json()) as { job_id: string };
  let status = '';
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    status = ((await (await fetch(`${apiUrl}/jobs/status/${job_id}`)).json()) as { status: string }).status;
    if (status === 'succeeded' || status === 'failed') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(status, 'succeeded');
  const result = (await (await fetch(`${apiUrl}/jobs/result/${job_id}`)).json()) as {
    results: unknown[];
    artifacts: { url: string }[];
  };
  assert.ok(result.results.length > 0);
  assert.ok(result.artifacts.length > 0);
  const file = await fetch(result.artifacts[0].url);
  assert.equal(file.status, 200);

  // The AppServer refuses callers without the service token.
  const direct = await fetch(`${env.APP_SERVER_URL}/gh/sitefit:1.0.0/solve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(typical),
  });
  assert.equal(direct.status, 401);

  for (const p of [api, worker, appserver]) assert.equal(await stop(p), 0, p.out.join(''));
  for (const [name, p] of Object.entries({ api, worker, appserver })) {
    const lines = p.out
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(
      lines.some((l) => l.correlation_id === 'three-process-run'),
      `${name} logged the correlation id`,
    );
  }
});
