import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Db, findJobById, insertJob } from '@kuduso/db';
import { openTestDb, TEST_DRIVERS, type TestDb } from '@kuduso/db/testing';
import {
  createPgBossQueue,
  type Delivery,
  type JobMessage,
  migrateQueue,
  type PgBossQueue,
} from '@kuduso/queue';

function message(over: Partial<JobMessage> = {}): JobMessage {
  return {
    job_id: randomUUID(),
    tenant_id: 'public',
    app_id: 'app',
    definition: 'sitefit',
    version: '1.0.0',
    correlation_id: `corr-${randomUUID()}`,
    ...over,
  };
}

/** Receives until `want` messages came or `maxWaitMs` passed (for delayed messages). */
async function receiveUntil(q: PgBossQueue, want: number, maxWaitMs: number): Promise<Delivery[]> {
  const got: Delivery[] = [];
  const deadline = Date.now() + maxWaitMs;
  while (got.length < want && Date.now() < deadline) {
    got.push(...(await q.receive({ leaseSec: q.leaseSec, max: want - got.length })));
    if (got.length < want) await sleep(100);
  }
  return got;
}

for (const driver of TEST_DRIVERS) {
  describe(`pg-boss queue on ${driver}`, () => {
    let t: TestDb;
    let db: Db;
    let q: PgBossQueue;
    before(async () => {
      t = await openTestDb(driver);
      db = t.db;
      q = createPgBossQueue({ db, leaseSec: 30 });
      await q.start();
    });
    after(async () => {
      await q?.stop();
      await t?.close();
    });

    /** Each test starts from an empty queue. */
    async function drain(): Promise<void> {
      for (;;) {
        const got = await q.receive({ leaseSec: 30, max: 50 });
        if (got.length === 0) break;
        for (const d of got) await q.complete(d);
      }
      await db.executeSql(`DELETE FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry')`, [
        q.name,
      ]);
    }

    it('describes itself as a transactional pg-boss queue', () => {
      assert.equal(q.backend, 'pgboss');
      assert.equal(q.transactionalSend, true);
      assert.equal(q.name, 'kuduso-jobs');
    });

    it('delivers a sent message once, with its body, until it is completed', async () => {
      await drain();
      const m = message();
      await q.send(m);
      assert.equal(await q.depth(), 1);
      const [d, ...rest] = await q.receive({ leaseSec: 30, max: 5 });
      assert.equal(rest.length, 0);
      assert.deepEqual(d.message, m);
      assert.equal(d.deliveryCount, 1);
      assert.match(d.id, /^[0-9a-f-]{36}$/);
      assert.equal(await q.depth(), 0, 'a leased message is not waiting');
      assert.deepEqual(await q.receive({ leaseSec: 30 }), [], 'a leased message is not delivered twice');
      await q.complete(d);
      assert.deepEqual(await q.receive({ leaseSec: 30 }), []);
      assert.equal(await q.depth(), 0);
    });

    it('sends inside the caller transaction: committed with the job row, or gone with it', async () => {
      await drain();
      const kept = message();
      const lost = message();
      await db.transaction(async (tx) => {
        const job = await insertJob(tx, {
          id: kept.job_id,
          app_id: 'app',
          definition: 'sitefit',
          version: '1.0.0',
          inputs_hash: 'h',
          payload_json: {},
          correlation_id: kept.correlation_id,
        });
        assert.ok(job);
        await q.send(kept, { tx });
      });
      await assert.rejects(
        db.transaction(async (tx) => {
          await insertJob(tx, {
            id: lost.job_id,
            app_id: 'app',
            definition: 'sitefit',
            version: '1.0.0',
            inputs_hash: 'h',
            payload_json: {},
            correlation_id: lost.correlation_id,
          });
          await q.send(lost, { tx });
          throw new Error('client went away');
        }),
        /client went away/,
      );
      assert.equal(await findJobById(db, lost.job_id), null);
      assert.ok(await findJobById(db, kept.job_id));
      assert.equal(await q.depth(), 1);
      const got = await q.receive({ leaseSec: 30, max: 10 });
      assert.deepEqual(
        got.map((d) => d.message.job_id),
        [kept.job_id],
      );
      await q.complete(got[0]);
    });

    it('hands out at most max messages, higher priority first', async () => {
      await drain();
      const low = message();
      const high = message();
      const mid = message();
      await q.send(low, { priority: 0 });
      await q.send(high, { priority: 10 });
      await q.send(mid, { priority: 5 });
      // Within one batch the order is unspecified: the batch is the right set.
      const first = await q.receive({ leaseSec: 30, max: 2 });
      assert.deepEqual(first.map((d) => d.message.job_id).sort(), [high.job_id, mid.job_id].sort());
      const second = await q.receive({ leaseSec: 30, max: 2 });
      assert.deepEqual(
        second.map((d) => d.message.job_id),
        [low.job_id],
      );
      for (const d of [...first, ...second]) await q.retryLater(d, 0, 'again');
      // One at a time, they come in priority order.
      const one = [];
      for (let i = 0; i < 3; i++) one.push(...(await q.receive({ leaseSec: 30 })));
      assert.deepEqual(
        one.map((d) => d.message.job_id),
        [high.job_id, mid.job_id, low.job_id],
      );
      for (const d of one) await q.complete(d);
    });

    it('holds a delayed message back until its delay has passed, counting it in depth meanwhile', async () => {
      await drain();
      const later = message();
      await q.send(later, { delaySec: 3600 });
      assert.equal(await q.depth(), 1);
      assert.deepEqual(await q.receive({ leaseSec: 30 }), []);
      await drain();

      const soon = message();
      const sentAt = Date.now();
      await q.send(soon, { delaySec: 1 });
      const [d] = await receiveUntil(q, 1, 15_000);
      assert.ok(d, 'delivered once the delay passed');
      assert.ok(Date.now() - sentAt >= 1000, 'not before the delay');
      assert.equal(d.message.job_id, soon.job_id);
      await q.complete(d);
    });

    it('renews a lease it holds and refuses a lease longer than the queue grants', async () => {
      await drain();
      await q.send(message());
      const [d] = await q.receive({ leaseSec: 30 });
      await q.renew(d, 30);
      await q.renew(d, 10);
      await assert.rejects(q.renew(d, 31), RangeError);
      await assert.rejects(q.receive({ leaseSec: 31 }), RangeError);
      await q.complete(d);
      await assert.rejects(q.renew(d, 30), { name: 'LeaseLostError' }, 'a completed message has no lease');
    });

    it('retryLater: delivered again (same id, deliveryCount 2) no earlier than the delay', async () => {
      await drain();
      const m = message();
      await q.send(m);
      const [d1] = await q.receive({ leaseSec: 30 });
      const handedBackAt = Date.now();
      await q.retryLater(d1, 2, 'appserver busy (429)');
      assert.deepEqual(await q.receive({ leaseSec: 30 }), [], 'not at once');
      assert.equal(await q.depth(), 1, 'waiting meanwhile');
      const [d2] = await receiveUntil(q, 1, 20_000);
      assert.ok(d2);
      assert.ok(Date.now() - handedBackAt >= 2000, 'not before the delay');
      assert.equal(d2.id, d1.id);
      assert.deepEqual(d2.message, m);
      assert.equal(d2.deliveryCount, 2);
      // The first delivery's handle is stale now: it can neither renew nor retry the second one.
      await assert.rejects(q.renew(d1, 30), { name: 'LeaseLostError' });
      await assert.rejects(q.retryLater(d1, 0, 'stale'), { name: 'LeaseLostError' });
      await q.retryLater(d2, 0, 'again');
      const [d3] = await receiveUntil(q, 1, 10_000);
      assert.equal(d3.deliveryCount, 3);
      await q.complete(d3);
    });

    it('deadLetter: never delivered again, listed with its reason, replayed onto the main queue', async () => {
      await drain();
      const m = message();
      await q.send(m);
      const [d] = await q.receive({ leaseSec: 30 });
      await q.deadLetter(d, 'appserver said 422: parcel too small');
      assert.deepEqual(await q.receive({ leaseSec: 30, max: 10 }), []);
      assert.equal(await q.depth(), 0);
      await assert.rejects(q.renew(d, 30), { name: 'LeaseLostError' });

      const letters = await q.listDeadLetters();
      const letter = letters.find((l) => l.message.job_id === m.job_id);
      assert.ok(letter);
      assert.deepEqual(letter.message, m);
      assert.equal(letter.reason, 'appserver said 422: parcel too small');
      assert.ok(!Number.isNaN(Date.parse(letter.dead_lettered_at)));

      assert.equal(await q.replayDeadLetter(letter.id), true);
      assert.equal(await q.replayDeadLetter(letter.id), false, 'a letter is replayed once');
      assert.equal(await q.replayDeadLetter(randomUUID()), false);
      assert.equal(await q.replayDeadLetter('not-a-uuid'), false);
      assert.equal(
        (await q.listDeadLetters()).some((l) => l.id === letter.id),
        false,
      );
      const [again] = await q.receive({ leaseSec: 30 });
      assert.deepEqual(again.message, m);
      assert.equal(again.deliveryCount, 1);
      await q.complete(again);
    });

    it('refuses to dead-letter or retry a message it no longer holds', async () => {
      await drain();
      await q.send(message());
      const [d] = await q.receive({ leaseSec: 30 });
      await q.complete(d);
      await assert.rejects(q.deadLetter(d, 'late'), { name: 'LeaseLostError' });
      await assert.rejects(q.retryLater(d, 0, 'late'), { name: 'LeaseLostError' });
      assert.equal(
        (await q.listDeadLetters()).some((l) => l.reason === 'late'),
        false,
      );
    });

    it('lets pg-boss dead-letter a message whose deliveries die maxDeliveries times; retryLater never spends them', async () => {
      const small = createPgBossQueue({ db, leaseSec: 30, name: 'kuduso-small', maxDeliveries: 2 });
      await small.start();
      try {
        const m = message();
        await small.send(m);
        // Settled retries (outage waits, hand-backs) many times the limit: the message keeps coming back.
        let d = (await small.receive({ leaseSec: 30 }))[0];
        for (let i = 1; i <= 6; i++) {
          await small.retryLater(d, 0, `outage ${i}`);
          [d] = await receiveUntil(small, 1, 10_000);
          assert.ok(d, `delivered again after retryLater ${i}`);
          assert.equal(d.deliveryCount, i + 1);
        }
        assert.deepEqual(await small.listDeadLetters(), []);
        // Deliveries that die (what pg-boss's supervisor does to a lapsed lease: fail the claim) are counted.
        const crash = (x: Delivery, why: string) =>
          small.boss.fail(small.name, { id: x.id, retryCount: x.deliveryCount - 1 }, { reason: why });
        await crash(d, 'crash 1');
        [d] = await receiveUntil(small, 1, 10_000);
        assert.ok(d, 'one crash is within the budget');
        await crash(d, 'crash 2');
        assert.deepEqual(await small.receive({ leaseSec: 30 }), []);
        const [letter] = await small.listDeadLetters();
        assert.deepEqual(letter.message, m);
        assert.match(letter.reason, /gave up after \d+ deliveries: crash 2/);
        assert.equal(await small.replayDeadLetter(letter.id), true);
        const [back] = await small.receive({ leaseSec: 30 });
        assert.deepEqual(back.message, m);
        await small.complete(back);
      } finally {
        await small.stop();
      }
    });

    it('wakes a waiting receive when a send commits (LISTEN/NOTIFY), without polling for it', {
      timeout: 30_000,
    }, async () => {
      // The backstop poll far beyond the test's own timeout: only the NOTIFY can end this receive in time.
      const woken = createPgBossQueue({ db, leaseSec: 30, name: 'kuduso-notify', listenBackstopMs: 600_000 });
      await woken.start();
      try {
        const waiting = woken.receive({ leaseSec: 30, waitMs: 600_000 });
        await sleep(200); // the receive is napping now
        const m = message();
        await db.transaction((tx) => woken.enqueue(tx, [{ message: m }]));
        const [d] = await waiting;
        assert.deepEqual(d.message, m);
        await woken.complete(d);
      } finally {
        await woken.stop();
      }
    });

    it('starts twice and against an existing schema without harm', async () => {
      await q.start();
      const other = createPgBossQueue({ db, leaseSec: 30 });
      await other.start();
      await other.stop();
      await q.send(message());
      assert.equal(await q.depth(), 1);
    });
  });
}

describe('createPgBossQueue options', () => {
  it('refuses a lease pg-boss cannot keep', async () => {
    const t = await openTestDb('pglite', { migrate: false });
    try {
      assert.throws(() => createPgBossQueue({ db: t.db, leaseSec: 5 }), RangeError);
      assert.throws(() => createPgBossQueue({ db: t.db, leaseSec: 30, maxRunSec: 20 }), RangeError);
      assert.throws(() => createPgBossQueue({ db: t.db, leaseSec: 30, maxDeliveries: 0 }), RangeError);
    } finally {
      await t.close();
    }
  });
});

describe('migrateQueue', () => {
  it('installs the pg-boss schema and the queues, leaving nothing running', async () => {
    const t = await openTestDb('pg');
    try {
      await migrateQueue({ db: t.db, leaseSec: 30 });
      const { rows } = await t.db.executeSql<{ name: string }>('SELECT name FROM pgboss.queue ORDER BY name');
      assert.deepEqual(
        rows.map((r) => r.name),
        ['kuduso-jobs', 'kuduso-jobs.dead'],
      );
      await migrateQueue({ db: t.db, leaseSec: 30 });
    } finally {
      await t.close();
    }
  });
});
