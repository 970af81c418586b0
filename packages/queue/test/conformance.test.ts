// One suite, every backend: what the worker and the API rely on, whatever carries the messages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Delivery, type JobMessage, LeaseLostError, type QueueBackendAdapter } from '@kuduso/queue';
import { BACKENDS, type BackendFixture, message } from './support/backends.ts';

/** Receives until a delivery for `jobId` comes (others are left leased) or timeoutMs passes. */
async function receiveJob(
  q: QueueBackendAdapter,
  jobId: string,
  timeoutMs: number,
): Promise<Delivery | undefined> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const d of await q.receive({ max: 10 })) {
      if (d.message.job_id === jobId) return d;
      await q.complete(d); // a leftover of an earlier test
    }
    await sleep(50);
  }
  return undefined;
}

for (const spec of BACKENDS) {
  describe(`queue conformance on ${spec.name}`, { timeout: 120_000 }, () => {
    let f: BackendFixture;
    let q: QueueBackendAdapter;
    before(async () => {
      f = await spec.setup();
      q = await f.open();
    });
    after(() => f?.close());

    const enqueue = (m: JobMessage, delaySec?: number) =>
      f.db.transaction((tx) => q.enqueue(tx, [{ message: m, delaySec }]));

    it('a committed enqueue is delivered with its body; completed, it is not delivered again', async () => {
      const m = message();
      await enqueue(m);
      const d = await receiveJob(q, m.job_id, 10_000);
      assert.ok(d, 'delivered');
      assert.deepEqual(d.message, m);
      assert.equal(d.deliveryCount, 1);
      await q.complete(d);
      assert.equal(await receiveJob(q, m.job_id, 1500), undefined);
    });

    it('a rolled-back enqueue sends nothing', async () => {
      const m = message();
      await assert.rejects(
        f.db.transaction(async (tx) => {
          await q.enqueue(tx, [{ message: m }]);
          throw new Error('rolled back');
        }),
        /rolled back/,
      );
      await f.relay?.drain();
      assert.equal(await receiveJob(q, m.job_id, 1500), undefined);
    });

    it('an unrenewed lease lapses and the message is delivered again; the old holder has lost it', async () => {
      const m = message();
      await enqueue(m);
      const first = await receiveJob(q, m.job_id, 10_000);
      assert.ok(first);
      const again = await receiveJob(q, m.job_id, (f.leaseSec * 3 + 5) * 1000);
      assert.ok(again, 'redelivered after the lease');
      assert.ok(again.deliveryCount >= 2, `deliveryCount ${again.deliveryCount}`);
      await assert.rejects(q.renew(first), LeaseLostError);
      await q.complete(again);
    });

    it('renewing keeps the lease: nobody else gets the message', async () => {
      const m = message();
      await enqueue(m);
      const d = await receiveJob(q, m.job_id, 10_000);
      assert.ok(d);
      // A second consumer that completes nothing: stopped at the end, so what it holds goes back.
      const other = await f.open();
      try {
        const until = Date.now() + f.leaseSec * 2000 + 1000;
        while (Date.now() < until) {
          await q.renew(d);
          assert.equal(
            (await other.receive({ max: 10 })).find((x) => x.message.job_id === m.job_id),
            undefined,
          );
          await sleep((f.leaseSec * 1000) / 4);
        }
        await q.complete(d);
      } finally {
        await other.stop();
      }
    });

    it('retryLater honours the delay and counts the delivery', async () => {
      const m = message();
      await enqueue(m);
      const d = await receiveJob(q, m.job_id, 10_000);
      assert.ok(d);
      const delaySec = 2;
      const handedBack = Date.now();
      await q.retryLater(d, delaySec, 'try again later');
      const early = await receiveJob(q, m.job_id, 800);
      assert.equal(early, undefined, 'not before its delay');
      const later = await receiveJob(q, m.job_id, 15_000);
      assert.ok(later);
      assert.ok(Date.now() - handedBack >= delaySec * 1000 - 50, 'delivered no earlier than the delay');
      assert.equal(later.deliveryCount, 2);
      await q.complete(later);
    });

    it('dead-letters after max attempts with the reason, lists and inspects it, replays it once', async () => {
      const m = message();
      await enqueue(m);
      let d = await receiveJob(q, m.job_id, 10_000);
      for (let attempt = 1; d && attempt < 3; attempt++) {
        await q.retryLater(d, 0, `attempt ${attempt} failed`);
        d = await receiveJob(q, m.job_id, 10_000);
      }
      assert.ok(d);
      assert.equal(d.deliveryCount, 3);
      await q.deadLetter(d, 'ENGINE_FAILED (gave up after 3 attempts)');
      assert.equal(await receiveJob(q, m.job_id, 1000), undefined, 'a dead letter is not delivered');
      const letter = (await q.listDeadLetters(1000)).find((l) => l.message.job_id === m.job_id);
      assert.ok(letter);
      assert.match(letter.reason, /gave up after 3 attempts/);
      assert.deepEqual((await q.inspectDeadLetter(letter.id))?.message, m);
      let replayedIn: string | undefined;
      assert.equal(
        await q.replayDeadLetter(letter.id, {
          onReplay: async (_tx, msg) => {
            replayedIn = msg.job_id;
          },
        }),
        true,
      );
      assert.equal(replayedIn, m.job_id);
      assert.equal(await q.replayDeadLetter(letter.id), false, 'once');
      assert.equal(await q.inspectDeadLetter(letter.id), null);
      const back = await receiveJob(q, m.job_id, 10_000);
      assert.ok(back, 'replayed into the main queue');
      await q.complete(back);
    });

    it('several consumers share the work: every message handled once, in any order', async () => {
      const messages = Array.from({ length: 40 }, message);
      await f.db.transaction((tx) =>
        q.enqueue(
          tx,
          messages.map((message) => ({ message })),
        ),
      );
      const wanted = new Set(messages.map((m) => m.job_id));
      const extra = [await f.open(), await f.open()];
      const consumers = [q, ...extra];
      const handled: string[] = [];
      const until = Date.now() + 30_000;
      await Promise.all(
        consumers.map(async (c) => {
          while (handled.length < wanted.size && Date.now() < until) {
            const got = await c.receive({ max: 5 });
            if (got.length === 0) await sleep(20);
            for (const d of got) {
              if (wanted.has(d.message.job_id)) handled.push(d.message.job_id);
              await c.complete(d);
            }
          }
        }),
      );
      for (const c of extra) await c.stop();
      assert.equal(handled.length, wanted.size, 'no message handled twice, none lost');
      assert.deepEqual(new Set(handled), wanted);
    });
  });
}
