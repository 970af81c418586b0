// The grasshopper engine against the fake Rhino.Compute (test/support): sitefit@1.0.0 through its real
// bindings, the wire format both ways, pointer-then-algo, the error mapping, discovery and readiness.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ContractFiles } from '@kuduso/core';
import {
  type FakeCompute,
  fakeDefinitionFile,
  GrasshopperRuntimeError,
  startFakeCompute,
} from '../../../test/support/fake-rhino-compute.ts';
import { fakeSitefitGh } from '../../../test/support/fake-sitefit-gh.ts';
import { createGrasshopperEngine, type GrasshopperEngine } from '../src/index.ts';
import { contractFiles, makeApp, post, type TestApp } from './helpers.ts';

const KEY = 'compute-key-1';
const sitefit = contractFiles().find((f) => f.definition === 'sitefit' && f.version === '1.0.0')!;
const typical = sitefit.examples.valid.find((e) => e.name === 'typical.json')!.inputs as Record<
  string,
  unknown
>;

/** A grasshopper-only contract covering every value kind: numbers, integers, booleans, text, JSON, lists. */
function kindsContract(
  name: string,
  plugins: unknown = { plugins: [] },
  extra: Record<string, unknown> = {},
): ContractFiles {
  const schema = (props: Record<string, unknown>, required: string[]) => ({
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: false,
    required,
    properties: props,
  });
  return {
    definition: name,
    version: '1.0.0',
    inputsSchema: schema(
      {
        value: { type: 'number' },
        count: { type: 'integer', default: 3 },
        flag: { type: 'boolean', default: true },
        label: { type: 'string' },
        items: { type: 'array', items: { type: 'number' } },
        payload: { type: 'object' },
        points: { type: 'array', items: { type: 'object', properties: { x: { type: 'number' } } } },
      },
      ['value', 'label', 'items', 'payload'],
    ),
    outputsSchema: schema(
      {
        echo: { type: 'object' },
        metadata: { type: 'object' },
      },
      ['echo', 'metadata'],
    ),
    manifest: { definition: name, version: '1.0.0', timeout_sec: 1, ...extra },
    bindings: {
      engine: 'grasshopper',
      grasshopper: {
        definition_file: `${name}.gh`,
        inputs: {
          '/value': { param: 'Value', type: 'number' },
          '/count': { param: 'Count', type: 'integer' },
          '/flag': { param: 'Flag', type: 'boolean' },
          '$.label': { param: 'Label', type: 'text' },
          '/items': { param: 'Items', type: 'number', list: true },
          '/payload': { param: 'Payload', type: 'json' },
          '$.points[*].x': { param: 'Xs', type: 'number', optional: true },
        },
        outputs: {
          '/echo/value': { param: 'Value', type: 'number' },
          '/echo/count': { param: 'Count', type: 'integer' },
          '/echo/flag': { param: 'Flag', type: 'boolean' },
          '/echo/label': { param: 'Label', type: 'text' },
          '/echo/items': { param: 'Items', type: 'number', list: true },
          '/echo/payload': { param: 'Payload', type: 'json' },
          '/echo/xs': { param: 'Xs', type: 'number', list: true, optional: true },
        },
      },
    },
    plugins,
    examples: {
      valid: [{ name: 'one.json', inputs: { value: 1, label: 'a', items: [1], payload: {} } }],
      invalid: [],
    },
  };
}

const kindsGh = {
  inputs: [
    { name: 'Value', type: 'Number' as const },
    { name: 'Count', type: 'Integer' as const },
    { name: 'Flag', type: 'Boolean' as const },
    { name: 'Label', type: 'Text' as const },
    { name: 'Items', type: 'Number' as const },
    { name: 'Payload', type: 'Text' as const },
    { name: 'Xs', type: 'Number' as const },
  ],
  outputs: [
    { name: 'Value', type: 'Number' as const },
    { name: 'Count', type: 'Integer' as const },
    { name: 'Flag', type: 'Boolean' as const },
    { name: 'Label', type: 'Text' as const },
    { name: 'Items', type: 'Number' as const },
    { name: 'Payload', type: 'Text' as const },
    { name: 'Xs', type: 'Number' as const },
  ],
  solve(i: Record<string, unknown[]>) {
    if ((i.Value[0] as number) < 0) throw new GrasshopperRuntimeError(['Value must not be negative']);
    return { ...i };
  },
};

