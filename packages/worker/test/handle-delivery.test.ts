// handleDelivery on a real (in-memory PGlite) database, with a recording consumer and a scripted AppServer
// answer: each outcome decides the job row and the message as the issue asks.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { SolveOutcome } from '@kuduso/appserver-client';
import { parseConfig } from '@kuduso/core';
import { createLogger, loadRegistry } from '@kuduso/core/node';
import { findJobById, insertJob, markRunning } from '@kuduso/db';
import { openTestDb, type TestDb } from '@kuduso/db/testing';
import type { Consumer, Delivery, JobMessage } from '@kuduso/queue';
import { LeaseLostError } from '@kuduso/queue';
import { type HandleDeps, handleDelivery, pauseFor } from '@kuduso/worker';

const CONTRACTS = new URL('../../../test/fixtures/contracts', import.meta.url).pathname;
const config = parseConfig({
  RETRY_BASE_SEC: '0.01',
  RETRY_MAX_SEC: '0.02',
  MAX_ATTEMPTS: '3',
  POISON_DELIVERIES: '3',
  LOCK_RENEW_SEC: '1',
  LEASE_SEC: '10',
});

type Call = [string, ...unknown[]];
function recordingConsumer(renew?: () => Promise<void>): Consumer & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    backend: 'pgboss',
    leaseSec: 10,
    calls,
    receive: async () => [],
    renew: async (d) => {
      calls.push(['renew', d.id]);
      await renew?.();
    },
    complete: async (d) => void calls.push(['complete', d.id]),
    retryLater: async (d, delay, reason) => void calls.push(['retryLater', d.id, delay, reason]),
    deadLetter: async (d, reason) => void calls.push(['deadLetter', d.id, reason]),
  };
}

