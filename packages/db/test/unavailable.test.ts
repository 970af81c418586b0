// The pg driver under outages, with real errors from a real server: a refused port, a frozen connection (a
// proxy that holds every byte), a terminated backend (57P01), a statement timeout (57014). Each becomes
// DATABASE_UNAVAILABLE (503, retryable, Retry-After) within its timeout, the pool heals by itself once the
// server is back, and errors that are the statement's own fault are left as they are.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { KudusoError } from '@kuduso/core';
import { classifyDbError, createPgDb, isDatabaseUnavailable } from '../src/index.ts';
import { createTestDatabase, type FaultProxy, startFaultProxy, type TestDatabase } from '../src/testing.ts';

function assertUnavailable(err: unknown): true {
  assert.ok(err instanceof KudusoError, `a KudusoError, got ${String(err)}`);
  assert.equal(err.code, 'DATABASE_UNAVAILABLE');
  assert.equal(err.status, 503);
  assert.equal(err.retryable, true);
  assert.ok((err.retryAfterSec ?? 0) >= 1);
  return true;
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('database outages on the pg driver', () => {
  let tdb: TestDatabase;
  let proxy: FaultProxy;
  before(async () => {
    tdb = await createTestDatabase();
    proxy = await startFaultProxy(tdb.url);
  });
  after(async () => {
    await proxy?.close();
    await tdb?.drop();
  });

  test('connection refused: DATABASE_UNAVAILABLE, for a query and for a transaction', async () => {
    const db = createPgDb(`postgres://postgres@127.0.0.1:${await closedPort()}/x`);
    try {
      await assert.rejects(db.executeSql('SELECT 1'), assertUnavailable);
      await assert.rejects(
        db.transaction((tx) => tx.executeSql('SELECT 1')),
        assertUnavailable,
      );
    } finally {
      await db.close();
    }
  });

  test('a server that accepts and never answers: the connect timeout ends the wait', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as { port: number };
    const db = createPgDb(`postgres://postgres@127.0.0.1:${port}/x`, { connectTimeoutMs: 300 });
    try {
      await assert.rejects(db.executeSql('SELECT 1'), assertUnavailable);
    } finally {
      await db.close();
      silent.close();
    }
  });

  test('frozen mid-session: the query timeout ends the wait; after the thaw the pool heals', async () => {
    // Short enough to keep the test quick, long enough for a loaded machine once the proxy thaws.
    const db = createPgDb(proxy.url, {
      connectTimeoutMs: 1500,
      queryTimeoutMs: 2000,
      statementTimeoutMs: 1500,
      max: 2,
    });
    try {
      await db.executeSql('CREATE TABLE IF NOT EXISTS frozen_probe (id int PRIMARY KEY)');
      proxy.freeze();
      // An open pooled connection (query timeout) and a new one (connect timeout) both give up.
      await assert.rejects(db.executeSql('SELECT 1'), assertUnavailable);
      await assert.rejects(
        Promise.all([db.executeSql('SELECT 1'), db.executeSql('SELECT 2'), db.executeSql('SELECT 3')]),
        assertUnavailable,
      );
      // A transaction whose INSERT never got an answer: the client sees 503 and the row must not appear.
      await assert.rejects(
        db.transaction((tx) => tx.executeSql('INSERT INTO frozen_probe (id) VALUES (1)')),
        assertUnavailable,
      );
      proxy.thaw();
      const healed = await db.executeSql<{ n: number }>('SELECT count(*)::int AS n FROM frozen_probe');
      assert.equal(healed.rows[0].n, 0, 'the timed-out transaction was rolled back');
      await db.transaction((tx) => tx.executeSql('INSERT INTO frozen_probe (id) VALUES (2)'));
      const { rows } = await db.executeSql<{ id: number }>('SELECT id FROM frozen_probe');
      assert.deepEqual(
        rows.map((r) => r.id),
        [2],
      );
    } finally {
      proxy.thaw();
      await db.close();
    }
  });

  test('connections cut (a crash): DATABASE_UNAVAILABLE, then the pool reconnects by itself', async () => {
    const db = createPgDb(proxy.url, { connectTimeoutMs: 2000, max: 2 });
    try {
      await db.executeSql('SELECT 1');
      proxy.drop();
      await assert.rejects(db.executeSql('SELECT 1'), assertUnavailable);
      await assert.rejects(
        db.transaction((tx) => tx.executeSql('SELECT 1')),
        assertUnavailable,
      );
      proxy.restore();
      assert.equal((await db.executeSql<{ one: number }>('SELECT 1 AS one')).rows[0].one, 1);
    } finally {
      proxy.restore();
      await db.close();
    }
  });

  test('a terminated backend (57P01) is an outage; the next query gets a new connection', async () => {
    const db = createPgDb(tdb.url, { max: 1 });
    const admin = createPgDb(tdb.url, { max: 1 });
    try {
      const { rows } = await db.executeSql<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const inFlight = db.executeSql('SELECT pg_sleep(5)');
      inFlight.catch(() => {}); // asserted below; rejects while the terminate is still answering
      // Terminate it once it really runs (on a loaded machine the sleep may start late).
      for (let i = 0; i < 100; i++) {
        const { rowCount } = await admin.executeSql(
          "SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND query LIKE 'SELECT pg_sleep%' AND state = 'active'",
          [rows[0].pid],
        );
        if (rowCount > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await admin.executeSql('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      await assert.rejects(inFlight, (err) => {
        assertUnavailable(err);
        assert.equal(((err as KudusoError).cause as { code?: string }).code, '57P01');
        return true;
      });
      assert.equal((await db.executeSql<{ one: number }>('SELECT 1 AS one')).rows[0].one, 1);
    } finally {
      await db.close();
      await admin.close();
    }
  });

  test('the session ended between two statements of a transaction: an outage, not a process crash', async () => {
    const db = createPgDb(tdb.url, { max: 1 });
    const admin = createPgDb(tdb.url, { max: 1 });
    try {
      await assert.rejects(
        db.transaction(async (tx) => {
          const { rows } = await tx.executeSql<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          await admin.executeSql('SELECT pg_terminate_backend($1)', [rows[0].pid]);
          // The server's FATAL 57P01 arrives while no statement runs: an 'error' event on the checked-out client.
          await new Promise((r) => setTimeout(r, 300));
          await tx.executeSql('SELECT 1');
        }),
        assertUnavailable,
      );
      assert.equal((await db.executeSql<{ one: number }>('SELECT 1 AS one')).rows[0].one, 1);
    } finally {
      await db.close();
      await admin.close();
    }
  });

  test('the statement timeout (57014) is an outage and leaves the pool usable', async () => {
    const db = createPgDb(tdb.url, { statementTimeoutMs: 200, queryTimeoutMs: 2000, max: 1 });
    try {
      await assert.rejects(db.executeSql('SELECT pg_sleep(2)'), (err) => {
        assertUnavailable(err);
        assert.equal(((err as KudusoError).cause as { code?: string }).code, '57014');
        return true;
      });
      assert.equal((await db.executeSql<{ one: number }>('SELECT 1 AS one')).rows[0].one, 1);
    } finally {
      await db.close();
    }
  });

  test("a statement's own error is not an outage and is passed on unchanged", async () => {
    const db = createPgDb(tdb.url, { max: 1 });
    try {
      await assert.rejects(db.executeSql('SELEC 1'), (err) => {
        assert.ok(!(err instanceof KudusoError));
        assert.equal((err as { code?: string }).code, '42601');
        assert.equal(isDatabaseUnavailable(err), false);
        return true;
      });
    } finally {
      await db.close();
    }
  });
});

describe('classifyDbError', () => {
  test('SQLSTATEs of a server shutting down, crashing, starting up, and connection exceptions', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08001', '53300']) {
      assertUnavailable(classifyDbError(Object.assign(new Error('x'), { code })));
    }
    for (const code of ['23505', '42P01', '40001', '22P02']) {
      const e = Object.assign(new Error('x'), { code });
      assert.equal(classifyDbError(e), e);
    }
  });

  test('wrapped outages (an AggregateError of addresses, an error cause) are found', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    assertUnavailable(classifyDbError(new AggregateError([refused], 'all addresses failed')));
    assertUnavailable(classifyDbError(new Error('pg-boss: fetch failed', { cause: refused })));
  });
});
