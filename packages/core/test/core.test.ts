import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ConfigError,
  ContractRegistry,
  canonicalJson,
  compileContract,
  inputsHash,
  KudusoError,
  parseConfig,
  signLink,
  solveUrl,
  verifyLink,
} from '@kuduso/core';
import { loadRegistry, readContracts } from '@kuduso/core/node';

test('canonical JSON sorts keys at every depth and drops undefined', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null }, u: undefined }),
    '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
  );
  assert.equal(inputsHash('s', '1.0.0', { a: 1, b: 2 }), inputsHash('s', '1.0.0', { b: 2, a: 1 }));
  assert.notEqual(inputsHash('s', '1.0.0', { a: 1 }), inputsHash('s', '1.0.1', { a: 1 }));
});

test('the registry loads sitefit@1.0.0, materialises defaults and proves its examples', () => {
  const registry = loadRegistry();
  const c = registry.get('sitefit', '1.0.0');
  assert.ok(c);
  assert.ok(c.examples.valid.length >= 1 && c.examples.invalid.length >= 5);
  const typical = c.examples.valid.find((e) => e.name === 'typical.json');
  assert.ok(typical);
  const r = c.validateInputs(typical.inputs);
  assert.ok(r.ok);
  assert.deepEqual(r.value.rotation, { min: 0, max: 180, step: 5 });
  assert.equal(r.value.grid_step, 0.5);
  assert.equal(
    (typical.inputs as Record<string, unknown>).rotation,
    undefined,
    'the original is not mutated',
  );
  for (const ex of c.examples.invalid) {
    const bad = c.validateInputs(ex.inputs, '/inputs');
    assert.equal(bad.ok, false, ex.name);
    if (!bad.ok)
      assert.ok(
        bad.errors.some((e) => e.field === `/inputs${ex.field}`),
        `${ex.name} names ${ex.field}`,
      );
  }
});

test('a malformed contract is refused at start-up', () => {
  const [files] = readContracts([new URL('../../../contracts', import.meta.url).pathname]).filter(
    (f) => f.definition === 'sitefit' && f.version === '1.0.0',
  );
  assert.throws(
    () => compileContract({ ...files, manifest: { ...files.manifest, timeout_sec: -1 } }),
    /timeout_sec/,
  );
  assert.throws(
    () =>
      compileContract({ ...files, inputsSchema: { type: 'object', properties: { a: { type: 'nope' } } } }),
    /does not compile/,
  );
  const lying = {
    ...files,
    examples: { valid: [], invalid: [{ name: 'x', field: '/crs', inputs: files.examples.valid[0].inputs }] },
  };
  assert.throws(() => compileContract(lying), /passes validation/);
  assert.throws(
    () => new ContractRegistry([compileContract(files), compileContract(files)]),
    /defined twice/,
  );
});

test('config: database timeouts, defaults of a few seconds, each bad value named', () => {
  const c = parseConfig({});
  assert.deepEqual([c.dbConnectTimeoutMs, c.dbQueryTimeoutMs, c.dbStatementTimeoutMs], [3000, 6000, 5000]);
  const set = parseConfig({
    DB_CONNECT_TIMEOUT_MS: '500',
    DB_QUERY_TIMEOUT_MS: '900',
    DB_STATEMENT_TIMEOUT_MS: '800',
  });
  assert.deepEqual([set.dbConnectTimeoutMs, set.dbQueryTimeoutMs, set.dbStatementTimeoutMs], [500, 900, 800]);
  assert.throws(
    () =>
      parseConfig({
        DB_CONNECT_TIMEOUT_MS: 'soon',
        DB_QUERY_TIMEOUT_MS: '1000',
        DB_STATEMENT_TIMEOUT_MS: '2000',
      }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.problems.join('\n'), /DB_CONNECT_TIMEOUT_MS="soon"/);
      assert.match(e.problems.join('\n'), /DB_QUERY_TIMEOUT_MS must be >= DB_STATEMENT_TIMEOUT_MS/);
      return true;
    },
  );
});

test('config: defaults, and every bad value named at once', () => {
  const c = parseConfig({});
  assert.equal(c.port, 8000);
  assert.equal(c.appserverPort, 8080);
  assert.equal(c.resultCacheTtlSec, 300);
  assert.equal(c.lockRenewSec, 10);
  assert.equal(c.leaseSec, 30);
  assert.equal(c.maxAttempts, 5);
  assert.equal(c.workerConcurrency, 1);
  assert.equal(c.queueBackend, 'pgboss');
  assert.throws(
    () => parseConfig({ PORT: 'eighty', QUEUE_BACKEND: 'kafka', DATABASE_URL: 'mysql://x' }, 'api'),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      const text = e.problems.join('\n');
      for (const name of ['PORT', 'QUEUE_BACKEND', 'DATABASE_URL', 'ARTIFACT_SIGNING_SECRET'])
        assert.match(text, new RegExp(name));
      return true;
    },
  );
  assert.doesNotMatch(
    (() => {
      try {
        parseConfig({ DATABASE_URL: 'notaurl://user:hunter2@x' }, 'api');
        return '';
      } catch (e) {
        return String(e);
      }
    })(),
    /hunter2/,
  );
});

test('solve URL from a base or from the seed template', () => {
  assert.equal(solveUrl('http://a:8080/', 'sitefit', '1.0.0'), 'http://a:8080/gh/sitefit:1.0.0/solve');
  assert.equal(
    solveUrl('http://a:8080/gh/{definition}:{version}/solve', 'sitefit', '1.0.0'),
    'http://a:8080/gh/sitefit:1.0.0/solve',
  );
});

test('signed links: valid, tampered, expired', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const link = signLink('s3cret', 'jobs/a/b.geojson', new Date(now.getTime() + 60_000));
  assert.equal(verifyLink('s3cret', 'jobs/a/b.geojson', String(link.exp), link.sig, now), 'ok');
  assert.equal(verifyLink('s3cret', 'jobs/a/c.geojson', String(link.exp), link.sig, now), 'invalid');
  assert.equal(verifyLink('s3cret', 'jobs/a/b.geojson', String(link.exp + 1), link.sig, now), 'invalid');
  assert.equal(verifyLink('other', 'jobs/a/b.geojson', String(link.exp), link.sig, now), 'invalid');
  assert.equal(
    verifyLink('s3cret', 'jobs/a/b.geojson', String(link.exp), link.sig, new Date(now.getTime() + 120_000)),
    'expired',
  );
  assert.equal(verifyLink('s3cret', 'k', undefined, undefined, now), 'invalid');
});

test('errors carry status, retry verdict and a JSON body', () => {
  const e = new KudusoError('NO_FREE_SEAT', { retryAfterSec: 2 });
  assert.equal(e.status, 429);
  assert.equal(e.retryable, true);
  // Issue 9: an engine's own solve timeout is the same on every attempt with the same inputs.
  assert.equal(new KudusoError('ENGINE_TIMEOUT').retryable, false);
  assert.deepEqual(new KudusoError('JOB_NOT_FOUND', { field: '/id' }).toBody(), {
    code: 'JOB_NOT_FOUND',
    message: 'No such job.',
    field: '/id',
  });
});
