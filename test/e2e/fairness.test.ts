// Fair queueing between tenants through the whole system: tenant A submits a burst, then tenant B one job; with
// a single worker slot, B's job is served after at most a couple of A's jobs instead of after the whole burst
// (the queue priority ranks each job by its position among its tenant's queued jobs). Ordering, not timing:
// compared by which jobs ended before B's. Real PostgreSQL, worker and AppServer.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findJobById } from '@kuduso/db';
import { SignJWT } from 'jose';
import { mockJob, type Stack, startStack } from '../harness.ts';

const SECRET = 'fairness-test-secret-0123456789-abcdefghij';
const BURST = 12;

let stack: Stack;
before(async () => {
  stack = await startStack('pg', {
    env: { AUTH_MODE: 'jwt', JWT_SECRET: SECRET, WORKER_CONCURRENCY: '1', APPSERVER_SEATS: '1' },
  });
});
after(() => stack?.close());

const tokenFor = (tenant: string) =>
  new SignJWT({ tenant_id: tenant })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(tenant)
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRET));

async function submitAs(token: string, value: number): Promise<string> {
  const r = await stack.api.inject({
    method: 'POST',
    url: '/jobs/run',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    payload: JSON.stringify(mockJob({ value, delay_ms: 100 })),
  });
  assert.equal(r.statusCode, 202, r.body);
  return r.json().job_id;
}

test("one tenant's burst does not make another tenant's single job wait behind it", {
  timeout: 60_000,
}, async () => {
  const [a, b] = [await tokenFor('burst-a'), await tokenFor('single-b')];
  const burst: string[] = [];
  for (let i = 0; i < BURST; i++) burst.push(await submitAs(a, i));
  const single = await submitAs(b, 1000);
  const ended = new Map<string, number>();
  for (const id of [...burst, single]) {
    const job = await stack.waitFor(id, ['succeeded'], 40_000);
    ended.set(id, job.ended_at!.getTime());
  }
  const before = burst.filter((id) => ended.get(id)! <= ended.get(single)!).length;
  assert.ok(before <= 3, `${before} of A's ${BURST} jobs ended before B's single job`);
  assert.equal((await findJobById(stack.db, single))?.status, 'succeeded');
});
