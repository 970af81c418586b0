// Row-level security through the app role, with raw SQL: without the tenant setting nothing is visible,
// and one tenant can neither read nor change another's rows. Real PostgreSQL and PGlite.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  APP_ROLE,
  countActiveJobs,
  type Db,
  type Executor,
  insertJob,
  insertResult,
  type JobRow,
  takeRateToken,
  takeRateTokens,
  withTenant,
} from '@kuduso/db';
import { openTestDb, TEST_DRIVERS, type TestDb } from '@kuduso/db/testing';

async function insertFor(db: Db, tenant: string): Promise<JobRow> {
  const row = await insertJob(db, {
    tenant_id: tenant,
    app_id: 'app',
    definition: 'sitefit',
    version: '1.0.0',
    inputs_hash: `h-${randomUUID()}`,
    payload_json: {},
    correlation_id: `c-${randomUUID()}`,
  });
  assert.ok(row);
  return row;
}

/** Raw SQL as the app role, with or without a tenant, in a transaction rolled back afterwards. */
async function asApp<T>(db: Db, tenant: string | null, fn: (tx: Executor) => Promise<T>): Promise<T> {
  let out: T | undefined;
  const rollback = new Error('rollback');
  await db
    .transaction(async (tx) => {
      await tx.executeSql(`SET LOCAL ROLE ${APP_ROLE}`);
      if (tenant !== null) await tx.executeSql("SELECT set_config('kuduso.tenant_id', $1, true)", [tenant]);
      out = await fn(tx);
      throw rollback;
    })
    .catch((e) => {
      if (e !== rollback) throw e;
    });
  return out as T;
}

const count = async (tx: Executor, table: string) =>
  (await tx.executeSql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

for (const driver of TEST_DRIVERS) {
  describe(`row-level security on ${driver}`, () => {
    let t: TestDb;
    let db: Db;
    let a: JobRow;
    let b: JobRow;
    before(async () => {
      t = await openTestDb(driver);
      db = t.db;
      a = await insertFor(db, 'tenant-a');
      b = await insertFor(db, 'tenant-b');
      await insertResult(db, a.id, { a: 1 }, 1);
      await insertResult(db, b.id, { b: 1 }, 1);
    });
    after(() => t?.close());

    it('the policies are FORCEd on every tenant table', async () => {
      const { rows } = await db.executeSql<{ relname: string; force: boolean }>(
        `SELECT relname, relforcerowsecurity AS force FROM pg_class
         WHERE relname IN ('job', 'result', 'artifact', 'tenant_rate') ORDER BY relname`,
      );
      assert.deepEqual(
        rows.map((r) => [r.relname, r.force]),
        [
          ['artifact', true],
          ['job', true],
          ['result', true],
          ['tenant_rate', true],
        ],
      );
    });

    it('the app role without a tenant setting sees nothing', async () => {
      const seen = await asApp(db, null, async (tx) => [await count(tx, 'job'), await count(tx, 'result')]);
      assert.deepEqual(seen, [0, 0]);
      assert.ok((await count(db, 'job')) >= 2, 'the owner (maintenance) still sees the rows');
    });

    it("one tenant cannot read another's rows, even by id", async () => {
      const rows = await asApp(db, 'tenant-a', async (tx) => {
        const jobs = (await tx.executeSql<{ id: string }>('SELECT id FROM job')).rows.map((r) => r.id);
        const other = (await tx.executeSql('SELECT * FROM job WHERE id = $1', [b.id])).rows.length;
        const otherResult = (await tx.executeSql('SELECT * FROM result WHERE job_id = $1', [b.id])).rows
          .length;
        return { jobs, other, otherResult };
      });
      assert.deepEqual(rows, { jobs: [a.id], other: 0, otherResult: 0 });
    });

    it("one tenant cannot change another's rows", async () => {
      const updated = await asApp(
        db,
        'tenant-a',
        async (tx) =>
          (await tx.executeSql("UPDATE job SET status = 'cancelled' WHERE id = $1", [b.id])).rowCount,
      );
      assert.equal(updated, 0);
      await assert.rejects(
        asApp(db, 'tenant-a', (tx) =>
          tx.executeSql(
            `INSERT INTO job (tenant_id, app_id, definition, version, inputs_hash, payload_json, correlation_id)
             VALUES ('tenant-b', 'x', 'd', '1', 'h', '{}', 'c')`,
          ),
        ),
        /row-level security/,
      );
      await assert.rejects(
        asApp(db, 'tenant-a', (tx) =>
          tx.executeSql("UPDATE job SET tenant_id = 'tenant-b' WHERE id = $1", [a.id]),
        ),
        /row-level security/,
      );
      await assert.rejects(
        asApp(db, 'tenant-a', (tx) =>
          tx.executeSql("INSERT INTO artifact (job_id, kind, storage_key) VALUES ($1, 'csv', 'k')", [b.id]),
        ),
        /row-level security/,
      );
      await assert.rejects(
        asApp(db, 'tenant-a', (tx) => tx.executeSql('DELETE FROM job')),
        /permission denied/,
      );
      const own = await asApp(
        db,
        'tenant-a',
        async (tx) => (await tx.executeSql("UPDATE job SET last_error = 'x' WHERE id = $1", [a.id])).rowCount,
      );
      assert.equal(own, 1, 'its own rows it may change');
    });

    it('withTenant runs as the app role with the tenant set', async () => {
      const seen = await withTenant(db, 'tenant-b', async (tx) => {
        const who = await tx.executeSql<{ u: string }>('SELECT current_user AS u');
        const ids = (await tx.executeSql<{ id: string }>('SELECT id FROM job')).rows.map((r) => r.id);
        return { user: who.rows[0].u, ids };
      });
      assert.deepEqual(seen, { user: APP_ROLE, ids: [b.id] });
      const after = await db.executeSql<{ u: string }>('SELECT current_user AS u');
      assert.notEqual(after.rows[0].u, APP_ROLE, 'the role ends with the transaction');
    });

    it('rate buckets and active counts are per tenant', async () => {
      const take = () => withTenant(db, 'tenant-r', (tx) => takeRateToken(tx, 'tenant-r', 60, 2));
      assert.equal((await take()).allowed, true);
      assert.equal((await take()).allowed, true);
      const third = await take();
      assert.equal(third.allowed, false);
      assert.ok(third.retryAfterSec > 0 && third.retryAfterSec <= 1);
      const other = await withTenant(db, 'tenant-s', (tx) => takeRateToken(tx, 'tenant-s', 60, 2));
      assert.equal(other.allowed, true, "another tenant's bucket is full");
      // A group of five takes at once from a fresh bucket of 3: the first three in order, then refusals.
      const group = await withTenant(db, 'tenant-g', (tx) => takeRateTokens(tx, 'tenant-g', 60, 3, 5));
      assert.deepEqual(
        group.map((v) => v.allowed),
        [true, true, true, false, false],
      );
      assert.deepEqual(
        group.slice(0, 3).map((v) => Math.round(v.remaining)),
        [2, 1, 0],
      );
      assert.ok(group[4].retryAfterSec > 0 && group[4].retryAfterSec <= 1);
      assert.equal(await withTenant(db, 'tenant-a', (tx) => countActiveJobs(tx, 'tenant-a', 100)), 1);
      assert.equal(
        await withTenant(db, 'tenant-a', (tx) => countActiveJobs(tx, 'tenant-b', 100)),
        0,
        "another tenant's jobs are not even countable",
      );
    });
  });
}
