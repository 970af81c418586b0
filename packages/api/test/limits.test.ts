// Per-tenant limits through inject(): the submission rate limit is one bucket in PostgreSQL shared by two
// API instances (as two processes would), 429 with Retry-After and RateLimit-* headers; the cap on queued +
// running jobs; each tenant limited on its own. Real PostgreSQL and PGlite.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApi } from '@kuduso/api';
import { createFsBlobStore } from '@kuduso/blob';
import { loadRegistry } from '@kuduso/core/node';
import { TEST_DRIVERS } from '@kuduso/db/testing';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { CONTRACT_DIRS, mockJob, type Stack, startStack } from '../../../test/harness.ts';

const SECRET = 'limits-test-secret-0123456789-abcdefghijkl';
const tokenFor = (tenant: string) =>
  new SignJWT({ tenant_id: tenant })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`user-${tenant}`)
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRET));

for (const driver of TEST_DRIVERS) {
  describe(`per-tenant limits on ${driver}`, () => {
    let stack: Stack;
    let second: FastifyInstance;
    before(async () => {
      stack = await startStack(driver, {
        worker: false,
        env: {
          AUTH_MODE: 'jwt',
          JWT_SECRET: SECRET,
          RATE_LIMIT_PER_MIN: '6',
          RATE_LIMIT_BURST: '4',
          TENANT_MAX_ACTIVE_JOBS: '3',
          RESULT_CACHE_TTL: '0',
        },
      });
      second = await buildApi({
        config: stack.config,
        registry: loadRegistry(CONTRACT_DIRS),
        db: stack.db,
        queue: stack.queue,
        blob: createFsBlobStore(stack.config.blobDir),
        logger: stack.logFor('api-2'),
        signingSecret: 'test-secret',
      });
    });
    after(async () => {
      await second?.close();
      await stack.close();
    });

    const run = (api: FastifyInstance, token: string, n: number) =>
      api.inject({
        method: 'POST',
        url: '/jobs/run',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        payload: JSON.stringify(mockJob({ value: n })),
      });

    test('a flood of concurrent submissions is taken from the bucket together: exactly the burst gets through', async () => {
      const t = await tokenFor('rate-flood');
      // 12 at once, the instances sharing one bucket of 4; the jobs' cap (3 active) refuses the 4th token-holder.
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => run(i % 2 ? stack.api : second, t, 100 + i)),
      );
      const codes = answers.map((a) => (a.statusCode === 202 ? 'accepted' : a.json().code)).sort();
      assert.deepEqual(codes, [
        ...Array(8).fill('RATE_LIMITED'),
        'TOO_MANY_ACTIVE_JOBS',
        'accepted',
        'accepted',
        'accepted',
      ]);
      for (const a of answers.filter((x) => x.statusCode === 429 && x.json().code === 'RATE_LIMITED')) {
        assert.equal(a.headers['ratelimit-remaining'], '0');
        assert.ok(Number(a.headers['retry-after']) >= 1);
      }
    });

    test('the rate limit holds across two API instances, then answers 429 with Retry-After', async () => {
      const t = await tokenFor('rate-a');
      const statuses: number[] = [];
      const first = await run(stack.api, t, 1);
      statuses.push(first.statusCode);
      assert.equal(first.headers['ratelimit-limit'], '4');
      assert.equal(first.headers['ratelimit-remaining'], '3');
      assert.equal(first.headers['ratelimit-policy'], '4;w=40');
      for (let i = 2; i <= 5; i++) statuses.push((await run(i % 2 ? stack.api : second, t, i)).statusCode);
      // 4 tokens in the shared bucket: the cap (3 active) refuses the 4th, the bucket the 5th.
      assert.deepEqual(statuses, [202, 202, 202, 429, 429]);
      const limited = await run(second, t, 6);
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.json().code, 'RATE_LIMITED');
      assert.equal(limited.headers['ratelimit-remaining'], '0');
      const retry = Number(limited.headers['retry-after']);
      assert.ok(retry >= 1 && retry <= 10, `Retry-After ${retry}`);
      assert.ok(Number(limited.headers['ratelimit-reset']) >= retry);
    });

    test('the cap on queued + running jobs is per tenant', async () => {
      const t = await tokenFor('cap-b');
      for (let i = 0; i < 3; i++) assert.equal((await run(stack.api, t, 100 + i)).statusCode, 202);
      const over = await run(second, t, 200);
      assert.equal(over.statusCode, 429);
      assert.equal(over.json().code, 'TOO_MANY_ACTIVE_JOBS');
      assert.ok(Number(over.headers['retry-after']) >= 1);
      const other = await run(stack.api, await tokenFor('cap-c'), 300);
      assert.equal(other.statusCode, 202, 'another tenant is not held back');
    });
  });
}
