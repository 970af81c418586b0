// A lease that lapses without renew hands the message to the next consumer; a renewed one does not.
// pg-boss's shortest heartbeat is 10 s, so this file waits that long (once per driver, side by side).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openTestDb, TEST_DRIVERS } from '@kuduso/db/testing';
import { createPgBossQueue, type Delivery, type JobMessage } from '@kuduso/queue';

const LEASE_SEC = 10;

function message(): JobMessage {
  return {
    job_id: randomUUID(),
    tenant_id: 'public',
    app_id: 'app',
    definition: 'sitefit',
    version: '1.0.0',
    correlation_id: randomUUID(),
  };
}

describe('leases', { concurrency: true }, () => {
  for (const driver of TEST_DRIVERS) {
    it(`on ${driver}: an unrenewed lease lapses and the message is delivered again; a renewed one is kept`, async () => {
      const t = await openTestDb(driver);
      // Two consumers of one queue, as two worker processes would be (on PGlite they share the instance).
      const first = createPgBossQueue({ db: t.db, leaseSec: LEASE_SEC, superviseIntervalSec: 1 });
      const second = createPgBossQueue({ db: t.db, leaseSec: LEASE_SEC, superviseIntervalSec: 1 });
      try {
        await first.start();
        await second.start();
        const kept = message();
        const dropped = message();
        await first.send(kept, { priority: 1 });
        await first.send(dropped);
        const held = await first.receive({ leaseSec: LEASE_SEC, max: 2 });
        assert.equal(held.length, 2);
        const keptDelivery = held.find((d) => d.message.job_id === kept.job_id)!;
        const droppedDelivery = held.find((d) => d.message.job_id === dropped.job_id)!;
        const leasedAt = Date.now();

        // Keep renewing one; leave the other alone until the second consumer gets it.
        let redelivered: Delivery | undefined;
        const deadline = leasedAt + 90_000;
        while (!redelivered && Date.now() < deadline) {
          await first.renew(keptDelivery, LEASE_SEC);
          const got = await second.receive({ leaseSec: LEASE_SEC, max: 2 });
          assert.ok(
            got.every((d) => d.message.job_id !== kept.job_id),
            'the renewed message is never handed to anyone else',
          );
          redelivered = got[0];
          if (!redelivered) await sleep(1000);
        }
        assert.ok(redelivered, 'the unrenewed message came back');
        assert.ok(Date.now() - leasedAt >= LEASE_SEC * 1000, 'not before its lease ran out');
        assert.equal(redelivered.id, droppedDelivery.id);
        assert.deepEqual(redelivered.message, dropped);
        assert.equal(redelivered.deliveryCount, 2);

        // The first consumer lost it: it can no longer renew, retry or dead-letter it, and its late
        // complete() leaves the new delivery alone.
        await assert.rejects(first.renew(droppedDelivery, LEASE_SEC), { name: 'LeaseLostError' });
        await assert.rejects(first.deadLetter(droppedDelivery, 'late'), { name: 'LeaseLostError' });
        await first.complete(droppedDelivery);
        await second.renew(redelivered, LEASE_SEC);

        await first.complete(keptDelivery);
        await second.complete(redelivered);
        assert.equal(await first.depth(), 0);
        assert.deepEqual(await second.receive({ leaseSec: LEASE_SEC, max: 5 }), []);
      } finally {
        await first.stop();
        await second.stop();
        await t.close();
      }
    });
  }
});
