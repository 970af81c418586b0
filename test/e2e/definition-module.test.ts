// A definition added as files only (test/fixtures/module-contracts/tally: its contract, bindings.module and
// definition.ts) runs end to end without any role's code naming it: the API's pre-queue check (precheck), the
// AppServer's builtin engine (solve, in a solver thread), results capped once, artifacts from the module, the
// worker's stored score (summary), and the preview lane through the API. The mock engine is not registered
// here: no loaded contract names it.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getResult } from '@kuduso/db';
import { TEST_DRIVERS } from '@kuduso/db/testing';
import { REPO, type Stack, startStack, submit } from '../harness.ts';

const MODULE_CONTRACTS = resolve(REPO, 'test/fixtures/module-contracts');
const tally = (inputs: Record<string, unknown>) => ({
  app_id: 'tests',
  definition: 'tally',
  version: '1.0.0',
  inputs,
});

for (const driver of TEST_DRIVERS) {
  describe(`a definition module from test/fixtures on ${driver}`, () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack(driver, { contractDirs: [MODULE_CONTRACTS] });
    });
    after(() => stack.close());

    test('job: queued -> succeeded; results capped to max_results; score from summary; CSV artifact from the module', async () => {
      const r = await submit(stack, tally({ numbers: [1, 2, 3.5] }));
      assert.equal(r.status, 202, JSON.stringify(r.body));
      const id = String(r.body.job_id);
      const job = await stack.waitFor(id, ['succeeded', 'failed']);
      assert.equal(job.status, 'succeeded', String(job.last_error));
      const result = await getResult(stack.db, id);
      assert.equal(Number(result?.score), 6.5);
      const outputs = (await stack.api.inject({ url: `/jobs/result/${id}` })).json();
      assert.equal(outputs.results.length, 2, 'copies=3, max_results=2');
      const csv = outputs.artifacts.find((a: { kind: string }) => a.kind === 'csv');
      assert.ok(csv, JSON.stringify(outputs.artifacts));
      const url = new URL(csv.url);
      const file = await stack.api.inject({ url: url.pathname + url.search });
      assert.equal(file.statusCode, 200);
      assert.equal(file.body, 'id,score\nr1,6.5\nr2,5.5\n3\n');
    });

    test('the module precheck refuses at the API (422 at /inputs/...), before anything is queued', async () => {
      const r = await submit(stack, tally({ numbers: [1, -2] }));
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.equal(r.body.reason, 'NEGATIVE_NUMBER');
      assert.equal(r.body.field, '/inputs/numbers/1');
    });

    test('the manifest limits hold at the API (max_vertices -> 422)', async () => {
      const r = await submit(
        stack,
        tally({
          numbers: [1],
          points: [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
            [0, 0],
          ],
        }),
      );
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.equal(r.body.code, 'MANIFEST_LIMIT');
    });

    test('POST /preview/tally:1.0.0 on the API reaches the AppServer preview lane', async () => {
      const res = await stack.api.inject({
        method: 'POST',
        url: '/preview/tally:1.0.0',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ inputs: { numbers: [2, 3] } }),
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().outputs, { sum: 5 });
      const bad = await stack.api.inject({
        method: 'POST',
        url: '/preview/tally:1.0.0',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ inputs: { numbers: 'x' } }),
      });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.equal(bad.json().field, '/inputs/numbers');
      const unknown = await stack.api.inject({
        method: 'POST',
        url: '/preview/nope:1.0.0',
        headers: { 'content-type': 'application/json' },
        payload: '{"inputs":{}}',
      });
      assert.equal(unknown.statusCode, 404);
    });

    test('no contract names the mock engine, so it is not registered', async () => {
      const res = await fetch(`${stack.appserverUrl}/definitions`);
      const defs = ((await res.json()) as { definitions: { id: string; engine: string }[] }).definitions;
      assert.deepEqual(
        defs.map((d) => `${d.id}:${d.engine}`),
        ['tally@1.0.0:builtin'],
      );
    });
  });
}
