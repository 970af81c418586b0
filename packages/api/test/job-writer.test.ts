// Group commit: concurrent writes share transactions, each job gets its own row and exactly one message,
// idempotency keys still hold inside a batch, and a failed batch fails its callers and leaves nothing.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Db } from '@kuduso/db';
import { openTestDb, TEST_DRIVERS, type TestDb } from '@kuduso/db/testing';
import { createPgBossQueue, type PgBossQueue } from '@kuduso/queue';
import { FAIR_DEPTH, JobWriter } from '../src/job-writer.ts';

function item(over: { idempotency_key?: string; app_id?: string; tenant?: string; hash?: string } = {}) {
  const id: string = randomUUID();
  return {
    job: {
      id,
      tenant_id: over.tenant ?? 'public',
      app_id: over.app_id ?? 'tests',
      definition: 'mock',
      version: '1.0.0',
      inputs_hash: over.hash ?? `h-${id}`,
      payload_json: { value: 1 },
      correlation_id: `c-${id}`,
      idempotency_key: over.idempotency_key ?? null,
    },
    message: {
      job_id: id,
      tenant_id: over.tenant ?? 'public',
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
        rows.map((r) => r.kind === 'inserted' && r.row.id),
        items.map((i) => i.job.id),
      );
      assert.ok(rows.every((r) => r.kind === 'inserted' && r.row.status === 'queued'));
      assert.ok(transactions < 100, `${transactions} transactions`);
      assert.equal(await queue.depth(), 100);
      const got = await queue.receive({ leaseSec: 10, max: 100 });
      assert.deepEqual(new Set(got.map((d) => d.message.job_id)), new Set(items.map((i) => i.job.id)));
      for (const d of got) await queue.complete(d);
    });

    test('one idempotency key twice in a batch: one row and one message, the other caller is told the key is taken', async () => {
      const writer = new JobWriter(tdb.db, queue);
      const key = `k-${randomUUID()}`;
      const [a, b] = await Promise.all([
        writer.write(item({ idempotency_key: key })),
        writer.write(item({ idempotency_key: key })),
      ]);
      assert.deepEqual([a.kind, b.kind].sort(), ['inserted', 'key-taken']);
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

    test("the tenant cap holds inside one batch: the jobs past it are refused, another tenant's are not", async () => {
      const tenant = `cap-${randomUUID()}`;
      const writer = new JobWriter(tdb.db, queue, { maxActiveJobs: 3 });
      const first = writer.write(item({ tenant })); // takes the writer; the next six share one batch
      const rest = Promise.allSettled([
        ...Array.from({ length: 5 }, () => writer.write(item({ tenant }))),
        writer.write(item({ tenant: `other-${randomUUID()}` })),
      ]);
      assert.equal((await first).kind, 'inserted');
      const settled = await rest;
      const mine = settled.slice(0, 5);
      assert.equal(mine.filter((r) => r.status === 'fulfilled').length, 2, 'room for two more');
      for (const r of mine.filter((x) => x.status === 'rejected')) {
        assert.equal((r as PromiseRejectedResult).reason.code, 'TOO_MANY_ACTIVE_JOBS');
      }
      assert.equal(settled[5].status, 'fulfilled', "another tenant's job is not capped by this one's");
      const { rows } = await tdb.db.executeSql<{ n: number }>(
        'SELECT count(*)::int AS n FROM job WHERE tenant_id = $1',
        [tenant],
      );
      assert.equal(rows[0].n, 3);
      for (const d of await queue.receive({ leaseSec: 10, max: 100 })) await queue.complete(d);
    });

    test('a recent success with the same inputs answers from the cache, for every caller of the batch', async () => {
      const tenant = `cache-${randomUUID()}`;
      const hash = `same-${randomUUID()}`;
      const done = item({ tenant, hash });
      const writer = new JobWriter(tdb.db, queue, { resultCacheTtlSec: 300 });
      assert.equal((await writer.write(done)).kind, 'inserted');
      await tdb.db.executeSql("UPDATE job SET status = 'succeeded', ended_at = now() WHERE id = $1", [
        done.job.id,
      ]);
      const [a, b, other] = await Promise.all([
        writer.write(item({ tenant, hash })),
        writer.write(item({ tenant, hash })),
        writer.write(item({ tenant: `x-${randomUUID()}`, hash })),
      ]);
      for (const o of [a, b]) {
        assert.equal(o.kind, 'cached');
        assert.equal(o.kind === 'cached' && o.row.id, done.job.id);
      }
      assert.equal(other.kind, 'inserted', "another tenant's success is not this one's cache");
      for (const d of await queue.receive({ leaseSec: 10, max: 100 })) await queue.complete(d);
    });

    test("past the counted depth a tenant's jobs keep their submission order in the queue", async () => {
      const tenant = `deep-${randomUUID()}`;
      const writer = new JobWriter(tdb.db, queue);
      const ids: string[] = [];
      // Groups of 20: every group after the fifth starts beyond FAIR_DEPTH.
      for (let g = 0; g < (FAIR_DEPTH + 40) / 20; g++) {
        const group = Array.from({ length: 20 }, () => item({ tenant }));
        ids.push(...group.map((i) => i.job.id));
        await Promise.all(group.map((i) => writer.write(i)));
      }
      const got: string[] = [];
      for (
        let d = await queue.receive({ leaseSec: 10, max: 50 });
        d.length;
        d = await queue.receive({ leaseSec: 10, max: 50 })
      ) {
        for (const x of d) {
          got.push(x.message.job_id);
          await queue.complete(x);
        }
      }
      const mine = got.filter((id) => ids.includes(id));
      assert.deepEqual(mine, ids, 'served in the order submitted');
    });
  });
}