function engineFor(fake: FakeCompute, opts: { apiKey?: string; timeoutMs?: number } = {}): GrasshopperEngine {
  return createGrasshopperEngine({
    url: fake.url,
    apiKey: opts.apiKey ?? KEY,
    timeoutMs: opts.timeoutMs ?? 5000,
    probeTtlMs: 0,
    probeTimeoutMs: 500,
    loadDefinition: (contract) =>
      fakeDefinitionFile(contract.definition === 'sitefit' ? 'sitefit' : contract.definition),
  });
}

describe('grasshopper engine on the fake Rhino.Compute', () => {
  let fake: FakeCompute;
  let t: TestApp;
  let engine: GrasshopperEngine;
  before(async () => {
    fake = await startFakeCompute({
      apiKey: KEY,
      definitions: { sitefit: fakeSitefitGh, kinds: kindsGh },
      branchKeys: 'spaced',
    });
    engine = engineFor(fake);
    t = makeApp({
      extraContracts: [kindsContract('kinds')],
      engines: { extra: [engine] },
      engineOverrides: { 'sitefit@1.0.0': 'grasshopper' },
    });
    await engine.start(t.registry.list().filter((c) => c.id === 'sitefit@1.0.0' || c.id === 'kinds@1.0.0'));
  });
  after(async () => {
    await t.close();
    await fake.close();
  });

  test('sitefit@1.0.0 runs through its real bindings; same outputs shape and results as the builtin engine', async () => {
    const res = await post(t.app, 'sitefit:1.0.0', typical, { 'x-job-id': 'job-gh' });
    assert.equal(res.statusCode, 200, res.body);
    const gh = res.json();
    const builtin = makeApp();
    try {
      const ref = (await post(builtin.app, 'sitefit:1.0.0', typical)).json();
      assert.deepEqual(Object.keys(gh.outputs).sort(), Object.keys(ref.outputs).sort());
      assert.deepEqual(gh.outputs.results, ref.outputs.results);
      assert.deepEqual(Object.keys(gh.outputs.metadata).sort(), Object.keys(ref.outputs.metadata).sort());
      assert.equal(gh.outputs.metadata.engine, 'grasshopper');
      // Artifacts come from the definition module, whichever engine computed.
      assert.deepEqual(
        gh.artifacts.map((a: { kind: string }) => a.kind).sort(),
        ref.artifacts.map((a: { kind: string }) => a.kind).sort(),
      );
    } finally {
      await builtin.close();
    }
  });

  test('the request on the wire: pointer from /io, RhinoComputeKey, units, tolerances, typed data trees', () => {
    const body = fake.solves.at(-1) as Record<string, unknown> & {
      values: { ParamName: string; InnerTree: Record<string, { type: string; data: string }[]> }[];
    };
    assert.match(String(body.pointer), /^md5_/);
    assert.equal(body.algo, undefined, 'the definition is not re-sent while Compute has it cached');
    assert.equal(body.modelunits, 'Meters');
    assert.equal(body.absolutetolerance, 0.001);
    const tree = (name: string) => body.values.find((v) => v.ParamName === name)!.InnerTree['{0}'];
    assert.deepEqual(tree('CRS'), [{ type: 'System.String', data: '"EPSG:5514"' }]);
    assert.equal(tree('Parcel')[0].type, 'Rhino.Geometry.Polyline');
    assert.deepEqual(JSON.parse(tree('Parcel')[0].data)[1], { X: 20, Y: 0, Z: 0 });
    assert.deepEqual(tree('Seed'), [{ type: 'System.Int32', data: '42' }]);
    assert.deepEqual(tree('MaxResults'), [{ type: 'System.Int32', data: '10' }]);
    assert.deepEqual(tree('RotStep'), [{ type: 'System.Double', data: '5' }]);
  });

  test('every value kind both ways: numbers, integers, booleans, text, JSON text, a list per branch, JSONPath wildcards', async () => {
    const inputs = {
      value: 2.5,
      label: 'héllo "x"',
      items: [1, 2.5, 3],
      payload: { a: [1, { b: null }] },
      points: [{ x: 4 }, { x: 5 }],
    };
    const res = await post(t.app, 'kinds:1.0.0', inputs);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().outputs.echo, {
      value: 2.5,
      count: 3,
      flag: true,
      label: 'héllo "x"',
      items: [1, 2.5, 3],
      payload: { a: [1, { b: null }] },
      xs: [4, 5],
    });
    const sent = (
      fake.solves.at(-1) as { values: { ParamName: string; InnerTree: Record<string, { data: string }[]> }[] }
    ).values;
    assert.equal(sent.find((v) => v.ParamName === 'Items')!.InnerTree['{0}'].length, 3);
    assert.equal(
      sent.find((v) => v.ParamName === 'Payload')!.InnerTree['{0}'][0].data,
      JSON.stringify(JSON.stringify(inputs.payload)),
    );
  });

  test('Compute lost its cache: the pointer fails, the definition is sent as algo, and the new pointer is kept', async () => {
    fake.forget();
    const before = fake.solves.length;
    const res = await post(t.app, 'kinds:1.0.0', { value: 1, label: 'b', items: [], payload: {} });
    assert.equal(res.statusCode, 200, res.body);
    const [first, second] = fake.solves.slice(before) as { pointer?: string; algo?: string }[];
    assert.ok(first.pointer && !first.algo, 'pointer first');
    assert.ok(second.algo && !second.pointer, 'then algo');
    assert.deepEqual(JSON.parse(Buffer.from(second.algo!, 'base64').toString()), {
      fake_grasshopper: 'kinds',
    });
    const next = fake.solves.length;
    assert.equal(
      (await post(t.app, 'kinds:1.0.0', { value: 1, label: 'c', items: [], payload: {} })).statusCode,
      200,
    );
    assert.equal(fake.solves.length, next + 1, 'cached again: one request');
  });

  test('Grasshopper runtime errors -> 422 with their messages (not retryable)', async () => {
    const res = await post(t.app, 'kinds:1.0.0', { value: -1, label: 'a', items: [], payload: {} });
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().code, 'DOMAIN_INVALID');
    assert.equal(res.json().reason, 'GRASSHOPPER_ERRORS');
    assert.match(res.json().message, /Value must not be negative/);
  });

  test('a bare 500 -> 503 retryable; a hang -> 504 at the timeout with the HTTP request really aborted', async () => {
    fake.mode = { crash: true };
    const crashed = await post(t.app, 'kinds:1.0.0', { value: 1, label: 'a', items: [], payload: {} });
    assert.equal(crashed.statusCode, 503, crashed.body);
    assert.equal(crashed.json().code, 'UPSTREAM_UNAVAILABLE');
    fake.mode = { hang: true };
    const aborted = fake.aborted;
    const hung = await post(t.app, 'kinds:1.0.0', { value: 1, label: 'a', items: [], payload: {} });
    assert.equal(hung.statusCode, 504, hung.body);
    assert.equal(hung.json().code, 'ENGINE_TIMEOUT');
    for (let i = 0; i < 100 && fake.aborted === aborted; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(fake.aborted, aborted + 1, 'the fake saw its client go away');
    fake.mode = {};
  });

  test('/definitions and /readyz: ready after discovery and a probe solve', async () => {
    const defs = (await t.app.inject('/definitions')).json().definitions;
    const s = defs.find((d: { id: string }) => d.id === 'sitefit@1.0.0');
    assert.equal(s.engine, 'grasshopper');
    assert.equal(s.ready, true);
    const ready = await t.app.inject('/readyz');
    assert.equal(ready.statusCode, 200, ready.body);
    assert.equal(ready.json().checks.grasshopper.probe.ok, true);
    assert.equal(ready.json().checks.grasshopper.version.rhino, '8.14.24345.15001');
  });
});

