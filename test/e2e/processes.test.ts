// The three roles as separate processes (`kuduso appserver|worker|api`), as in production, against a fresh
// database on the real PostgreSQL: one job end to end, its correlation id in every role's log, clean SIGTERM.
// Tracing on (OTLP/HTTP JSON to a local receiver): the caller's trace crosses the three processes through the
// queue message and the solve request, spans and log lines alike.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '@kuduso/db/testing';
import { REPO, sitefitJob } from '../harness.ts';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver.ts';
import { MAIN, migrateWith, type Proc, rolesEnv, start, stop, waitHttp } from '../support/processes.ts';

let tdb: TestDatabase;
let dataDir: string;
const procs: Proc[] = [];
let env: Record<string, string>;
let apiUrl: string;
let otlp: OtlpReceiver;

before(async () => {
  tdb = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'kuduso-proc-'));
  otlp = await startOtlpReceiver();
  const roles = await rolesEnv(tdb.url, dataDir);
  apiUrl = roles.apiUrl;
  env = { ...roles, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' };
});

after(async () => {
  for (const p of procs) await stop(p);
  await otlp?.close();
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

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

test('api, worker and appserver as three processes run a sitefit job end to end', async () => {
  migrateWith(env);
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
    headers: {
      'content-type': 'application/json',
      'x-correlation-id': 'three-process-run',
      traceparent: `00-${TRACE}-00f067aa0ba902b7-01`,
    },
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
    const lines = p.lines();
    assert.ok(
      lines.some((l) => l.correlation_id === 'three-process-run'),
      `${name} logged the correlation id`,
    );
    const ofJob = lines.filter((l) => l.job_id === job_id);
    assert.ok(ofJob.length > 0 && ofJob.every((l) => l.trace_id === TRACE), `${name} logged the trace id`);
  }
  // Each process exported its own span (flushed at SIGTERM), one trace, parent to child across processes.
  const spans = otlp.spans().filter((s) => s.traceId === TRACE);
  const by = (service: string, name: string) => spans.find((s) => s.service === service && s.name === name);
  const posted = by('kuduso-api', 'POST /jobs/run');
  const delivery = by('kuduso-worker', 'job sitefit@1.0.0');
  const solve = by('kuduso-appserver', 'POST /gh/:target/solve');
  assert.ok(posted && delivery && solve, JSON.stringify(spans));
  assert.equal(posted.parentSpanId, '00f067aa0ba902b7');
  assert.equal(delivery.parentSpanId, posted.spanId);
  assert.equal(solve.parentSpanId, delivery.spanId);
});
