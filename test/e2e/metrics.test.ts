// Metrics of the three roles after a real job (api -> queue -> worker -> AppServer), scraped in Prometheus
// format: HTTP durations by route template, submissions and finished jobs by definition, solve durations by
// engine, seats per lane, queue depth, event loop lag; and no tenant or job id in any label. The worker's own
// listener answers /readyz with what it can reach.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { loadRegistry } from '@kuduso/core/node';
import { createWorkerMetrics, startWorkerHealthServer } from '@kuduso/worker';
import { CONTRACT_DIRS, mockJob, type Stack, sitefitJob, startStack, submit } from '../harness.ts';

const typical = loadRegistry(CONTRACT_DIRS)
  .get('sitefit', '1.0.0')!
  .examples.valid.find((e) => e.name === 'typical.json')!.inputs;

const metrics = createWorkerMetrics();
let stack: Stack;
before(async () => {
  stack = await startStack('pg', { onResult: metrics.onResult, onStarted: metrics.onStarted });
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
    // Time in queue: one observation (the first start), from submission to start, seconds not hours.
    const queued = { definition: 'sitefit@1.0.0' };
    assert.equal(sample(worker, 'kuduso_job_queue_seconds_count', queued), 1);
    const inQueue = sample(worker, 'kuduso_job_queue_seconds_sum', queued) ?? -1;
    assert.ok(inQueue >= 0 && inQueue < 60, `time in queue ${inQueue} s`);
    assert.equal(sample(worker, 'kuduso_job_queue_seconds_bucket', { ...queued, le: '+Inf' }), 1);
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

describe('outbox lag (a broker backend)', { timeout: 60_000 }, () => {
  let broker: Stack;
  before(async () => {
    broker = await startStack('pg', {
      env: {
        QUEUE_BACKEND: 'rabbitmq',
        RABBITMQ_URL: process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
        QUEUE_NAME: `kuduso-test-${randomBytes(5).toString('hex')}`,
      },
    });
  });
  after(() => broker?.close());

  test('kuduso_outbox_pending and kuduso_outbox_lag_seconds: the relay stopped, then running again', async () => {
    const scrape = async () => (await broker.api.inject({ url: '/metrics' })).body;
    assert.equal(sample(await scrape(), 'kuduso_outbox_pending'), 0);
    assert.equal(sample(await scrape(), 'kuduso_outbox_lag_seconds'), 0);
    const relay = broker.services.relay!;
    await relay.stop();
    const r = await submit(broker, mockJob({ value: 5 }));
    assert.equal(r.status, 202);
    await new Promise((res) => setTimeout(res, 1100));
    const stuck = await scrape();
    assert.equal(sample(stuck, 'kuduso_outbox_pending'), 1);
    const lag = sample(stuck, 'kuduso_outbox_lag_seconds') ?? -1;
    assert.ok(lag >= 1 && lag < 60, `lag ${lag} s`);
    relay.start();
    await broker.waitFor(String(r.body.job_id), ['succeeded']);
    const drained = await scrape();
    assert.equal(sample(drained, 'kuduso_outbox_pending'), 0);
    assert.equal(sample(drained, 'kuduso_outbox_lag_seconds'), 0);
  });

  test('pg-boss has no outbox series', async () => {
    const text = (await stack.api.inject({ url: '/metrics' })).body;
    assert.equal(sample(text, 'kuduso_outbox_pending'), undefined);
  });
});
