// A poison job: one that takes its worker down with it on every delivery (as a job whose solve makes the worker
// run out of memory would). The test plays that part: whenever a worker logs that it started the poison job it
// is killed (SIGKILL) and a new worker started. After POISON_DELIVERIES deliveries that ended without settling
// the next one dead-letters it with the reason POISON — no attempt of its own was ever counted — while every
// other job of the same run, on the same workers, succeeds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Proc, stop } from '../support/processes.ts';
import { type System, startSystem, until } from '../support/system.ts';

const POISON_DELIVERIES = 3;

describe('fault: poison', () => {
  let sys: System;
  before(async () => {
    sys = await startSystem({
      LOCK_RENEW_SEC: '2',
      LEASE_SEC: '10',
      // One job per worker process: a job that shared a worker with the poison job would die with it each
      // time (their leases lapse together, so they come back together) and rightly be taken for poison too.
      WORKER_CONCURRENCY: '1',
      POISON_DELIVERIES: String(POISON_DELIVERIES),
      ADMIN_TOKEN: 'fault-admin',
    });
    await sys.start('appserver');
    await sys.start('api');
  });
  after(() => sys?.close());

  test(`a job that kills its worker on every delivery is dead-lettered as poison after ${POISON_DELIVERIES}`, async (t) => {
    const poison = await sys.submit({ value: -1, delay_ms: 60_000 });
    assert.equal(poison.status, 202);
    const poisonId = poison.body.job_id as string;
    const others: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await sys.submit({ value: i, delay_ms: 100 });
      assert.equal(res.status, 202);
      others.push(res.body.job_id as string);
    }

    const workers: Proc[] = [await sys.start('worker'), await sys.start('worker')];
    let kills = 0;
    await until(
      'the poison job ends',
      async () => {
        for (const w of [...workers]) {
          if (w.lines().some((l) => l.msg === 'job started' && l.job_id === poisonId)) {
            await stop(w, 'SIGKILL');
            kills++;
            workers.splice(workers.indexOf(w), 1, await sys.start('worker'));
          }
        }
        const s = await sys.jobs.statuses([poisonId]);
        return s.failed === 1;
      },
      180_000,
    );
    t.diagnostic(`the poison job killed ${kills} workers`);
    assert.equal(kills, POISON_DELIVERIES, 'it ran (and killed its worker) exactly POISON_DELIVERIES times');

    const { rows } = await sys.jobs.db.executeSql<{ last_error: string; attempts: number }>(
      'SELECT last_error, attempts FROM job WHERE id = $1',
      [poisonId],
    );
    assert.match(rows[0].last_error, /^POISON: /);
    assert.equal(
      rows[0].attempts,
      1,
      'a worker dying is not the job failing: one attempt, never counted again',
    );
    const letters = (await (
      await fetch(`${sys.env.apiUrl}/admin/dead-letters`, {
        headers: { authorization: 'Bearer fault-admin' },
      })
    ).json()) as { dead_letters: { reason: string; message: { job_id: string } }[] };
    const letter = letters.dead_letters.find((l) => l.message.job_id === poisonId);
    assert.ok(letter, 'the poison job is a dead letter');
    assert.match(letter.reason, /POISON/);

    assert.deepEqual(await sys.jobs.waitTerminal(others, 120_000), { succeeded: others.length });
    const results = await sys.jobs.resultCounts(others);
    assert.ok(
      others.every((id) => results.get(id) === 1),
      'one result each',
    );
  });
});