describe('grasshopper failures that are not the inputs', () => {
  test('a wrong COMPUTE_API_KEY -> 502 ENGINE_AUTH_FAILED, not retryable', async () => {
    const fake = await startFakeCompute({ apiKey: KEY, definitions: { kinds: kindsGh } });
    const engine = engineFor(fake, { apiKey: 'wrong' });
    const t = makeApp({ extraContracts: [kindsContract('kinds')], engines: { extra: [engine] } });
    try {
      const res = await post(t.app, 'kinds:1.0.0', { value: 1, label: 'a', items: [], payload: {} });
      assert.equal(res.statusCode, 502, res.body);
      assert.equal(res.json().code, 'ENGINE_AUTH_FAILED');
      assert.match(res.json().message, /COMPUTE_API_KEY/);
    } finally {
      await t.close();
      await fake.close();
    }
  });

  test('Compute unreachable -> 503 UPSTREAM_UNAVAILABLE', async () => {
    const fake = await startFakeCompute({ definitions: { kinds: kindsGh } });
    await fake.close();
    const t = makeApp({ extraContracts: [kindsContract('kinds')], engines: { extra: [engineFor(fake)] } });
    try {
      const res = await post(t.app, 'kinds:1.0.0', { value: 1, label: 'a', items: [], payload: {} });
      assert.equal(res.statusCode, 503, res.body);
      assert.equal(res.json().code, 'UPSTREAM_UNAVAILABLE');
    } finally {
      await t.close();
    }
  });

  test('discovery: a missing or mistyped parameter and an unsatisfied plugins.json make that definition not ready', async () => {
    const missing = { ...kindsGh, inputs: kindsGh.inputs.filter((i) => i.name !== 'Flag') };
    const mistyped = {
      ...kindsGh,
      inputs: kindsGh.inputs.map((i) => (i.name === 'Count' ? { ...i, type: 'Text' as const } : i)),
    };
    const fake = await startFakeCompute({
      definitions: { kinds: kindsGh, missing, mistyped, plugged: kindsGh, oldrhino: kindsGh },
      ghPlugins: { Human: '1.3.1' },
    });
    const engine = engineFor(fake);
    const t = makeApp({
      extraContracts: [
        kindsContract('kinds'),
        kindsContract('missing'),
        kindsContract('mistyped'),
        kindsContract('plugged', {
          rhino: '>=8.0',
          plugins: [
            { name: 'Human', version: '>=1.2', kind: 'gh' },
            { name: 'Ladybug', kind: 'gh' },
          ],
        }),
        kindsContract('oldrhino', { rhino: '>=9.0', plugins: [] }),
      ],
      engines: { extra: [engine] },
    });
    try {
      await engine.start(t.registry.list().filter((c) => c.bindings.engine === 'grasshopper'));
      const defs = (await t.app.inject('/definitions')).json().definitions as {
        id: string;
        ready: boolean;
        reason?: string;
      }[];
      const by = (id: string) => defs.find((d) => d.id === id)!;
      assert.equal(by('kinds@1.0.0').ready, true);
      assert.match(by('missing@1.0.0').reason!, /input Flag is not in the definition/);
      assert.match(
        by('mistyped@1.0.0').reason!,
        /input Count is Text in the definition, the binding sends integer/,
      );
      assert.match(by('plugged@1.0.0').reason!, /plugin Ladybug is not installed/);
      assert.doesNotMatch(by('plugged@1.0.0').reason!, /Human/);
      assert.match(by('oldrhino@1.0.0').reason!, /Rhino 8\.14\.24345\.15001 does not satisfy >=9\.0/);
      const ready = await t.app.inject('/readyz');
      assert.equal(ready.statusCode, 503);
      assert.ok(ready.json().checks.definitions_not_ready['missing@1.0.0']);
      const res = await post(t.app, 'missing:1.0.0', { value: 1, label: 'a', items: [], payload: {} });
      assert.equal(res.statusCode, 503, res.body);
      assert.match(res.json().message, /not ready/);
    } finally {
      await t.close();
      await fake.close();
    }
  });

  test('a slow cold start: not ready at first, ready once Compute answers; a hanging solve fails the probe', async () => {
    const fake = await startFakeCompute({ definitions: { kinds: kindsGh }, coldStart: true });
    const engine = engineFor(fake, { timeoutMs: 300 });
    const t = makeApp({ extraContracts: [kindsContract('kinds')], engines: { extra: [engine] } });
    try {
      await engine.start(t.registry.list().filter((c) => c.id === 'kinds@1.0.0'));
      const cold = await t.app.inject('/readyz');
      assert.equal(cold.statusCode, 503, cold.body);
      assert.match(JSON.stringify(cold.json().checks.grasshopper.definitions), /COMPUTE_TIMEOUT_SEC|within/);
      fake.finishColdStart();
      const warm = await t.app.inject('/readyz');
      assert.equal(warm.statusCode, 200, warm.body);
      // /healthcheck would still say healthy here; the probe solve does not.
      fake.mode = { hang: true };
      const hung = await t.app.inject('/readyz');
      assert.equal(hung.statusCode, 503, hung.body);
      assert.equal(hung.json().checks.grasshopper.probe.ok, false);
      fake.mode = {};
    } finally {
      await t.close();
      await fake.close();
    }
  });
});

