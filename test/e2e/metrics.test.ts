// Metrics of the three roles after a real job (api -> queue -> worker -> AppServer), scraped in Prometheus
// format: HTTP durations by route template, submissions and finished jobs by definition, solve durations by
// engine, seats per lane, queue depth, event loop lag; and no tenant or job id in any label. The worker's own
// listener answers /readyz with what it can reach.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadRegistry } from '@kuduso/core/node';
import { createWorkerMetrics, startWorkerHealthServer } from '@kuduso/worker';
import { CONTRACT_DIRS, type Stack, sitefitJob, startStack, submit } from '../harness.ts';

const typical = loadRegistry(CONTRACT_DIRS)
  .get('sitefit', '1.0.0')!
  .examples.valid.find((e) => e.name === 'typical.json')!.inputs;

const metrics = createWorkerMetrics();
let stack: Stack;
before(async () => {
  stack = await startStack('pg', { onResult: metrics.onResult });
  metrics.watch(stack.worker!);
});
after(() => stack?.close());

/** The value of one sample line, e.g. sample(text, 'kuduso_jobs_accepted_total', {outcome: 'queued'}). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

test('api, AppServer and worker metrics after a job; bounded labels; worker readiness', async () => {
  const r = await submit(stack, sitefitJob(typical), { 'x-tenant-ignored': 'x' });
  assert.equal(r.status, 202);
  const jobId = String(r.body.job_id);
  await stack.waitFor(jobId, ['succeeded']);
  await stack.api.inject({ url: `/jobs/status/${jobId}` });
  await stack.api.inject({ url: '/no/such/route' });

  const api = (await stack.api.inject({ url: '/metrics' })).body;
  assert.ok(
    (sample(api, 'kuduso_http_request_duration_seconds_count', { route: '/jobs/run', status: '202' }) ?? 0) >=
      1,
  );
  assert.ok(
    (sample(api, 'kuduso_http_request_duration_seconds_count', { route: '/jobs/status/:id' }) ?? 0) >= 1,
  );
  assert.ok((sample(api, 'kuduso_http_request_duration_seconds_count', { route: 'unmatched' }) ?? 0) >= 1);
  assert.equal(
    sample(api, 'kuduso_jobs_accepted_total', { definition: 'sitefit@1.0.0', outcome: 'queued' }),
    1,
  );
  assert.equal(sample(api, 'kuduso_queue_depth'), 0);
  assert.equal(sample(api, 'kuduso_jobs', { status: 'succeeded' }), 1);
  assert.ok(sample(api, 'kuduso_nodejs_eventloop_lag_seconds') !== undefined, 'event loop lag');

  const appserver = await (await fetch(`${stack.appserverUrl}/metrics`)).text();
  assert.equal(
    sample(appserver, 'kuduso_solve_duration_seconds_count', {
      engine: 'builtin',
      definition: 'sitefit@1.0.0',
      status: '200',
    }),
    1,
  );
  assert.equal(sample(appserver, 'kuduso_seats_in_use', { lane: 'batch' }), 0);
  assert.ok((sample(appserver, 'kuduso_seats_free', { lane: 'batch' }) ?? 0) >= 1);

  const health = await startWorkerHealthServer(
    { db: stack.db, probe: stack.queue, appServerUrl: stack.appserverUrl, metrics },
    0,
    '127.0.0.1',
  );
  try {
    // The worker reports a delivery after it settles the message, a moment after the job row is final.
    let worker = '';
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
      worker = await (await fetch(`${health.url}/metrics`)).text();
      if (sample(worker, 'kuduso_worker_deliveries_total', { outcome: 'succeeded' }) === 1) break;
    }
    assert.equal(
      sample(worker, 'kuduso_jobs_finished_total', { definition: 'sitefit@1.0.0', status: 'succeeded' }),
      1,
    );
    assert.equal(sample(worker, 'kuduso_worker_deliveries_total', { outcome: 'succeeded' }), 1);
    assert.equal(sample(worker, 'kuduso_worker_paused', { cause: 'appserver' }), 0);
    for (const text of [api, appserver, worker]) {
      const samples = text.split('\n').filter((l) => !l.startsWith('#'));
      assert.ok(!samples.some((l) => l.includes(jobId)), 'no job id in any label');
      assert.ok(!samples.some((l) => l.includes('tenant')), 'no tenant label');
    }
    const ready = await fetch(`${health.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual((await ready.json()).checks, { database: 'ok', queue: 'ok', appserver: 'ok' });
  } finally {
    await health.close();
  }
  const blind = await startWorkerHealthServer(
    { db: stack.db, probe: stack.queue, appServerUrl: 'http://127.0.0.1:9', metrics },
    0,
    '127.0.0.1',
  );
  try {
    const ready = await fetch(`${blind.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.deepEqual((await ready.json()).checks, { database: 'ok', queue: 'ok', appserver: 'unreachable' });
  } finally {
    await blind.close();
  }
});
