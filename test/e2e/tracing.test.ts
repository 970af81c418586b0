// One job is one trace: the API's span for POST /jobs/run, the worker's span for the delivery (its parent is
// the API's span, named by the `traceparent` stored in the queue message) and the AppServer's span for the
// solve (its parent is the worker's span, named by the `traceparent` header of the real HTTP call). The roles
// run in this process, but nothing carries the trace between them except the message and the header: the
// worker takes its parent from the message alone and the AppServer from the request headers alone (asserted
// here by reading the stored message). Spans go to an in-memory exporter.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { installMemoryTracing, type ReadableSpan } from '@kuduso/tracing/testing';
import { mockJob, type Stack, startStack, submit } from '../harness.ts';

const tracing = installMemoryTracing();
after(() => tracing.close());

const traceId = () => randomBytes(16).toString('hex');
const spanId = () => randomBytes(8).toString('hex');
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

async function spansOf(trace: string, names: string[]): Promise<Map<string, ReadableSpan>> {
  for (const until = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 50))) {
    const found = new Map(
      tracing
        .spans()
        .filter((s) => s.spanContext().traceId === trace)
        .map((s) => [s.name, s]),
    );
    if (names.every((n) => found.has(n)) || Date.now() > until) return found;
  }
}

/** Submits with a caller's traceparent and checks the job's three spans form one trace, parent to child. */
async function oneTrace(stack: Stack, value: number): Promise<{ trace: string; jobId: string }> {
  const trace = traceId();
  const caller = spanId();
  const r = await submit(stack, mockJob({ value }), { traceparent: `00-${trace}-${caller}-01` });
  assert.equal(r.status, 202);
  const jobId = String(r.body.job_id);
  assert.equal((await stack.waitFor(jobId, ['succeeded', 'failed'])).status, 'succeeded');
  const names = ['POST /jobs/run', 'job mock@1.0.0', 'POST /gh/:target/solve'];
  const spans = await spansOf(trace, names);
  const [api, worker, appserver] = names.map((n) => spans.get(n));
  assert.ok(api && worker && appserver, `spans of the trace: ${[...spans.keys()]}`);
  assert.equal(parentOf(api), caller, 'the API continues the caller');
  assert.equal(parentOf(worker), api.spanContext().spanId, 'the worker is a child of the API request');
  assert.equal(parentOf(appserver), worker.spanContext().spanId, 'the solve is a child of the delivery');
  assert.equal(worker.attributes['kuduso.job_id'], jobId);
  assert.equal(worker.attributes['kuduso.outcome'], 'succeeded');
  assert.equal(appserver.attributes['kuduso.job_id'], jobId);
  assert.equal(appserver.attributes['http.response.status_code'], 200);
  // Every role's log lines about the job carry the trace id beside the correlation id.
  const lines = stack.logs.filter((l) => l.job_id === jobId);
  for (const role of ['api', 'worker', 'appserver']) {
    const mine = lines.filter((l) => l.role === role);
    assert.ok(mine.length > 0, `${role} logged the job`);
    for (const l of mine) {
      assert.equal(l.trace_id, trace, `${role}: ${l.msg}`);
      assert.equal(typeof l.span_id, 'string');
      assert.equal(typeof l.correlation_id, 'string');
    }
  }
  return { trace, jobId };
}

