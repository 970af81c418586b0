// The OpenAPI document as a playground: it validates (swagger-parser, OpenAPI 3.1), it describes every
// definition version's inputs and outputs from its contract, its request examples are the contracts' own
// examples and each one, sent as "Try it out" would send it, is accepted (202); every error response
// names its catalogue codes. On PGlite: the document does not depend on the database driver.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { ERROR_CATALOGUE } from '@kuduso/core';
import { loadRegistry } from '@kuduso/core/node';
import { CONTRACT_DIRS, type Stack, startStack } from '../../../test/harness.ts';

const registry = loadRegistry(CONTRACT_DIRS);
let stack: Stack;
// biome-ignore lint/suspicious/noExplicitAny: the document is plain JSON walked by path
let doc: any;
before(async () => {
  stack = await startStack('pglite', { worker: false, env: { RESULT_CACHE_TTL: '0' } });
  doc = (await stack.api.inject({ url: '/openapi.json' })).json();
});
after(() => stack?.close());

test('the document is valid OpenAPI 3.1', async () => {
  const api = await SwaggerParser.validate(structuredClone(doc));
  assert.equal(api.info.title, 'Kuduso API');
});

test('POST /jobs/run: one schema and one example per definition version, the inputs from its contract', () => {
  const media = doc.paths['/jobs/run'].post.requestBody.content['application/json'];
  const variants = media.schema.oneOf;
  assert.deepEqual(
    variants.map((v: { title: string }) => v.title),
    registry.list().map((c) => c.id),
  );
  for (const c of registry.list()) {
    const v = variants.find((x: { title: string }) => x.title === c.id);
    assert.equal(v.properties.definition.const, c.definition);
    assert.equal(v.properties.version.const, c.version);
    const key = v.properties.inputs.$ref.replace('#/components/schemas/', '');
    const embedded = doc.components.schemas[key];
    assert.deepEqual(Object.keys(embedded.properties), Object.keys(c.inputsSchema.properties as object));
    assert.equal(embedded.$id, undefined);
    const example = media.examples[c.id];
    assert.ok(example, c.id);
    assert.deepEqual(
      example.value.inputs,
      (c.examples.valid.find((e) => e.name === 'typical.json') ?? c.examples.valid[0])?.inputs,
    );
  }
  // The first example is the one Swagger UI pre-fills.
  assert.equal(Object.keys(media.examples)[0], registry.list()[0]?.id);
  const outputs =
    doc.paths['/jobs/result/{id}'].get.responses['200'].content['application/json'].schema.oneOf;
  assert.equal(outputs.length, registry.list().length);
});

test('"Try it out" with each example as the document gives it answers 202 queued', async () => {
  const examples = doc.paths['/jobs/run'].post.requestBody.content['application/json'].examples;
  for (const [id, ex] of Object.entries(examples) as [string, { value: unknown }][]) {
    const r = await stack.api.inject({
      method: 'POST',
      url: '/jobs/run',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(ex.value),
    });
    assert.equal(r.statusCode, 202, `${id}: ${r.body}`);
    assert.equal(r.json().status, 'queued');
  }
});

test('every error response lists its catalogue codes, with an example body of one of them', () => {
  let seen = 0;
  for (const [path, ops] of Object.entries(doc.paths) as [string, Record<string, { responses: object }>][]) {
    for (const [method, op] of Object.entries(ops)) {
      for (const [status, res] of Object.entries(op.responses) as [
        string,
        { content?: object; description: string },
      ][]) {
        const n = Number(status);
        if (n < 400) continue;
        // biome-ignore lint/suspicious/noExplicitAny: JSON
        const media = (res.content as any)?.['application/json'];
        assert.ok(media, `${method} ${path} ${status}`);
        const codes: string[] = media.schema.allOf[1].properties.code.enum;
        const expected = Object.entries(ERROR_CATALOGUE)
          .filter(([, s]) => s.status === n)
          .map(([c]) => c);
        assert.deepEqual(codes, expected, `${method} ${path} ${status}`);
        assert.ok(codes.includes(media.example.code));
        for (const c of codes) assert.match(res.description, new RegExp(c));
        seen += 1;
      }
      assert.ok(op.responses['500' as keyof object], `${method} ${path} documents 500`);
    }
  }
  assert.ok(seen > 20);
});

test('the list and event-stream routes are documented', () => {
  assert.ok(doc.paths['/jobs'].get.parameters.some((p: { name: string }) => p.name === 'cursor'));
  const events = doc.paths['/jobs/{id}/events'].get;
  assert.ok(events.responses['200'].content['text/event-stream']);
});
