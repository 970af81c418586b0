// The API killed (SIGKILL) in the middle of a burst of submissions: every job it answered 202 for exists and
// ends succeeded once a new API process is up — group commit never acknowledges a job before its transaction
// (job row and queue message together) has committed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stop } from '../support/processes.ts';
import { type System, startSystem, until } from '../support/system.ts';

describe('fault: api crash', () => {
  let sys: System;
  before(async () => {
    sys = await startSystem({ WORKER_CONCURRENCY: '4', APPSERVER_SEATS: '8' });
    await sys.start('appserver');
    await sys.start('worker');
  });
  after(() => sys?.close());

  test('SIGKILL mid-burst: every 202 job exists and ends succeeded', async (t) => {
    const api = await sys.start('api');
    const accepted: string[] = [];
    let lost = 0;
    let running = true;
    // 16 clients submitting as fast as they can.
    const clients = Array.from({ length: 16 }, async (_, c) => {
      for (let i = 0; running; i++) {
        try {
          const res = await sys.submit({ value: c * 10_000 + i });
          if (res.status === 202 && res.body.job_id) accepted.push(res.body.job_id);
        } catch {
          lost++; // no answer: the process died under it (or refused the connection)
          if (!running) break;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    });
    await until('200 jobs accepted', () => accepted.length >= 200, 60_000);
    await stop(api, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    running = false;
    await Promise.all(clients);
    t.diagnostic(`${accepted.length} accepted before the kill; ${lost} requests without an answer`);
    assert.ok(lost > 0, 'the kill hit requests in flight');

    await sys.start('api');
    const final = await sys.jobs.waitTerminal(accepted, 120_000);
    assert.deepEqual(final, { succeeded: new Set(accepted).size }, 'every accepted job exists and succeeded');
    const statuses = await Promise.all(
      accepted.slice(0, 20).map(async (id) => (await fetch(`${sys.env.apiUrl}/jobs/status/${id}`)).status),
    );
    assert.deepEqual([...new Set(statuses)], [200], 'and the new API process serves them');
  });
});
