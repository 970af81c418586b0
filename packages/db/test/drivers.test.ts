import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPgliteDb, type Db, openDb, ping } from '@kuduso/db';
import { createTestDatabase, openTestDb, TEST_DRIVERS, type TestDb } from '@kuduso/db/testing';

for (const driver of TEST_DRIVERS) {
  describe(`driver ${driver}`, () => {
    let t: TestDb;
    let db: Db;
    before(async () => {
      t = await openTestDb(driver, { migrate: false });
      db = t.db;
      await db.executeSql(
        'CREATE TABLE thing (id serial PRIMARY KEY, name text NOT NULL, n int8, doc jsonb)',
      );
    });
    after(() => t?.close());

    it('reports its driver and answers a ping', async () => {
      assert.equal(db.driver, driver);
      await ping(db);
    });

    it('returns the same shapes: Date, number, bigint beyond 2^53, parsed jsonb, null', async () => {
      const { rows, rowCount } = await db.executeSql(
        `SELECT now() AS ts, 42::int4 AS i4, 7::int8 AS i8, 9007199254740993::int8 AS big,
                1.5::float8 AS f8, '{"a":[1,{"b":null}]}'::jsonb AS doc, NULL::text AS nothing, true AS yes,
                count(*) AS counted FROM (VALUES (1), (2)) v(x)`,
      );
      assert.equal(rowCount, 1);
      const r = rows[0];
      assert.ok(r.ts instanceof Date);
      assert.equal(r.i4, 42);
      assert.equal(r.i8, 7);
      assert.equal(r.big, 9007199254740993n);
      assert.equal(r.f8, 1.5);
      assert.deepEqual(r.doc, { a: [1, { b: null }] });
      assert.equal(r.nothing, null);
      assert.equal(r.yes, true);
      assert.equal(r.counted, 2);
    });

    it('counts rows the same way for SELECT, INSERT, UPDATE and DELETE', async () => {
      const ins = await db.executeSql(
        'INSERT INTO thing (name, doc) VALUES ($1, $2::jsonb), ($3, $4::jsonb)',
        ['a', JSON.stringify({ k: 1 }), 'b', JSON.stringify([1, 2])],
      );
      assert.equal(ins.rowCount, 2);
      assert.deepEqual(ins.rows, []);
      const sel = await db.executeSql<{ name: string; doc: unknown }>(
        'SELECT name, doc FROM thing ORDER BY name',
      );
      assert.equal(sel.rowCount, 2);
      assert.deepEqual(sel.rows, [
        { name: 'a', doc: { k: 1 } },
        { name: 'b', doc: [1, 2] },
      ]);
      const upd = await db.executeSql('UPDATE thing SET n = 1 WHERE name = $1', ['a']);
      assert.equal(upd.rowCount, 1);
      const none = await db.executeSql('UPDATE thing SET n = 1 WHERE name = $1', ['zzz']);
      assert.equal(none.rowCount, 0);
      const del = await db.executeSql('DELETE FROM thing RETURNING name');
      assert.equal(del.rowCount, 2);
      assert.equal(del.rows.length, 2);
    });

    it('runs several statements in one call when no values are given', async () => {
      const res = await db.executeSql('SELECT 1 AS a; SELECT 2 AS b');
      assert.deepEqual(res.rows, [{ a: 1 }, { b: 2 }]);
    });

    it('commits a transaction and returns its value', async () => {
      const v = await db.transaction(async (tx) => {
        await tx.executeSql('INSERT INTO thing (name) VALUES ($1)', ['committed']);
        const { rows } = await tx.executeSql<{ n: number }>(
          'SELECT count(*) AS n FROM thing WHERE name = $1',
          ['committed'],
        );
        return rows[0].n;
      });
      assert.equal(v, 1);
      const { rows } = await db.executeSql('SELECT name FROM thing WHERE name = $1', ['committed']);
      assert.equal(rows.length, 1);
    });

    it('rolls back when the callback throws and rethrows the same error', async () => {
      const boom = new Error('boom');
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.executeSql('INSERT INTO thing (name) VALUES ($1)', ['rolled-back']);
          throw boom;
        }),
        (err) => err === boom,
      );
      const { rows } = await db.executeSql('SELECT name FROM thing WHERE name = $1', ['rolled-back']);
      assert.equal(rows.length, 0);
    });

    it('rolls back when a statement fails and stays usable', async () => {
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.executeSql('INSERT INTO thing (name) VALUES ($1)', ['before-error']);
          await tx.executeSql('INSERT INTO thing (name) VALUES (NULL)');
        }),
        /null value/,
      );
      const { rows } = await db.executeSql('SELECT name FROM thing WHERE name = $1', ['before-error']);
      assert.equal(rows.length, 0);
      await ping(db);
    });

    it('keeps a statement from another caller out of an open transaction', async () => {
      let inserted!: () => void;
      const insertedP = new Promise<void>((r) => {
        inserted = r;
      });
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const txP = db.transaction(async (tx) => {
        await tx.executeSql('INSERT INTO thing (name) VALUES ($1)', ['inside']);
        inserted();
        await gate;
        throw new Error('roll it back');
      });
      await insertedP;
      // Issued while the transaction is open; must neither see its row nor be rolled back with it.
      const outsideP = db.executeSql<{ n: number }>(
        "INSERT INTO thing (name) SELECT 'outside' RETURNING (SELECT count(*) FROM thing WHERE name = 'inside') AS n",
      );
      release();
      await assert.rejects(txP, /roll it back/);
      const outside = await outsideP;
      assert.equal(outside.rows[0].n, 0);
      const { rows } = await db.executeSql<{ name: string }>(
        "SELECT name FROM thing WHERE name IN ('inside', 'outside')",
      );
      assert.deepEqual(
        rows.map((r) => r.name),
        ['outside'],
      );
    });

    it('refuses a transaction handle used after the transaction ended', async () => {
      let leaked: { executeSql: Db['executeSql'] } | undefined;
      await db.transaction(async (tx) => {
        leaked = tx;
      });
      await assert.rejects(leaked!.executeSql('SELECT 1'));
    });

    if (driver === 'pglite') {
      it('fails loudly instead of deadlocking when the Db is used inside its own transaction', async () => {
        await assert.rejects(
          db.transaction(async () => {
            await db.executeSql('SELECT 1');
          }),
          /use the tx handle/,
        );
        await assert.rejects(
          db.transaction(() => db.transaction(async () => 1)),
          /use the tx handle/,
        );
        await ping(db);
      });
    }
  });
}

