// Dead letters: listed with their reason, and replayed by an operator after the cause is fixed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildApi } from '@kuduso/api';
import { mockJob, type Stack, startStack, submit } from '../harness.ts';

let stack: Stack;
before(async () => {
  stack = await startStack('pg');
});
after(() => stack.close());

test('a dead-lettered job is listed with its reason and, replayed, runs again to success', async () => {
  // The mock fails this job's first solve with 422 (a permanent error), then succeeds: as if fixed upstream.
  const r = await submit(stack, mockJob({ value: 21, fail_first: 1, fail_status: 422 }));
  const id = String(r.body.job_id);
  assert.equal((await stack.waitFor(id, ['failed'])).attempts, 1);
  let letter: { id: string; reason: string; message: { job_id: string } } | undefined;
  for (let i = 0; i < 100 && !letter; i++) {
    const list = await stack.api.inject({ url: '/admin/dead-letters' });
    assert.equal(list.statusCode, 200);
    letter = list.json().dead_letters.find((d: { message: { job_id: string } }) => d.message.job_id === id);
    if (!letter) await new Promise((res) => setTimeout(res, 50));
  }
  assert.ok(letter, 'listed');
  assert.match(letter.reason, /422/);
  const shown = await stack.api.inject({ url: `/admin/dead-letters/${letter.id}` });
  assert.equal(shown.statusCode, 200);
  assert.equal(shown.json().message.job_id, id);
  assert.equal((await stack.api.inject({ url: '/admin/dead-letters/nope' })).statusCode, 404);
  const replay = await stack.api.inject({ method: 'POST', url: `/admin/dead-letters/${letter.id}/replay` });
  assert.equal(replay.statusCode, 202, replay.body);
  assert.equal(replay.json().job_id, id);
  const done = await stack.waitFor(id, ['succeeded'], 20_000);
  assert.equal(done.attempts, 1, 'a fresh attempt budget');
  const again = await stack.api.inject({ method: 'POST', url: `/admin/dead-letters/${letter.id}/replay` });
  assert.equal(again.statusCode, 404, 'a replayed letter is gone');
});

test('admin routes need ADMIN_TOKEN outside dev', async () => {
  const deps = {
    config: stack.config,
    registry: (await import('@kuduso/core/node')).loadRegistry(),
    db: stack.db,
    queue: stack.queue,
    blob: (await import('@kuduso/blob')).createFsBlobStore(stack.config.blobDir),
    logger: stack.logFor('api-prod'),
    signingSecret: 'x',
  };
  const closed = await buildApi(deps);
  assert.equal((await closed.inject({ url: '/admin/dead-letters' })).statusCode, 403);
  await closed.close();
  const guarded = await buildApi(deps, { adminToken: 'op-token' });
  assert.equal((await guarded.inject({ url: '/admin/dead-letters' })).statusCode, 401);
  const ok = await guarded.inject({
    url: '/admin/dead-letters',
    headers: { authorization: 'Bearer op-token' },
  });
  assert.equal(ok.statusCode, 200);
  assert.ok(Array.isArray(ok.json().dead_letters));
  await guarded.close();
});