describe('tracing on pg-boss', { timeout: 60_000 }, () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack('pg');
  });
  after(() => stack?.close());

  test('POST -> queue message -> worker -> AppServer is one trace', async () => {
    const { trace, jobId } = await oneTrace(stack, 1);
    const { rows } = await stack.db.executeSql<{ data: { traceparent?: string } }>(
      "SELECT data FROM pgboss.job WHERE data->>'job_id' = $1",
      [jobId],
    );
    assert.ok(rows.length >= 1, 'the pg-boss message');
    assert.match(String(rows[0].data.traceparent), new RegExp(`^00-${trace}-[0-9a-f]{16}-01$`));
  });

  test('an incoming traceparent is continued; a malformed one is ignored (new trace, no error)', async () => {
    const given = traceId();
    const ok = await submit(stack, mockJob({ value: 2 }), { traceparent: `00-${given}-${spanId()}-01` });
    assert.equal(ok.status, 202);
    const continued = (await spansOf(given, ['POST /jobs/run'])).get('POST /jobs/run');
    assert.ok(continued, 'the API span is in the caller trace');

    const bads = ['00-zz-11-01', `00-${'0'.repeat(32)}-${spanId()}-01`, `ff-${given}-${spanId()}-01`, 'x'];
    for (const [i, bad] of bads.entries()) {
      tracing.reset();
      const r = await submit(stack, mockJob({ value: 10 + i }), { traceparent: bad });
      assert.equal(r.status, 202, bad);
      await stack.waitFor(String(r.body.job_id), ['succeeded']);
      const api = tracing.spans().find((s) => s.name === 'POST /jobs/run');
      assert.ok(api, `a span for ${bad}`);
      assert.equal(api.parentSpanContext, undefined, `${bad}: a root span`);
      assert.notEqual(api.spanContext().traceId, given);
      assert.match(api.spanContext().traceId, /^[0-9a-f]{32}$/);
      assert.notEqual(api.spanContext().traceId, '0'.repeat(32));
    }
  });

  test("the API's preview call to the AppServer carries the request's span (active in the handler)", async () => {
    const trace = traceId();
    const r = await stack.api.inject({
      method: 'POST',
      url: '/preview/mock:1.0.0',
      headers: { 'content-type': 'application/json', traceparent: `00-${trace}-${spanId()}-01` },
      payload: JSON.stringify({ inputs: { value: 21 } }),
    });
    assert.equal(r.statusCode, 200, r.body);
    // The API's span ends after the AppServer's (it waits for its answer): wait for both.
    let both: ReadableSpan[] = [];
    for (const until = Date.now() + 10_000; both.length < 2 && Date.now() < until; ) {
      await new Promise((res) => setTimeout(res, 20));
      both = tracing
        .spans()
        .filter((s) => s.spanContext().traceId === trace && s.name === 'POST /preview/:target');
    }
    assert.equal(both.length, 2, 'one span in the API, one in the AppServer');
    const [x, y] = both;
    const child = parentOf(x) === y.spanContext().spanId ? x : y;
    const parent = child === x ? y : x;
    assert.equal(
      parentOf(child),
      parent.spanContext().spanId,
      'the AppServer span is a child of the API span',
    );
  });

  test('status reads get spans too; probes and /metrics do not', async () => {
    tracing.reset();
    const trace = traceId();
    await stack.api.inject({ url: '/livez', headers: { traceparent: `00-${trace}-${spanId()}-01` } });
    await stack.api.inject({ url: '/metrics', headers: { traceparent: `00-${trace}-${spanId()}-01` } });
    const r = await stack.api.inject({
      url: '/jobs?limit=1',
      headers: { traceparent: `00-${trace}-${spanId()}-01` },
    });
    assert.equal(r.statusCode, 200);
    assert.deepEqual(
      tracing
        .spans()
        .filter((s) => s.spanContext().traceId === trace)
        .map((s) => s.name),
      ['GET /jobs'],
    );
  });
});

describe('tracing through the outbox and RabbitMQ', { timeout: 60_000 }, () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack('pg', {
      env: {
        QUEUE_BACKEND: 'rabbitmq',
        RABBITMQ_URL: process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
        QUEUE_NAME: `kuduso-test-${randomBytes(5).toString('hex')}`,
      },
    });
  });
  after(() => stack?.close());

  test('the outbox row and the broker message carry the traceparent: one trace', async () => {
    const { trace, jobId } = await oneTrace(stack, 4);
    const { rows } = await stack.db.executeSql<{ payload: { message: { traceparent?: string } } }>(
      "SELECT payload FROM outbox WHERE payload->'message'->>'job_id' = $1",
      [jobId],
    );
    assert.equal(rows.length, 1);
    assert.match(String(rows[0].payload.message.traceparent), new RegExp(`^00-${trace}-`));
  });
});