describe('openDb', () => {
  it('opens pg when a URL is given', async () => {
    const tdb = await createTestDatabase();
    try {
      const db = await openDb({ databaseUrl: tdb.url });
      assert.equal(db.driver, 'pg');
      await ping(db);
      await db.close();
    } finally {
      await tdb.drop();
    }
  });

  it('opens PGlite otherwise, in memory or in a data folder that keeps its data', async () => {
    const mem = await openDb({});
    assert.equal(mem.driver, 'pglite');
    await mem.close();
    const dir = mkdtempSync(join(tmpdir(), 'kuduso-pglite-'));
    try {
      const first = await createPgliteDb({ dataDir: dir });
      await first.executeSql('CREATE TABLE kept (v text)');
      await first.executeSql('INSERT INTO kept VALUES ($1)', ['still here']);
      await first.close();
      const second = await openDb({ dataDir: dir });
      const { rows } = await second.executeSql('SELECT v FROM kept');
      assert.deepEqual(rows, [{ v: 'still here' }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('createTestDatabase', () => {
  it('names the URL, without its password, when the server cannot be reached', async () => {
    await assert.rejects(
      createTestDatabase('postgres://someone:secret@127.0.0.1:1/postgres'),
      (err: Error) =>
        err.message.includes('127.0.0.1:1') &&
        !err.message.includes('secret') &&
        /not reachable/.test(err.message),
    );
  });

  it('creates an empty database and drops it', async () => {
    const tdb = await createTestDatabase();
    assert.match(tdb.name, /^kuduso_t_[0-9a-f]+$/);
    const db = await openDb({ databaseUrl: tdb.url });
    const { rows } = await db.executeSql<{ d: string }>('SELECT current_database() AS d');
    assert.equal(rows[0].d, tdb.name);
    await db.close();
    await tdb.drop();
    const admin = await openDb({
      databaseUrl: process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    });
    const gone = await admin.executeSql('SELECT 1 FROM pg_database WHERE datname = $1', [tdb.name]);
    assert.equal(gone.rowCount, 0);
    await admin.close();
  });
});
