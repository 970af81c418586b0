// Fuzzing the public API (fast-check, 10,000 generated requests through inject()): envelopes, headers and
// inputs with huge numbers, NaN-like strings, deep nesting, unicode, nulls and wrong types, with good, bad
// and missing tokens. Only 200/202 and the catalogue's 400/401/404/409/413/415/422/429 may come back (never a
// 5xx), the server still answers afterwards, and every accepted job reaches a terminal state through the
// real worker and AppServer. Real PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadRegistry } from '@kuduso/core/node';
import { findJobById } from '@kuduso/db';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { CONTRACT_DIRS, type Stack, startStack } from '../harness.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SECRET = 'fuzz-test-secret-0123456789-abcdefghijklmn';
const ALLOWED = new Set([200, 202, 400, 401, 404, 409, 413, 415, 422, 429]);

const typical = loadRegistry(CONTRACT_DIRS)
  .get('sitefit', '1.0.0')!
  .examples.valid.find((e) => e.name === 'typical.json')!.inputs as Record<string, unknown>;

let stack: Stack;
let tokens: string[];
before(async () => {
  stack = await startStack('pg', {
    env: {
      AUTH_MODE: 'jwt',
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      MAX_ATTEMPTS: '2',
      WORKER_CONCURRENCY: '4',
      APPSERVER_SEATS: '4',
    },
  });
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('fuzzer')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
  tokens = [await sign({ tenant_id: 'fuzz-a' }), await sign({ tenant_id: 'fuzz-b' })];
});
after(() => stack?.close());

const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: [nested(depth - 1)] });

/** Values of every wrong kind; never a small positive number (a valid tiny grid step would make a slow job). */
const weird = fc.oneof(
  fc.constantFrom(
    null,
    'NaN',
    'Infinity',
    '-0',
    '1e999',
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    -1,
    0,
    '',
    '\u0000',
    '\u202e\ud83d\ude00é',
    '\ud800',
    true,
    [],
    {},
    nested(40),
    nested(70),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
);

/** Mostly near-valid mock inputs (fast jobs that succeed or fail on purpose), some garbage. */
const mockInputs = fc.oneof(
  fc.record(
    {
      value: fc.oneof(fc.double(), fc.integer(), weird),
      delay_ms: fc.oneof(fc.integer({ min: 0, max: 20 }), weird),
      fail_first: fc.oneof(fc.integer({ min: 0, max: 2 }), weird),
      fail_always: fc.oneof(fc.boolean(), weird),
      // Not 429/503: those are outages, retried without counting, so a job failing with them always never ends.
      fail_status: fc.oneof(fc.constantFrom(400, 422, 500), weird),
      extra: weird,
    },
    { requiredKeys: [] },
  ),
  weird,
);

/** The typical sitefit inputs with one field replaced by a wrong value. */
const sitefitInputs = fc
  .record({
    key: fc.constantFrom('crs', 'parcel', 'house', 'rotation', 'grid_step', 'seed', 'surprise'),
    value: weird,
  })
  .map(({ key, value }) => ({ ...typical, [key]: value }));

const envelope = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      app_id: fc.constant('fuzz'),
      definition: fc.constant('mock'),
      version: fc.constant('1.0.0'),
      inputs: mockInputs,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      app_id: fc.constant('fuzz'),
      definition: fc.constant('sitefit'),
      version: fc.constant('1.0.0'),
      inputs: sitefitInputs,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        app_id: weird,
        definition: fc.oneof(fc.constantFrom('mock', 'sitefit', '../etc'), weird),
        version: fc.oneof(fc.constantFrom('1.0.0', '9.9.9'), weird),
        inputs: weird,
        priority: weird,
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: weird },
);

const request = fc.record({
  body: envelope,
  raw: fc.oneof(
    { weight: 9, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  ),
  auth: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(0, 1) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  ),
  idempotencyKey: fc.option(fc.oneof(fc.constantFrom('k1', 'k2'), fc.string({ maxLength: 300 })), {
    nil: undefined,
  }),
  correlationId: fc.option(fc.string({ unit: 'binary', maxLength: 200 }), { nil: undefined }),
  contentType: fc.constantFrom(
    'application/json',
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
  ),
});

/** Header values must be ISO-8859-1 without CR/LF for the HTTP layer to carry them at all. */
const headerSafe = (s: string) => s.replace(/[^\x20-\x7e]/g, '');

test(`${RUNS} generated requests: only catalogue statuses, no 5xx, every accepted job terminal`, {
  timeout: 300_000,
}, async () => {
  const accepted = new Set<string>();
  const seen = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const headers: Record<string, string> = { 'content-type': r.contentType };
      if (typeof r.auth === 'number') headers.authorization = `Bearer ${tokens[r.auth]}`;
      else if (r.auth !== undefined) headers.authorization = headerSafe(r.auth);
      if (r.idempotencyKey !== undefined) headers['idempotency-key'] = headerSafe(r.idempotencyKey);
      if (r.correlationId !== undefined) headers['x-correlation-id'] = headerSafe(r.correlationId);
      const res = await stack.api.inject({
        method: 'POST',
        url: '/jobs/run',
        headers,
        payload: r.raw ?? JSON.stringify(r.body) ?? 'null',
      });
      seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
      assert.ok(ALLOWED.has(res.statusCode), `status ${res.statusCode}: ${res.body.slice(0, 300)}`);
      const body = res.json();
      if (res.statusCode >= 400) assert.equal(typeof body.code, 'string');
      else accepted.add(body.job_id);
    }),
    { numRuns: RUNS },
  );
  assert.ok((seen.get(202) ?? 0) > 0 && (seen.get(400) ?? 0) > 0, `a mix of outcomes: ${[...seen]}`);
  const live = await stack.api.inject({ url: '/livez' });
  assert.equal(live.statusCode, 200, 'the server is still up');
  const until = Date.now() + 120_000;
  for (const id of accepted) {
    for (;;) {
      const job = await findJobById(stack.db, id);
      if (job && ['succeeded', 'failed', 'cancelled'].includes(job.status)) break;
      assert.ok(Date.now() < until, `job ${id} is still ${job?.status} (${accepted.size} accepted)`);
      await new Promise((res) => setTimeout(res, 50));
    }
  }
});
