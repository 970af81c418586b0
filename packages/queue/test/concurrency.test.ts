// Several consumers on one queue, as several worker processes would be: each message is processed
// exactly once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { setImmediate as yieldNow } from 'node:timers/promises';
import { createPgDb, type Db, migrate } from '@kuduso/db';
import { createTestDatabase, openTestDb } from '@kuduso/db/testing';
import { createPgBossQueue, type JobMessage, type PgBossQueue } from '@kuduso/queue';

function message(i: number): JobMessage {
  return {
    job_id: randomUUID(),
    tenant_id: 'public',
    app_id: 'app',
    definition: 'sitefit',
    version: '1.0.0',
    correlation_id: `c-${i}`,
  };
}

async function consumeAll(queues: PgBossQueue[], total: number, maxWaitMs: number): Promise<string[][]> {
  const processed: string[][] = queues.map(() => []);
  let done = 0;
  const deadline = Date.now() + maxWaitMs;
  await Promise.all(
    queues.map(async (q, i) => {
      while (done < total && Date.now() < deadline) {
        const got = await q.receive({ leaseSec: q.leaseSec, max: 3 });
        if (got.length === 0) {
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        for (const d of got) {
          await yieldNow(); // "work", letting the other consumers interleave
          processed[i].push(d.message.job_id);
          done++;
          await q.complete(d);
        }
      }
    }),
  );
  return processed;
}

describe('four concurrent consumers', () => {
  it('on PostgreSQL (four pools, four pg-boss instances): every message processed exactly once', async () => {
    const tdb = await createTestDatabase();
    const dbs: Db[] = Array.from({ length: 4 }, () => createPgDb(tdb.url, { max: 4 }));
    const queues = dbs.map((db) => createPgBossQueue({ db, leaseSec: 30 }));
    try {
      await migrate(dbs[0]);
      for (const q of queues) await q.start();
      const N = 300;
      const sent = Array.from({ length: N }, (_, i) => message(i));
      // Sent from all four at once too.
      await Promise.all(sent.map((m, i) => queues[i % 4].send(m)));
      assert.equal(await queues[0].depth(), N);
      const processed = await consumeAll(queues, N, 120_000);
      const all = processed.flat();
      assert.equal(all.length, N, 'no message processed twice, none missed');
      assert.deepEqual(new Set(all), new Set(sent.map((m) => m.job_id)));
      assert.equal(await queues[0].depth(), 0);
      assert.deepEqual(await queues[1].receive({ leaseSec: 30, max: 10 }), []);
    } finally {
      for (const q of queues) await q.stop();
      await Promise.all(dbs.map((db) => db.close()));
      await tdb.drop();
    }
  });

  it('on PGlite (one instance, four consumers): every message processed exactly once', async () => {
    const t = await openTestDb('pglite');
    const queues = Array.from({ length: 4 }, () => createPgBossQueue({ db: t.db, leaseSec: 30 }));
    try {
      for (const q of queues) await q.start();
      const N = 100;
      const sent = Array.from({ length: N }, (_, i) => message(i));
      for (const m of sent) await queues[0].send(m);
      const all = (await consumeAll(queues, N, 120_000)).flat();
      assert.equal(all.length, N);
      assert.deepEqual(new Set(all), new Set(sent.map((m) => m.job_id)));
    } finally {
      for (const q of queues) await q.stop();
      await t.close();
    }
  });
});
