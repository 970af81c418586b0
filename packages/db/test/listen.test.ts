// Db.listenChannel on both drivers: a NOTIFY arrives after its transaction commits (not before, not after a
// rollback), migration 007's trigger announces a job's status change with its id, and on PostgreSQL the
// listening session, when killed by the server, comes back by itself.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPgDb, markRunning } from '../src/index.ts';
import { openTestDb, TEST_DRIVERS, type TestDb } from '../src/testing.ts';

/** Resolves with the next payload on the queue, or rejects after 15 s. */
function inbox() {
  const got: string[] = [];
  const waiters: ((p: string) => void)[] = [];
  return {
    push(p: string) {
      const w = waiters.shift();
      if (w) w(p);
      else got.push(p);
    },
    next(): Promise<string> {
      const p = got.shift();
      if (p !== undefined) return Promise.resolve(p);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no notification within 15 s')), 15_000);
        waiters.push((v) => {
          clearTimeout(t);
          resolve(v);
        });
      });
    },
    get pending() {
      return got.length;
    },
  };
}

for (const driver of TEST_DRIVERS) {
  describe(`listenChannel on ${driver}`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(driver);
    });
    after(() => t?.close());

    test('a NOTIFY arrives once its transaction commits; a rolled back one never does', async () => {
      const box = inbox();
      const stop = await t.db.listenChannel!('kuduso_test', (p) => box.push(p));
      await t.db
        .transaction(async (tx) => {
          await tx.executeSql("SELECT pg_notify('kuduso_test', 'rolled back')");
          throw new Error('roll back');
        })
        .catch(() => {});
      await t.db.transaction(async (tx) => {
        await tx.executeSql("SELECT pg_notify('kuduso_test', 'committed')");
      });
      assert.equal(await box.next(), 'committed');
      await stop();
      await t.db.executeSql("SELECT pg_notify('kuduso_test', 'after unlisten')");
      await t.db.executeSql('SELECT 1');
      assert.equal(box.pending, 0, 'nothing after the listener stopped');
    });

    test("migration 007: a job's status change is announced with its id", async () => {
      const box = inbox();
      const stop = await t.db.listenChannel!('kuduso_job', (p) => box.push(p));
      const { rows } = await t.db.executeSql<{ id: string }>(
        `INSERT INTO job (app_id, definition, version, inputs_hash, payload_json, correlation_id)
         VALUES ('a', 'mock', '1.0.0', 'h', '{}', 'c') RETURNING id`,
      );
      const id = rows[0].id;
      await markRunning(t.db, id);
      assert.equal(await box.next(), id);
      await stop();
    });
  });
}

test('pg: the listening session killed by the server reconnects and hears again', async () => {
  const t = await openTestDb('pg');
  const db = createPgDb(t.url!, { applicationName: 'kuduso-listen-test' });
  try {
    const box = inbox();
    await db.listenChannel!('kuduso_test', (p) => box.push(p));
    await db.executeSql("SELECT pg_notify('kuduso_test', 'one')");
    assert.equal(await box.next(), 'one');
    const killed = await t.db.executeSql<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'kuduso-listen-test-listen'`,
    );
    assert.equal(killed.rows[0].n, 1, 'the listening session was found and killed');
    // Notify until the reconnected session hears one (bounded: the test fails after 15 s).
    const heard = box.next();
    const sender = setInterval(() => void db.executeSql("SELECT pg_notify('kuduso_test', 'two')"), 200);
    try {
      assert.equal(await heard, 'two');
    } finally {
      clearInterval(sender);
    }
  } finally {
    await db.close();
    await t.close();
  }
});
