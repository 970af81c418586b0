// The solve pipeline through the mock engine: seats, timeouts, failures on request, limits, auth, bad bodies.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { makeApp, post, sleep } from './helpers.ts';

const MOCK = 'mock:1.0.0';

describe('mock engine through /gh/mock:1.0.0/solve', () => {
  const t = makeApp({ seats: 2 });
  after(() => t.close());

  test('echoes the value, validates outputs and stores its artifact', async () => {
    const res = await post(t.app, MOCK, { value: 42 }, { 'x-job-id': 'job-echo' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(body.outputs.results, [{ id: 'r1', value: 42, attempt: 1 }]);
    assert.deepEqual(body.outputs.artifacts, []);
    assert.equal(body.outputs.metadata.engine, 'mock');
    assert.equal(body.artifacts.length, 1);
    const a = body.artifacts[0];
    assert.equal(a.key, 'jobs/job-echo/echo.json');
    const stored = await t.blob.get(a.key);
    assert.ok(stored);
    assert.equal(stored.body.byteLength, a.size_bytes);
    assert.equal(JSON.parse(new TextDecoder().decode(stored.body)).value, 42);
    assert.match(a.checksum, /^[0-9a-f]{64}$/);
  });

  test('fail_first fails the first solve of a job, then succeeds for the same x-job-id', async () => {
    const inputs = { value: 7, fail_first: 1, fail_status: 503 };
    const first = await post(t.app, MOCK, inputs, { 'x-job-id': 'job-flaky' });
    assert.equal(first.statusCode, 503);
    assert.equal(first.json().code, 'UPSTREAM_UNAVAILABLE');
    const second = await post(t.app, MOCK, inputs, { 'x-job-id': 'job-flaky' });
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.json().outputs.results[0].attempt, 2);
    // Another job starts its own count.
    const other = await post(t.app, MOCK, inputs, { 'x-job-id': 'job-flaky-2' });
    assert.equal(other.statusCode, 503);
  });

  test('fail_status maps to the catalogue: 400, 422, 429 (+Retry-After), 500, 502', async () => {
    const cases: [number, string][] = [
      [400, 'VALIDATION_FAILED'],
      [422, 'DOMAIN_INVALID'],
      [429, 'NO_FREE_SEAT'],
      [500, 'ENGINE_FAILED'],
      [502, 'ENGINE_FAILED'],
    ];
    for (const [status, code] of cases) {
      const res = await post(t.app, MOCK, { value: 1, fail_always: true, fail_status: status });
      assert.equal(res.statusCode, status, res.body);
      assert.equal(res.json().code, code);
      if (status === 429) assert.equal(res.headers['retry-after'], '1');
      if (status === 422) assert.equal(res.json().field, '/fail_status');
    }
  });

  test('contract validation: 400 with the field-error list', async () => {
    const res = await post(t.app, MOCK, { value: 'x', extra: true });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.code, 'VALIDATION_FAILED');
    const fields = body.errors.map((e: { field: string }) => e.field).sort();
    assert.deepEqual(fields, ['/extra', '/value']);
  });

  test('max_vertices -> 422 MANIFEST_LIMIT naming the field', async () => {
    const res = await post(t.app, MOCK, { value: 1, vertices: 1001 });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().code, 'MANIFEST_LIMIT');
    assert.equal(res.json().field, '/vertices');
    const ok = await post(t.app, MOCK, { value: 1, vertices: 1000 });
    assert.equal(ok.statusCode, 200);
  });

  test('unknown definition or version -> 404 UNKNOWN_DEFINITION', async () => {
    for (const target of ['nope:1.0.0', 'mock:9.9.9', 'mock', 'mock:']) {
      const res = await post(t.app, target, { value: 1 });
      assert.equal(res.statusCode, 404, target);
      assert.equal(res.json().code, 'UNKNOWN_DEFINITION');
    }
  });

  test('garbage bodies answer 400/413/415 JSON, never 500', async () => {
    const bodies: [string, string | undefined, number][] = [
      ['{not json', 'application/json', 400],
      ['', 'application/json', 400],
      ['[]', 'application/json', 400],
      ['[1,2,3]', 'application/json', 400],
      ['null', 'application/json', 400],
      ['"just a string"', 'application/json', 400],
      ['42', 'application/json', 400],
      ['{"value": 1e999}', 'application/json', 400],
      ['{"__proto__": {"polluted": true}, "value": 1}', 'application/json', 400],
      [`[${'['.repeat(5000)}${']'.repeat(5000)}]`, 'application/json', 400],
      ['value=1', 'application/x-www-form-urlencoded', 415],
      ['hello', 'text/plain', 415],
      [JSON.stringify({ value: 1, key: 'x'.repeat(2 * 1024 * 1024) }), 'application/json', 413],
    ];
    for (const [payload, type, status] of bodies) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/gh/${MOCK}/solve`,
        headers: type ? { 'content-type': type } : {},
        payload,
      });
      assert.equal(res.statusCode, status, `${payload.slice(0, 40)} -> ${res.body}`);
      assert.match(String(res.headers['content-type']), /application\/json/);
      assert.equal(typeof res.json().code, 'string');
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('an x-job-id that is not a safe id -> 400 INVALID_HEADER', async () => {
    const res = await post(t.app, MOCK, { value: 1 }, { 'x-job-id': '../../etc' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'INVALID_HEADER');
  });

  test('health, livez, readyz, definitions', async () => {
    const health = (await t.app.inject('/health')).json();
    assert.equal(health.status, 'ok');
    assert.equal(health.service, 'appserver');
    assert.deepEqual({ total: health.seats.total, in_use: health.seats.in_use }, { total: 2, in_use: 0 });
    assert.ok(health.definitions.includes('mock@1.0.0'));
    assert.ok(health.definitions.includes('sitefit@1.0.0'));
    assert.equal((await t.app.inject('/livez')).statusCode, 200);
    const ready = await t.app.inject('/readyz');
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().checks.blob, 'ok');
    const defs = (await t.app.inject('/definitions')).json().definitions;
    const mock = defs.find((d: { id: string }) => d.id === 'mock@1.0.0');
    assert.equal(mock.engine, 'mock');
    assert.deepEqual(mock.limits, { timeout_sec: 2, max_vertices: 1000, max_results: 5 });
    const unknownRoute = await t.app.inject('/nope');
    assert.equal(unknownRoute.statusCode, 404);
    assert.equal(unknownRoute.json().code, 'NOT_FOUND');
  });
});

describe('seats and timeouts', () => {
  test('seats full -> 429 NO_FREE_SEAT with Retry-After; the seat is free again afterwards', async () => {
    const t = makeApp({ seats: 1 });
    try {
      // Long enough that the second request surely arrives while it runs, short of the mock's 2 s timeout.
      const slow = post(t.app, MOCK, { value: 1, delay_ms: 1500 });
      // Wait until the slow solve holds the only seat.
      while (t.seats.inUse() === 0) await sleep(5);
      const busy = await post(t.app, MOCK, { value: 2 });
      assert.equal(busy.statusCode, 429);
      assert.equal(busy.json().code, 'NO_FREE_SEAT');
      assert.equal(busy.headers['retry-after'], '1');
      assert.equal((await slow).statusCode, 200);
      assert.equal(t.seats.inUse(), 0);
      assert.equal((await post(t.app, MOCK, { value: 3 })).statusCode, 200);
    } finally {
      await t.close();
    }
  });

  test('engine timeout -> 504 ENGINE_TIMEOUT, the engine stops, and the seat is free again', async () => {
    // The mock's manifest says 2 s; 0.2 s keeps the test short and exercises the same code.
    const t = makeApp({ seats: 1, manifest: { 'mock@1.0.0': { timeout_sec: 0.2 } } });
    try {
      const res = await post(t.app, MOCK, { value: 1, delay_ms: 60_000 }, { 'x-job-id': 'job-slow' });
      assert.equal(res.statusCode, 504);
      assert.equal(res.json().code, 'ENGINE_TIMEOUT');
      // Which limit, and what to change: the worker copies both into the job's last_error.
      assert.equal(res.json().limit, 'timeout_sec');
      assert.equal(res.json().max, 0.2);
      assert.match(res.json().hint, /reduce the work/);
      assert.equal(t.seats.inUse(), 0);
      const next = await post(t.app, MOCK, { value: 2 });
      assert.equal(next.statusCode, 200);
      const line = t.logs.find((l) => l.msg === 'solve failed' && l.job_id === 'job-slow');
      assert.equal(line?.code, 'ENGINE_TIMEOUT');
    } finally {
      await t.close();
    }
  });

  test('the real mock manifest timeout (2 s) applies', async () => {
    const t = makeApp({ seats: 1 });
    try {
      const res = await post(t.app, MOCK, { value: 1, delay_ms: 10_000 });
      assert.equal(res.statusCode, 504);
      assert.equal(t.seats.inUse(), 0);
    } finally {
      await t.close();
    }
  });

  test('closing the AppServer aborts running solves with a retryable 503', async () => {
    const t = makeApp({ seats: 1 });
    const pending = post(t.app, MOCK, { value: 1, delay_ms: 60_000 });
    while (t.seats.inUse() === 0) await sleep(5);
    await t.close();
    const res = await pending;
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().code, 'UPSTREAM_UNAVAILABLE');
    assert.equal(t.seats.inUse(), 0);
  });
});

describe('service token', () => {
  const t = makeApp({ token: 's3cret-token' });
  after(() => t.close());

  test('missing or wrong token -> 401; right token -> 200; probes stay open', async () => {
    const none = await post(t.app, MOCK, { value: 1 });
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().code, 'UNAUTHORIZED');
    assert.equal(none.headers['www-authenticate'], 'Bearer');
    const wrong = await post(t.app, MOCK, { value: 1 }, { authorization: 'Bearer nope' });
    assert.equal(wrong.statusCode, 401);
    // Auth comes before parsing: an unauthenticated garbage body is still a 401.
    const garbage = await post(t.app, MOCK, '{oops', {});
    assert.equal(garbage.statusCode, 401);
    const ok = await post(t.app, MOCK, { value: 1 }, { authorization: 'Bearer s3cret-token' });
    assert.equal(ok.statusCode, 200);
    assert.equal((await t.app.inject('/health')).statusCode, 200);
    assert.ok(!JSON.stringify(t.logs).includes('s3cret-token'), 'the token must never be logged');
  });
});
