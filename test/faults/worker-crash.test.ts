// Workers killed (SIGKILL) in the middle of jobs, 20 times: every job still succeeds with exactly one result,
// and — because the AppServer aborts a solve whose caller's connection closed — no job ever solves twice at
// once (checked from the AppServer's own log: each solve's start and end, per job).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stop } from '../support/processes.ts';
import { type System, startSystem, until } from '../support/system.ts';

const KILLS = 20;
const JOBS = 40;

describe('fault: worker crash', () => {
  let sys: System;
  before(async () => {
    sys = await startSystem({
      LOCK_RENEW_SEC: '2',
      LEASE_SEC: '10',
      WORKER_CONCURRENCY: '1',
      // A job may be in flight at more than one of the 20 kills; it must not be taken for poison here.
      POISON_DELIVERIES: '10',
      APPSERVER_SEATS: '8',
    });
    await sys.start('appserver');
    await sys.start('api');
  });
  after(() => sys?.close());

  test(`${KILLS} workers killed mid-job: every job succeeds, one result each, never two solves at once`, async (t) => {
    const ids: string[] = [];
    for (let i = 0; i < JOBS; i++) {
      const res = await sys.submit({ value: i, delay_ms: 1500 });
      assert.equal(res.status, 202);
      ids.push(res.body.job_id as string);
    }
    // Three workers at a time; whenever one is mid-job (it has started a job and the AppServer is solving
    // it) it is killed and a new one started, so process start-up overlaps the other workers' work.
    const live = await Promise.all([sys.start('worker'), sys.start('worker'), sys.start('worker')]);
    for (let k = 0; k < KILLS; k++) {
      let victim: (typeof live)[number] | undefined;
      await until(
        `kill ${k}: a worker starts a job`,
        () => {
          victim = live.find((w) => w.lines().some((l) => l.msg === 'job started'));
          return victim !== undefined;
        },
        60_000,
      );
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
      const dead = victim as (typeof live)[number];
      await stop(dead, 'SIGKILL');
      live.splice(live.indexOf(dead), 1, await sys.start('worker'));
    }
    // The three survivors and one more with four slots drain the rest.
    await sys.start('worker', { WORKER_CONCURRENCY: '4' });
    const final = await sys.jobs.waitTerminal(ids, 180_000);
    assert.deepEqual(final, { succeeded: JOBS });
    const results = await sys.jobs.resultCounts(ids);
    assert.ok(
      ids.every((id) => results.get(id) === 1),
      'one result each',
    );

    // The AppServer's log: one line per solve (succeeded, or failed when its caller went), with its duration.
    const solves = sys
      .logs('appserver')
      .filter((l) => l.msg === 'solve succeeded' || l.msg === 'solve failed')
      .map((l) => {
        const end = Date.parse(String(l.time));
        return { job: String(l.job_id), start: end - Number(l.duration_ms), end, code: l.code };
      });
    const aborted = solves.filter((s) => s.code === 'CALLER_GONE').length;
    t.diagnostic(`${solves.length} solves for ${JOBS} jobs, ${aborted} aborted because their worker died`);
    assert.ok(aborted > 0, 'solves of killed workers were aborted');
    const byJob = Map.groupBy(solves, (s) => s.job);
    for (const [job, list] of byJob) {
      list.sort((a, b) => a.start - b.start);
      for (let i = 1; i < list.length; i++) {
        assert.ok(list[i].start >= list[i - 1].end - 1, `job ${job} solved twice at once`);
      }
    }
  });
});
