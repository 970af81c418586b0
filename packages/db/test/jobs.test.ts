import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  countJobsByStatus,
  type Db,
  findJob,
  findJobById,
  findJobByIdempotencyKey,
  findRecentSuccess,
  insertJob,
  type JobRow,
  markCancelled,
  markFailed,
  markQueued,
  markRunning,
  markSucceeded,
  type NewJob,
} from '@kuduso/db';
import { openTestDb, TEST_DRIVERS, type TestDb } from '@kuduso/db/testing';

function newJob(over: Partial<NewJob> = {}): NewJob {
  return {
    app_id: 'app',
    definition: 'sitefit',
    version: '1.0.0',
    inputs_hash: `hash-${randomUUID()}`,
    payload_json: { crs: 'EPSG:3857', seed: 1, rotation: { min: 0, max: 180, step: 5 } },
    correlation_id: `corr-${randomUUID()}`,
    ...over,
  };
}

async function insert(db: Db, over: Partial<NewJob> = {}): Promise<JobRow> {
  const row = await insertJob(db, newJob(over));
  assert.ok(row);
  return row;
}

for (const driver of TEST_DRIVERS) {
  describe(`jobs on ${driver}`, () => {
    let t: TestDb;
    let db: Db;
    before(async () => {
      t = await openTestDb(driver);
      db = t.db;
    });
    after(() => t?.close());

    it('inserts a queued job with defaults and typed columns', async () => {
      const input = newJob({ idempotency_key: 'k-1', request_hash: 'rh-1', priority: 3 });
      const row = await insertJob(db, input);
      assert.ok(row);
      assert.match(row.id, /^[0-9a-f-]{36}$/);
      assert.equal(row.tenant_id, 'public');
      assert.equal(row.status, 'queued');
      assert.equal(row.attempts, 0);
      assert.equal(row.priority, 3);
      assert.deepEqual(row.payload_json, input.payload_json);
      assert.equal(row.correlation_id, input.correlation_id);
      assert.equal(row.idempotency_key, 'k-1');
      assert.equal(row.request_hash, 'rh-1');
      assert.equal(row.last_error, null);
      assert.ok(row.created_at instanceof Date && row.updated_at instanceof Date);
      assert.equal(row.started_at, null);
      assert.equal(row.ended_at, null);
    });

    it('takes the id given by the caller', async () => {
      const id = randomUUID();
      const row = await insert(db, { id, tenant_id: 't-id' });
      assert.equal(row.id, id);
    });

    it('stores a payload that is a JSON array or holds nested arrays unchanged', async () => {
      const payload = [
        {
          coordinates: [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        },
        'x',
        1.25,
        null,
      ];
      const row = await insert(db, { payload_json: payload });
      assert.deepEqual((await findJobById(db, row.id))!.payload_json, payload);
    });

    it('finds a job only within its tenant', async () => {
      const row = await insert(db, { tenant_id: 'tenant-1' });
      assert.equal((await findJob(db, 'tenant-1', row.id))?.id, row.id);
      assert.equal(await findJob(db, 'tenant-2', row.id), null);
      assert.equal((await findJobById(db, row.id))?.id, row.id);
      assert.equal(await findJobById(db, randomUUID()), null);
    });

    it('returns null for a reused idempotency key, per tenant, and finds the first job by it', async () => {
      const first = await insert(db, { tenant_id: 'tenant-k', idempotency_key: 'same', request_hash: 'r1' });
      const second = await insertJob(db, newJob({ tenant_id: 'tenant-k', idempotency_key: 'same' }));
      assert.equal(second, null);
      const other = await insertJob(db, newJob({ tenant_id: 'tenant-other', idempotency_key: 'same' }));
      assert.ok(other);
      const found = await findJobByIdempotencyKey(db, 'tenant-k', 'same');
      assert.equal(found?.id, first.id);
      assert.equal(found?.request_hash, 'r1');
      assert.equal(await findJobByIdempotencyKey(db, 'tenant-k', 'unknown'), null);
      // Jobs without a key never conflict.
      assert.ok(await insertJob(db, newJob({ tenant_id: 'tenant-k' })));
      assert.ok(await insertJob(db, newJob({ tenant_id: 'tenant-k' })));
    });

    it('walks queued -> running -> queued (retry) -> running -> succeeded', async () => {
      const job = await insert(db);
      const r1 = await markRunning(db, job.id);
      assert.equal(r1?.status, 'running');
      assert.equal(r1?.attempts, 1);
      assert.ok(r1?.started_at instanceof Date);
      const q = await markQueued(db, job.id, 'appserver answered 503');
      assert.equal(q?.status, 'queued');
      assert.equal(q?.last_error, 'appserver answered 503');
      assert.equal(q?.attempts, 1);
      const r2 = await markRunning(db, job.id);
      assert.equal(r2?.attempts, 2);
      const done = await markSucceeded(db, job.id);
      assert.equal(done?.status, 'succeeded');
      assert.ok(done?.ended_at instanceof Date);
      assert.ok(done!.updated_at.getTime() >= job.updated_at.getTime());
    });

    it('lets a redelivered message claim a job that is still running (a worker died): not an attempt, an unsettled delivery', async () => {
      const job = await insert(db);
      await markRunning(db, job.id);
      const again = await markRunning(db, job.id);
      assert.equal(again?.status, 'running');
      assert.equal(again?.attempts, 1, 'the crash is not the job failing (issue 7)');
      assert.equal(again?.unsettled_deliveries, 1);
      const third = await markRunning(db, job.id);
      assert.equal(third?.unsettled_deliveries, 2);
    });

    it('hands a job back without counting the attempt when asked (outage, shutdown)', async () => {
      const job = await insert(db);
      await markRunning(db, job.id);
      const q = await markQueued(db, job.id, 'AppServer unreachable', { refundAttempt: true });
      assert.equal(q?.attempts, 0);
      assert.equal(q?.status, 'queued');
      const r = await markRunning(db, job.id);
      assert.equal(r?.attempts, 1);
    });

    it('refuses transitions out of a finished job', async () => {
      const job = await insert(db);
      await markRunning(db, job.id);
      await markSucceeded(db, job.id);
      assert.equal(await markRunning(db, job.id), null);
      assert.equal(await markQueued(db, job.id, 'x'), null);
      assert.equal(await markFailed(db, job.id, 'x'), null);
      assert.equal(await markSucceeded(db, job.id), null);
      assert.equal(await markCancelled(db, 'public', job.id), null);
      const row = await findJobById(db, job.id);
      assert.equal(row?.status, 'succeeded');
      assert.equal(row?.attempts, 1);
    });

    it('succeeds and hands back only from running; fails from queued or running', async () => {
      const queued = await insert(db);
      assert.equal(await markSucceeded(db, queued.id), null);
      assert.equal(await markQueued(db, queued.id, 'x'), null);
      const failed = await markFailed(db, queued.id, 'poison: 422 infeasible');
      assert.equal(failed?.status, 'failed');
      assert.equal(failed?.last_error, 'poison: 422 infeasible');
      assert.ok(failed?.ended_at instanceof Date);
      assert.equal(await markRunning(db, queued.id), null);

      const running = await insert(db);
      await markRunning(db, running.id);
      const f2 = await markFailed(db, running.id, 'gave up after 5 attempts');
      assert.equal(f2?.status, 'failed');
      assert.equal(await markRunning(db, randomUUID()), null);
    });

    it('cancels an unfinished job of the tenant only', async () => {
      const job = await insert(db, { tenant_id: 'tenant-c' });
      assert.equal(await markCancelled(db, 'someone-else', job.id), null);
      const c = await markCancelled(db, 'tenant-c', job.id);
      assert.equal(c?.status, 'cancelled');
      assert.ok(c?.ended_at instanceof Date);
      assert.equal(await markRunning(db, job.id), null);
    });

    it('finds the newest recent success for the tenant and inputs, within the TTL only', async () => {
      const hash = `cache-${randomUUID()}`;
      assert.equal(await findRecentSuccess(db, 'tenant-r', hash, 300), null);
      const older = await insert(db, { tenant_id: 'tenant-r', inputs_hash: hash });
      await markRunning(db, older.id);
      await markSucceeded(db, older.id);
      const newer = await insert(db, { tenant_id: 'tenant-r', inputs_hash: hash });
      await markRunning(db, newer.id);
      await markSucceeded(db, newer.id);
      // Pin the end times so "newest" and "within the TTL" do not depend on the clock's resolution.
      await db.executeSql("UPDATE job SET ended_at = now() - interval '100 seconds' WHERE id = $1", [
        older.id,
      ]);
      await db.executeSql("UPDATE job SET ended_at = now() - interval '10 seconds' WHERE id = $1", [
        newer.id,
      ]);
      assert.equal((await findRecentSuccess(db, 'tenant-r', hash, 300))?.id, newer.id);
      assert.equal(await findRecentSuccess(db, 'tenant-r', hash, 5), null);
      assert.equal(await findRecentSuccess(db, 'tenant-other', hash, 300), null);
      // Failed and unfinished jobs with the same inputs are no cache hit.
      const hash2 = `cache-${randomUUID()}`;
      const failed = await insert(db, { tenant_id: 'tenant-r', inputs_hash: hash2 });
      await markFailed(db, failed.id, 'x');
      await insert(db, { tenant_id: 'tenant-r', inputs_hash: hash2 });
      assert.equal(await findRecentSuccess(db, 'tenant-r', hash2, 300), null);
      // A fractional TTL is accepted.
      assert.equal((await findRecentSuccess(db, 'tenant-r', hash, 10.5 + 1))?.id, newer.id);
    });

    it('counts jobs by status, every status present', async () => {
      await db.executeSql('DELETE FROM job');
      assert.deepEqual(await countJobsByStatus(db), {
        queued: 0,
        running: 0,
        succeeded: 0,
        failed: 0,
        cancelled: 0,
      });
      await insert(db);
      await insert(db);
      const r = await insert(db);
      await markRunning(db, r.id);
      const f = await insert(db);
      await markFailed(db, f.id, 'x');
      assert.deepEqual(await countJobsByStatus(db), {
        queued: 2,
        running: 1,
        succeeded: 0,
        failed: 1,
        cancelled: 0,
      });
    });

    it('works inside a transaction and leaves nothing when it rolls back', async () => {
      const id = randomUUID();
      await assert.rejects(
        db.transaction(async (tx) => {
          await insertJob(tx, newJob({ id }));
          assert.equal((await findJobById(tx, id))?.id, id);
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.equal(await findJobById(db, id), null);
    });
  });
}

describe('jobs on pg: concurrent inserts with one idempotency key', () => {
  let t: TestDb;
  before(async () => {
    t = await openTestDb('pg');
  });
  after(() => t?.close());

  it('create exactly one job', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.db.transaction((tx) => insertJob(tx, newJob({ tenant_id: 'race', idempotency_key: 'one-key' }))),
      ),
    );
    assert.equal(results.filter((r) => r !== null).length, 1);
    const { rows } = await t.db.executeSql('SELECT id FROM job WHERE tenant_id = $1', ['race']);
    assert.equal(rows.length, 1);
  });
});