test('USE_COMPUTE=true keeps working: startAppServer runs contracts with a grasshopper section on Compute', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { parseConfig } = await import('@kuduso/core');
  const { createLogger, DEFAULT_CONTRACTS_DIR } = await import('@kuduso/core/node');
  const { startAppServer } = await import('../src/index.ts');
  const fake = await startFakeCompute({ apiKey: KEY, definitions: { sitefit: fakeSitefitGh } });
  const dir = mkdtempSync(join(tmpdir(), 'kuduso-gh-start-'));
  const config = parseConfig(
    {
      APPSERVER_PORT: '0',
      BLOB_DIR: join(dir, 'blobs'),
      CONTRACTS_DIR: DEFAULT_CONTRACTS_DIR,
      USE_COMPUTE: 'true',
      COMPUTE_URL: fake.url,
      COMPUTE_API_KEY: KEY,
      // sitefit@2.0.0 stays builtin: only 1.0.0 has a fake Grasshopper definition here.
      ENGINE_OVERRIDES: 'sitefit@2.0.0=builtin',
    },
    'appserver',
  );
  const server = await startAppServer(config, createLogger('appserver', 'silent'), {
    grasshopper: { loadDefinition: () => fakeDefinitionFile('sitefit') },
  });
  try {
    const defs = (await (await fetch(`${server.url}/definitions`)).json()) as {
      definitions: { id: string; engine: string; ready: boolean }[];
    };
    assert.deepEqual(
      defs.definitions.map((d) => `${d.id}:${d.engine}:${d.ready}`),
      ['sitefit@1.0.0:grasshopper:true', 'sitefit@2.0.0:builtin:true'],
    );
    const res = await fetch(`${server.url}/gh/sitefit:1.0.0/solve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(typical),
    });
    assert.equal(res.status, 200);
    assert.equal(
      ((await res.json()) as { outputs: { metadata: { engine: string } } }).outputs.metadata.engine,
      'grasshopper',
    );
  } finally {
    await server.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
