// The API while its database is frozen or cut off (a proxy in front of a fresh database on the real server):
// every route that needs the database answers 503 DATABASE_UNAVAILABLE with Retry-After, never 500 and never a
// hang; /readyz fails on time with the reason; a 503'd submission leaves no job; all of it heals by itself.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createFsBlobStore } from '@kuduso/blob';
import { parseConfig } from '@kuduso/core';
import { createLogger, loadRegistry } from '@kuduso/core/node';
import { createPgDb, type Db, migrate } from '@kuduso/db';
import { createTestDatabase, type FaultProxy, startFaultProxy, type TestDatabase } from '@kuduso/db/testing';
import { createPgBossQueue, type PgBossQueue } from '@kuduso/queue';
import type { FastifyInstance } from 'fastify';
import { CONTRACT_DIRS } from '../../../test/harness.ts';
import { buildApi } from '../src/index.ts';

const job = { app_id: 'tests', definition: 'mock', version: '1.0.0', inputs: { value: 7 } };

describe('API during a database outage', () => {
  let tdb: TestDatabase;
  let proxy: FaultProxy;
  let db: Db;
  let queue: PgBossQueue;
  let api: FastifyInstance;
  let dataDir: string;

  before(async () => {
    tdb = await createTestDatabase();
    proxy = await startFaultProxy(tdb.url);
    dataDir = await mkdtemp(join(tmpdir(), 'kuduso-outage-'));
    const direct = createPgDb(tdb.url);
    await migrate(direct);
    await direct.close();
    // Short enough to keep the test quick, long enough for a loaded machine while the proxy is not frozen.
    db = createPgDb(proxy.url, { connectTimeoutMs: 2000, queryTimeoutMs: 3000, statementTimeoutMs: 2500 });
    queue = createPgBossQueue({ db, leaseSec: 10, onError: () => {} });
    await queue.start();
    const config = parseConfig({ KUDUSO_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, 'dev');
    api = await buildApi(
      {
        config,
        registry: loadRegistry(CONTRACT_DIRS),
        db,
        queue,
        blob: createFsBlobStore(config.blobDir),
        logger: createLogger('api', 'silent'),
        signingSecret: 'outage-secret',
      },
      { devMode: true },
    );
  });

  after(async () => {
    proxy?.thaw();
    proxy?.restore();
    await api?.close();
    await queue?.stop();
    await db?.close();
    await proxy?.close();
    await tdb?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const post = (idempotencyKey?: string) =>
    api.inject({
      method: 'POST',
      url: '/jobs/run',
      headers: {
        'content-type': 'application/json',
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      payload: JSON.stringify(job),
    });

  async function assertAllUnavailable(knownJob: string): Promise<void> {
    const routes = [
      { method: 'POST' as const, url: '/jobs/run' },
      { method: 'GET' as const, url: `/jobs/status/${knownJob}` },
      { method: 'GET' as const, url: `/jobs/result/${knownJob}` },
      { method: 'GET' as const, url: `/jobs/status/${randomUUID()}` },
      { method: 'GET' as const, url: '/admin/dead-letters' },
    ];
    const answers = await Promise.all(
      routes.map((r) =>
        api.inject({
          ...r,
          headers: r.method === 'POST' ? { 'content-type': 'application/json' } : {},
          payload: r.method === 'POST' ? JSON.stringify(job) : undefined,
        }),
      ),
    );
    for (const [i, res] of answers.entries()) {
      const what = `${routes[i].method} ${routes[i].url}`;
      assert.equal(res.statusCode, 503, `${what}: ${res.body}`);
      assert.equal(res.json().code, 'DATABASE_UNAVAILABLE', what);
      assert.ok(Number(res.headers['retry-after']) >= 1, `${what} has Retry-After`);
    }
    const ready = await api.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 503);
    assert.equal(ready.json().code, 'NOT_READY');
    // The database's own timeout or the probe's (2 s), whichever ends first.
    assert.match(ready.json().reason, /database error: (DATABASE_UNAVAILABLE|no answer within)/);
    assert.ok(Number(ready.headers['retry-after']) >= 1);
  }

  async function jobCount(): Promise<number> {
    const { rows } = await db.executeSql<{ n: number }>('SELECT count(*)::int AS n FROM job');
    return rows[0].n;
  }

  test('frozen: 503 DATABASE_UNAVAILABLE everywhere, no job left behind, healed after the thaw', async () => {
    const first = await post();
    assert.equal(first.statusCode, 202, first.body);
    const known = first.json().job_id as string;
    const before = await jobCount();

    proxy.freeze();
    try {
      await assertAllUnavailable(known);
      // A burst while frozen: every answer is a 503 (none a 500, none left hanging).
      const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => post(`frozen-${i}`)));
      assert.deepEqual(
        [...new Set(burst.map((r) => `${r.statusCode} ${r.json().code}`))],
        ['503 DATABASE_UNAVAILABLE'],
      );
    } finally {
      proxy.thaw();
    }

    assert.equal(await jobCount(), before, 'no 503 answer created a job');
    assert.equal((await api.inject({ url: '/readyz' })).statusCode, 200);
    const again = await post('frozen-0');
    assert.equal(again.statusCode, 202, 'the key of a 503 submission was never taken');
    assert.equal((await api.inject({ url: `/jobs/status/${known}` })).statusCode, 200);
  });

  test('connections cut (crash, restart): 503 while down, 202 once it is back', async () => {
    const first = await post();
    assert.equal(first.statusCode, 202);
    proxy.drop();
    try {
      await assertAllUnavailable(first.json().job_id as string);
    } finally {
      proxy.restore();
    }
    assert.equal((await post()).statusCode, 202);
    assert.equal((await api.inject({ url: '/readyz' })).statusCode, 200);
  });
});