describe('handleDelivery', () => {
  let t: TestDb;
  before(async () => {
    t = await openTestDb('pglite');
  });
  after(() => t?.close());

  async function newJob(): Promise<Delivery> {
    const row = await insertJob(t.db, {
      app_id: 'tests',
      definition: 'mock',
      version: '1.0.0',
      inputs_hash: randomUUID(),
      payload_json: { value: 1 },
      correlation_id: `c-${randomUUID()}`,
    });
    assert.ok(row);
    const message: JobMessage = {
      job_id: row.id,
      tenant_id: row.tenant_id,
      app_id: row.app_id,
      definition: row.definition,
      version: row.version,
      correlation_id: row.correlation_id,
    };
    return { id: randomUUID(), message, deliveryCount: 1 };
  }

  function deps(
    consumer: Consumer,
    answer: (signal?: AbortSignal) => Promise<SolveOutcome> | SolveOutcome,
    extra: Partial<HandleDeps> = {},
  ): HandleDeps {
    return {
      config,
      registry: loadRegistry([CONTRACTS]),
      db: t.db,
      consumer,
      logger: createLogger('worker', 'silent'),
      solve: async (call) => answer(call.signal),
      ...extra,
    };
  }

  it('succeeds: result stored, job succeeded, message completed', async () => {
    const d = await newJob();
    const c = recordingConsumer();
    const r = await handleDelivery(
      deps(c, () => ({ kind: 'ok', outputs: { results: [{ score: 0.5 }] }, artifacts: [] })),
      d,
    );
    assert.equal(r.kind, 'succeeded');
    assert.equal((await findJobById(t.db, d.message.job_id))?.status, 'succeeded');
    assert.deepEqual(c.calls, [['complete', d.id]]);
  });

  it('a non-retryable catalogue code fails at once and dead-letters, even with a 5xx status', async () => {
    const d = await newJob();
    const c = recordingConsumer();
    const r = await handleDelivery(
      deps(c, () => ({
        kind: 'http-error',
        status: 502,
        code: 'INVALID_ENGINE_OUTPUT',
        error: '502 INVALID_ENGINE_OUTPUT: bad',
      })),
      d,
    );
    assert.equal(r.kind, 'failed');
    const job = await findJobById(t.db, d.message.job_id);
    assert.equal(job?.status, 'failed');
    assert.equal(job?.attempts, 1);
    assert.equal(c.calls[0][0], 'deadLetter');
  });

  it('a retryable failure counts an attempt and is retried later; at MAX_ATTEMPTS it is dead-lettered', async () => {
    const d = await newJob();
    const c = recordingConsumer();
    const answer = () =>
      ({ kind: 'http-error', status: 500, code: 'ENGINE_FAILED', error: '500 ENGINE_FAILED: boom' }) as const;
    for (let i = 1; i <= 2; i++) {
      const r = await handleDelivery(deps(c, answer), d);
      assert.deepEqual([r.kind, r.kind === 'retried' && r.counted], ['retried', true]);
      assert.equal((await findJobById(t.db, d.message.job_id))?.attempts, i);
    }
    const last = await handleDelivery(deps(c, answer), d);
    assert.equal(last.kind, 'failed');
    assert.match(last.kind === 'failed' ? last.error : '', /gave up after 3 attempts/);
    assert.deepEqual(
      c.calls.map((x) => x[0]),
      ['retryLater', 'retryLater', 'deadLetter'],
    );
  });

  it('unknown codes fall back to the status: 4xx fails, 5xx retries', async () => {
    const d1 = await newJob();
    const r1 = await handleDelivery(
      deps(recordingConsumer(), () => ({ kind: 'http-error', status: 422, error: 'HTTP 422' })),
      d1,
    );
    assert.equal(r1.kind, 'failed');
    const d2 = await newJob();
    const r2 = await handleDelivery(
      deps(recordingConsumer(), () => ({
        kind: 'http-error',
        status: 500,
        code: 'WHO_KNOWS',
        error: '500 WHO_KNOWS',
      })),
      d2,
    );
    assert.deepEqual([r2.kind, r2.kind === 'retried' && r2.counted], ['retried', true]);
  });

  for (const [name, outcome] of [
    ['unreachable', { kind: 'unreachable', error: 'AppServer unreachable: ECONNREFUSED' }],
    [
      '429 NO_FREE_SEAT',
      { kind: 'http-error', status: 429, code: 'NO_FREE_SEAT', error: '429 NO_FREE_SEAT', retryAfterSec: 2 },
    ],
    ['503 without a body', { kind: 'http-error', status: 503, error: 'HTTP 503' }],
  ] as [string, SolveOutcome][]) {
    it(`an outage (${name}) is retried without counting an attempt and pauses the worker`, async () => {
      const d = await newJob();
      const c = recordingConsumer();
      for (let i = 0; i < 4; i++) {
        const r = await handleDelivery(
          deps(c, () => outcome),
          d,
        );
        assert.equal(r.kind, 'retried');
        assert.equal(r.kind === 'retried' && r.counted, false);
        assert.equal(pauseFor(r)?.cause, 'appserver');
      }
      const job = await findJobById(t.db, d.message.job_id);
      assert.equal(job?.status, 'queued');
      assert.equal(job?.attempts, 0, 'four outages, no attempt used (MAX_ATTEMPTS is 3)');
      if (outcome.kind === 'http-error' && outcome.retryAfterSec) assert.ok((c.calls[0][2] as number) >= 2);
    });
  }

  it('shutdown aborts the running call and hands the job back without losing an attempt', async () => {
    const d = await newJob();
    const c = recordingConsumer();
    const shutdown = new AbortController();
    const r = await handleDelivery(
      deps(
        c,
        (signal) =>
          new Promise((resolve) => {
            signal?.addEventListener('abort', () =>
              resolve({ kind: 'aborted', error: 'aborted', reason: signal.reason }),
            );
            setTimeout(() => shutdown.abort(), 20);
          }),
        { shutdown: shutdown.signal },
      ),
      d,
    );
    assert.equal(r.kind, 'handed-back');
    const job = await findJobById(t.db, d.message.job_id);
    assert.equal(job?.status, 'queued');
    assert.equal(job?.attempts, 0);
    assert.deepEqual(c.calls.at(-1)?.slice(0, 3), ['retryLater', d.id, 0]);
  });

  it('a lost lease aborts the running solve and leaves the message to its new holder', async () => {
    const d = await newJob();
    const c = recordingConsumer(async () => {
      throw new LeaseLostError(d.id, 'renew');
    });
    let aborted: unknown;
    const r = await handleDelivery(
      deps(
        c,
        (signal) =>
          new Promise((resolve) => {
            signal?.addEventListener('abort', () => {
              aborted = signal.reason;
              resolve({ kind: 'aborted', error: 'aborted', reason: signal.reason });
            });
          }),
      ),
      d,
    );
    assert.equal(aborted, 'lease-lost');
    assert.deepEqual(r, { kind: 'skipped', why: 'lease-lost' });
    assert.deepEqual(
      c.calls.filter((x) => x[0] !== 'renew'),
      [],
      'not settled by the old holder',
    );
  });

  it('a cancelled job aborts its solve at the next heartbeat and its message is completed', async () => {
    const d = await newJob();
    const c = recordingConsumer();
    const r = await handleDelivery(
      deps(
        c,
        (signal) =>
          new Promise((resolve) => {
            setTimeout(
              () =>
                void t.db.executeSql(`UPDATE job SET status = 'cancelled' WHERE id = $1`, [d.message.job_id]),
              50,
            );
            signal?.addEventListener('abort', () =>
              resolve({ kind: 'aborted', error: 'aborted', reason: signal.reason }),
            );
          }),
      ),
      d,
    );
    assert.deepEqual(r, { kind: 'skipped', why: 'cancelled' });
    assert.deepEqual(c.calls.at(-1), ['complete', d.id]);
  });

  it('a finished job is completed without running; a duplicate of a live running job is checked again later', async () => {
    const d = await newJob();
    let calls = 0;
    const ok = (): SolveOutcome => {
      calls++;
      return { kind: 'ok', outputs: { results: [] }, artifacts: [] };
    };
    await handleDelivery(deps(recordingConsumer(), ok), d);
    const again = await handleDelivery(deps(recordingConsumer(), ok), { ...d, id: randomUUID() });
    assert.deepEqual(again, { kind: 'skipped', why: 'finished' });
    const live = await newJob();
    await markRunning(t.db, live.message.job_id);
    const c = recordingConsumer();
    const dup = await handleDelivery(deps(c, ok), live);
    assert.deepEqual(dup, { kind: 'skipped', why: 'duplicate' });
    assert.equal(c.calls[0][0], 'retryLater');
    assert.equal(calls, 1, 'no second run');
  });

  it('a job whose deliveries keep dying is dead-lettered as poison at attempt 1', async () => {
    const d = await newJob();
    // Three deliveries that each died mid-run (the heartbeat went stale each time).
    for (let i = 0; i < 3; i++) {
      await markRunning(t.db, d.message.job_id);
      await t.db.executeSql(`UPDATE job SET updated_at = now() - interval '1 hour' WHERE id = $1`, [
        d.message.job_id,
      ]);
    }
    const c = recordingConsumer();
    const r = await handleDelivery(
      deps(c, () => assert.fail('a poison job is not run again')),
      d,
    );
    assert.equal(r.kind, 'failed');
    const job = await findJobById(t.db, d.message.job_id);
    assert.equal(job?.attempts, 1);
    assert.match(String(job?.last_error), /POISON: 3 deliveries/);
    assert.match(String(c.calls[0][2]), /POISON/);
  });

  it('the database being unavailable pauses the worker instead of failing the job', async () => {
    const d = await newJob();
    const c = recordingConsumer();
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const db = {
      ...t.db,
      executeSql: async () => Promise.reject(down),
      transaction: async () => Promise.reject(down),
    } as unknown as typeof t.db;
    const r = await handleDelivery({ ...deps(c, () => assert.fail('not called')), db }, d);
    assert.equal(r.kind, 'database-unavailable');
    assert.equal(pauseFor(r)?.cause, 'database');
    assert.equal((await findJobById(t.db, d.message.job_id))?.status, 'queued');
  });
});
