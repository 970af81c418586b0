// Group commit: concurrent writes share transactions, each job gets its own row and exactly one message,
// idempotency keys still hold inside a batch, and a failed batch fails its callers and leaves nothing.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Db } from '@kuduso/db';
import { openTestDb, TEST_DRIVERS, type TestDb } from '@kuduso/db/testing';
import { createPgBossQueue, type PgBossQueue } from '@kuduso/queue';
import { JobWriter } from '../src/job-writer.ts';

function item(over: { idempotency_key?: string; app_id?: string } = {}) {
  const id: string = randomUUID();
  return {
    job: {
      id,
      app_id: over.app_id ?? 'tests',
      definition: 'mock',
      version: '1.0.0',
      inputs_hash: `h-${id}`,
      payload_json: { value: 1 },
      correlation_id: `c-${id}`,
      idempotency_key: over.idempotency_key ?? null,
    },
    message: {
      job_id: id,
      tenant_id: 'public',
      app_id: 'tests',
      definition: 'mock',
      version: '1.0.0',
      correlation_id: `c-${id}`,
    },
  };
}

for (const driver of TEST_DRIVERS) {
  describe(`JobWriter on ${driver}`, () => {
    let tdb: TestDb;
    let queue: PgBossQueue;
    before(async () => {
      tdb = await openTestDb(driver);
      queue = createPgBossQueue({ db: tdb.db, leaseSec: 10 });
      await queue.start();
    });
    after(async () => {
      await queue.stop();
      await tdb.close();
    });

    test('100 concurrent writes: 100 rows, 100 messages, fewer transactions than writes', async () => {
      let transactions = 0;
      const db = tdb.db;
      const counting: Db = {
        driver: db.driver,
        native: db.native,
        executeSql: (text, values) => db.executeSql(text, values),
        transaction(fn) {
          transactions++;
          return db.transaction(fn);
        },
        close: () => db.close(),
      };
      const writer = new JobWriter(counting, queue);
      const items = Array.from({ length: 100 }, () => item());
      const rows = await Promise.all(items.map((i) => writer.write(i)));
      assert.deepEqual(
        rows.map((r) => r?.id),
        items.map((i) => i.job.id),
      );
      assert.ok(rows.every((r) => r?.status === 'queued'));
      assert.ok(transactions < 100, `${transactions} transactions`);
      assert.equal(await queue.depth(), 100);
      const got = await queue.receive({ leaseSec: 10, max: 100 });
      assert.deepEqual(new Set(got.map((d) => d.message.job_id)), new Set(items.map((i) => i.job.id)));
      for (const d of got) await queue.complete(d);
    });

    test('one idempotency key twice in a batch: one row and one message, the other caller gets null', async () => {
      const writer = new JobWriter(tdb.db, queue);
      const key = `k-${randomUUID()}`;
      const [a, b] = await Promise.all([
        writer.write(item({ idempotency_key: key })),
        writer.write(item({ idempotency_key: key })),
      ]);
      assert.equal([a, b].filter(Boolean).length, 1);
      assert.equal(await queue.depth(), 1);
      for (const d of await queue.receive({ leaseSec: 10, max: 10 })) await queue.complete(d);
    });

    test('a bad job in a batch fails alone; its neighbours are written', async () => {
      const writer = new JobWriter(tdb.db, queue);
      const before = await queue.depth();
      const bad = item();
      bad.job.id = 'not-a-uuid'; // the insert itself fails
      const good = item();
      const first = writer.write(item()); // takes the writer; the next two wait and share one batch
      const both = Promise.allSettled([writer.write(bad), writer.write(good)]);
      assert.ok(await first);
      const [rb, rg] = await both;
      assert.equal(rb.status, 'rejected');
      assert.equal(rg.status, 'fulfilled', 'the good job was written on its own');
      const { rows } = await tdb.db.executeSql<{ n: number }>(
        'SELECT count(*)::int AS n FROM job WHERE id = $1',
        [good.job.id],
      );
      assert.equal(rows[0].n, 1);
      assert.equal(
        await queue.depth(),
        before + 2,
        'the first and the good job have messages, the bad one none',
      );
    });
  });
}
