// The AppServer's outages are not the jobs' fault: down for 30 s (killed, then started again) or with every
// seat full under four times the load it can take, every job still succeeds — with retry delays so short
// (RETRY_BASE_SEC 0.2, RETRY_MAX_SEC 1) that counting those failures as attempts would use up MAX_ATTEMPTS
// within seconds. A job that fails for its own reason is dead-lettered at its first attempt.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { type Proc, stop } from '../support/processes.ts';
import { type System, startSystem } from '../support/system.ts';

/** Long enough to be many times what MAX_ATTEMPTS x RETRY_MAX_SEC would survive (5 x 1 s). */
const OUTAGE_MS = 30_000;

describe('fault: appserver', () => {
  let sys: System;
  let appserver: Proc;
  before(async () => {
    sys = await startSystem({
      RETRY_BASE_SEC: '0.2',
      RETRY_MAX_SEC: '1',
      MAX_ATTEMPTS: '5',
      LOCK_RENEW_SEC: '2',
      LEASE_SEC: '10',
      ADMIN_TOKEN: 'fault-admin',
    });
    appserver = await sys.start('appserver', { APPSERVER_SEATS: '2' });
    await sys.start('api');
  });
  after(() => sys?.close());
  // Each test starts its own workers; whatever it left running (a failed assertion) stops before the next.
  afterEach(async () => {
    for (const p of sys.procs) if (p.role === 'worker') await stop(p, 'SIGKILL');
  });

  test(`down for ${OUTAGE_MS / 1000} s: every queued job succeeds afterwards`, async (t) => {
    const worker = await sys.start('worker', { WORKER_CONCURRENCY: '2' });
    await stop(appserver, 'SIGKILL');
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await sys.submit({ value: i, delay_ms: 50 });
      assert.equal(res.status, 202);
      ids.push(res.body.job_id as string);
    }
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    const during = await sys.jobs.statuses(ids);
    assert.equal(
      during.failed,
      undefined,
      `no job failed while the AppServer was down: ${JSON.stringify(during)}`,
    );
    appserver = await sys.start('appserver', { APPSERVER_SEATS: '2' });
    const back = Date.now();
    const final = await sys.jobs.waitTerminal(ids, 90_000).catch((e: Error) => {
      const tail = worker
        .lines()
        .slice(-15)
        .map((l) => `${l.time} ${l.msg} ${l.err ?? l.last_error ?? ''}`);
      throw new Error(
        `${e.message}; worker exit ${worker.child.exitCode}; its log ends:\n${tail.join('\n')}`,
      );
    });
    t.diagnostic(`all 30 jobs done ${Date.now() - back} ms after the AppServer was back`);
    assert.deepEqual(final, { succeeded: 30 });
    await stop(worker);
  });

  test('seats full under 4x the load: every job succeeds', async () => {
    // 2 seats; two workers of 4 slots each ask for 8 at once.
    const workers = [
      await sys.start('worker', { WORKER_CONCURRENCY: '4' }),
      await sys.start('worker', { WORKER_CONCURRENCY: '4' }),
    ];
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await sys.submit({ value: 1000 + i, delay_ms: 300 });
      assert.equal(res.status, 202);
      ids.push(res.body.job_id as string);
    }
    const final = await sys.jobs.waitTerminal(ids, 120_000);
    assert.deepEqual(final, { succeeded: 40 });
    const refused = sys.logs('appserver').filter((l) => l.code === 'NO_FREE_SEAT').length;
    assert.ok(refused > 0, 'the AppServer did refuse solves for want of a seat');
    for (const w of workers) await stop(w);
  });

  test('a job failing for its own reason is dead-lettered at attempt 1', async () => {
    const worker = await sys.start('worker');
    const res = await sys.submit({ value: 1, fail_always: true, fail_status: 422 });
    assert.equal(res.status, 202);
    const id = res.body.job_id as string;
    assert.deepEqual(await sys.jobs.waitTerminal([id], 30_000), { failed: 1 });
    const { rows } = await sys.jobs.db.executeSql<{ attempts: number }>(
      'SELECT attempts FROM job WHERE id = $1',
      [id],
    );
    assert.equal(rows[0].attempts, 1);
    const letters = (await (
      await fetch(`${sys.env.apiUrl}/admin/dead-letters`, {
        headers: { authorization: 'Bearer fault-admin' },
      })
    ).json()) as {
      dead_letters: { message: { job_id: string } }[];
    };
    assert.ok(letters.dead_letters.some((l) => l.message.job_id === id));
    await stop(worker);
  });
});
