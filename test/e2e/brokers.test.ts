// Jobs end to end with a broker backend (RabbitMQ on 127.0.0.1:5672): the API writes an outbox row in the
// job's transaction, the relay publishes it, the worker runs it. Dead letters through the admin API and
// through `kuduso dlq` (a real child process) on the same backend. Random queue names, deleted after.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { findJobById } from '@kuduso/db';
import { mockJob, REPO, type Stack, startStack, submit } from '../harness.ts';

const run = promisify(execFile);
const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

describe('jobs end to end on rabbitmq', { timeout: 120_000 }, () => {
  let stack: Stack;
  const env = {
    QUEUE_BACKEND: 'rabbitmq',
    RABBITMQ_URL,
    QUEUE_NAME: `kuduso-test-${randomBytes(5).toString('hex')}`,
  };
  before(async () => {
    stack = await startStack('pg', { env });
  });
  after(() => stack?.close());

  test('a job goes through the outbox and the broker to success, once', async () => {
    const r = await submit(stack, mockJob({ value: 7 }));
    assert.equal(r.status, 202);
    const job = await stack.waitFor(String(r.body.job_id), ['succeeded', 'failed']);
    assert.equal(job.status, 'succeeded');
    assert.equal(job.attempts, 1);
    const { rows } = await stack.db.executeSql<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
    );
    assert.equal(rows[0].n, 0, 'the outbox is drained');
  });

  test('an outage (503) is retried without an attempt; a 500 counts one', async () => {
    const outage = await submit(stack, mockJob({ value: 8, fail_first: 1, fail_status: 503 }));
    const failing = await submit(stack, mockJob({ value: 9, fail_first: 1, fail_status: 500 }));
    assert.equal((await stack.waitFor(String(outage.body.job_id), ['succeeded'], 30_000)).attempts, 1);
    assert.equal((await stack.waitFor(String(failing.body.job_id), ['succeeded'], 30_000)).attempts, 2);
  });

  test('a dead letter is listed and shown by `kuduso dlq`, replayed by it, and the job then succeeds', async () => {
    const r = await submit(stack, mockJob({ value: 10, fail_first: 1, fail_status: 422 }));
    const id = String(r.body.job_id);
    await stack.waitFor(id, ['failed']);
    const cli = (...args: string[]) =>
      run(process.execPath, [`${REPO}/packages/cli/src/main.ts`, 'dlq', ...args], {
        env: { ...process.env, ...env, DATABASE_URL: String(stack.databaseUrl), LOG_LEVEL: 'warn' },
        timeout: 60_000,
      });
    type Letter = { id: string; reason: string; message: { job_id: string } };
    let letter: Letter | undefined;
    for (let i = 0; i < 50 && !letter; i++) {
      const list = JSON.parse((await cli('list')).stdout) as Letter[];
      letter = list.find((l) => l.message.job_id === id);
    }
    assert.ok(letter, 'listed by kuduso dlq list');
    assert.match(letter.reason, /422/);
    const shown = JSON.parse((await cli('show', letter.id)).stdout);
    assert.equal(shown.message.job_id, id);
    const viaApi = await stack.api.inject({ url: `/admin/dead-letters/${encodeURIComponent(letter.id)}` });
    assert.equal(viaApi.statusCode, 200, 'the admin API sees the same letter');
    const replay = JSON.parse((await cli('replay', letter.id)).stdout);
    assert.deepEqual(replay, { replayed: [letter.id], missing: [] });
    const done = await stack.waitFor(id, ['succeeded'], 30_000);
    assert.equal(done.attempts, 1, 'a fresh attempt budget');
    await assert.rejects(cli('show', letter.id), /no dead letter/);
    assert.equal((await findJobById(stack.db, id))?.status, 'succeeded');
  });
});
