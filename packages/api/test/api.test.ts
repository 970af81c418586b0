// The public API through inject(), on real PostgreSQL and on PGlite. No worker runs here: jobs stay queued
// unless a test finishes them through the database functions the worker uses.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signLink } from '@kuduso/core';
import { loadRegistry } from '@kuduso/core/node';
import { insertArtifacts, insertResult, markRunning, markSucceeded } from '@kuduso/db';
import { TEST_DRIVERS } from '@kuduso/db/testing';
import { CONTRACT_DIRS, type Stack, sitefitJob, startStack, submit } from '../../../test/harness.ts';

const registry = loadRegistry(CONTRACT_DIRS);
const sitefit = registry.get('sitefit', '1.0.0')!;
const typical = sitefit.examples.valid.find((e) => e.name === 'typical.json')!.inputs as Record<
  string,
  unknown
>;

for (const driver of TEST_DRIVERS) {
  describe(`API on ${driver}`, () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack(driver, { worker: false });
    });
    after(() => stack.close());

    test('POST /jobs/run accepts the typical example: 202, Location, correlation id echoed', async () => {
      const r = await submit(stack, sitefitJob(typical), { 'x-correlation-id': 'corr-typical-1' });
      assert.equal(r.status, 202);
      assert.equal(r.body.status, 'queued');
      assert.equal(r.body.correlation_id, 'corr-typical-1');
      assert.equal(r.headers['x-correlation-id'], 'corr-typical-1');
      assert.equal(r.headers.location, `/jobs/status/${r.body.job_id}`);
      const s = await stack.api.inject({ url: `/jobs/status/${r.body.job_id}` });
      assert.equal(s.statusCode, 200);
      const status = s.json();
      assert.equal(status.status, 'queued');
      assert.equal(status.attempts, 0);
      assert.equal(status.has_result, false);
      assert.equal(status.correlation_id, 'corr-typical-1');
      assert.equal(status.started_at, null);
      assert.ok(!Number.isNaN(Date.parse(status.created_at)));
      assert.equal(await stack.queue.depth(), 1, 'the message was committed with the row');
    });

    test('a correlation id is generated when absent or malformed', async () => {
      const r = await submit(stack, sitefitJob({ ...typical, seed: 1001 }), {
        'x-correlation-id': 'bad id\nwith newline',
      });
      assert.equal(r.status, 202);
      assert.match(String(r.body.correlation_id), /^[0-9a-f-]{36}$/);
    });

    test('every invalid example of every contract answers 400 naming its field', async () => {
      for (const contract of registry.list()) {
        for (const ex of contract.examples.invalid) {
          const r = await submit(stack, {
            app_id: 'tests',
            definition: contract.definition,
            version: contract.version,
            inputs: ex.inputs,
          });
          assert.equal(r.status, 400, `${contract.id} ${ex.name}`);
          assert.equal(r.body.code, 'VALIDATION_FAILED');
          const fields = (r.body.errors as { field: string }[]).map((e) => e.field);
          assert.ok(
            fields.includes(`/inputs${ex.field}`),
            `${contract.id} ${ex.name}: ${fields} lacks /inputs${ex.field}`,
          );
          assert.equal(typeof r.body.message, 'string');
        }
      }
    });

    test('envelope errors: missing fields, unknown definition or version, extra properties', async () => {
      const missing = await submit(stack, { definition: 'sitefit', version: '1.0.0', inputs: typical });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.field, '/app_id');
      const extra = await submit(stack, { ...sitefitJob(typical), surprise: true });
      assert.equal(extra.status, 400);
      assert.equal(extra.body.field, '/surprise');
      const unknownDef = await submit(stack, { ...sitefitJob(typical), definition: 'nope' });
      assert.equal(unknownDef.status, 404);
      assert.equal(unknownDef.body.code, 'UNKNOWN_DEFINITION');
      const unknownVer = await submit(stack, { ...sitefitJob(typical), version: '9.9.9' });
      assert.equal(unknownVer.status, 404);
      assert.equal(unknownVer.body.field, '/version');
      assert.match(String(unknownVer.body.hint), /1\.0\.0/);
    });

    test('bad bodies are JSON errors, never 500', async () => {
      const cases: { payload: string; type?: string; status: number; code: string }[] = [
        { payload: '{"app_id":', status: 400, code: 'INVALID_JSON' },
        { payload: '', status: 400, code: 'INVALID_JSON' },
        { payload: '[]', status: 400, code: 'VALIDATION_FAILED' },
        { payload: 'null', status: 400, code: 'VALIDATION_FAILED' },
        { payload: '"text"', status: 400, code: 'VALIDATION_FAILED' },
        {
          payload: `{"app_id":"a","definition":"sitefit","version":"1.0.0","inputs":{"crs":${'['.repeat(5000)}${']'.repeat(5000)}}}`,
          status: 400,
          code: 'INVALID_JSON',
        },
        {
          payload:
            '{"app_id":"a","definition":"sitefit","version":"1.0.0","inputs":{"parcel":{"coordinates":[[[[[[1]]]]]]}}}',
          status: 400,
          code: 'VALIDATION_FAILED',
        },
        {
          payload: 'app_id=x',
          type: 'application/x-www-form-urlencoded',
          status: 415,
          code: 'UNSUPPORTED_MEDIA_TYPE',
        },
        {
          payload: JSON.stringify({ ...sitefitJob(typical), pad: 'x'.repeat(1_100_000) }),
          status: 413,
          code: 'PAYLOAD_TOO_LARGE',
        },
        {
          payload: JSON.stringify(sitefitJob({ ...typical, crs: 5514 })),
          status: 400,
          code: 'VALIDATION_FAILED',
        },
        { payload: JSON.stringify(sitefitJob('not an object')), status: 400, code: 'VALIDATION_FAILED' },
        {
          payload: JSON.stringify({
            app_id: 't',
            definition: 'mock',
            version: '1.0.0',
            inputs: { value: 1, key: 'a\u0000b' },
          }),
          status: 400,
          code: 'VALIDATION_FAILED',
        },
      ];
      for (const c of cases) {
        const res = await stack.api.inject({
          method: 'POST',
          url: '/jobs/run',
          headers: { 'content-type': c.type ?? 'application/json' },
          payload: c.payload,
        });
        assert.equal(res.statusCode, c.status, `${c.payload.slice(0, 40)} -> ${res.body.slice(0, 200)}`);
        assert.equal(res.json().code, c.code);
      }
    });

    test('domain rules answer 422 with the reason and the field before a job exists', async () => {
      const depth = await stack.queue.depth();
      const bowtie = sitefitJob({
        ...typical,
        parcel: {
          coordinates: [
            [0, 0],
            [20, 20],
            [20, 0],
            [0, 20],
            [0, 0],
          ],
        },
      });
      const a = await submit(stack, bowtie);
      assert.equal(a.status, 422, JSON.stringify(a.body));
      assert.equal(a.body.code, 'DOMAIN_INVALID');
      assert.equal(typeof a.body.reason, 'string');
      assert.match(String(a.body.field), /^\/inputs\/parcel/);
      const open = await submit(
        stack,
        sitefitJob({
          ...typical,
          house: {
            coordinates: [
              [0, 0],
              [10, 0],
              [10, 8],
              [0, 8],
              [1, 1],
            ],
          },
        }),
      );
      assert.equal(open.status, 422);
      assert.match(String(open.body.field), /^\/inputs\/house/);
      const rot = await submit(stack, sitefitJob({ ...typical, rotation: { min: 90, max: 10, step: 5 } }));
      assert.equal(rot.status, 422);
      assert.equal(rot.body.reason, 'INVALID_ROTATION_RANGE');
      assert.equal(rot.body.field, '/inputs/rotation');
      const crs = await submit(stack, {
        app_id: 'sitefit',
        definition: 'sitefit',
        version: '2.0.0',
        inputs: { ...typical, crs: 'EPSG:9999999' },
      });
      assert.equal(crs.status, 422, JSON.stringify(crs.body));
      assert.equal(crs.body.reason, 'UNSUPPORTED_CRS');
      assert.equal(crs.body.field, '/inputs/crs');
      assert.equal(await stack.queue.depth(), depth, 'nothing was queued');
    });

    test('more vertices than the manifest allows: 422 MANIFEST_LIMIT naming the ring, before any job exists', async () => {
      const max = sitefit.manifest.max_vertices!;
      const n = max + 10;
      const ring = Array.from({ length: n }, (_, i) => [
        100 * Math.cos((2 * Math.PI * i) / n),
        100 * Math.sin((2 * Math.PI * i) / n),
      ]);
      ring.push(ring[0]);
      const depth = await stack.queue.depth();
      const r = await submit(stack, sitefitJob({ ...typical, parcel: { coordinates: ring } }));
      assert.equal(r.status, 422);
      assert.equal(r.body.code, 'MANIFEST_LIMIT');
      assert.equal(r.body.field, '/inputs/parcel/coordinates');
      assert.equal(await stack.queue.depth(), depth);
    });

    test('status and result: malformed id 400, unknown 404, unfinished result 409 with its status', async () => {
      for (const path of ['/jobs/status/', '/jobs/result/']) {
        const bad = await stack.api.inject({ url: `${path}not-a-uuid` });
        assert.equal(bad.statusCode, 400);
        assert.equal(bad.json().code, 'INVALID_JOB_ID');
        const sql = await stack.api.inject({ url: `${path}'%20OR%201=1--` });
        assert.equal(sql.statusCode, 400);
        const unknown = await stack.api.inject({ url: `${path}00000000-0000-4000-8000-000000000000` });
        assert.equal(unknown.statusCode, 404);
        assert.equal(unknown.json().code, 'JOB_NOT_FOUND');
      }
      const r = await submit(stack, sitefitJob({ ...typical, seed: 7 }));
      const res = await stack.api.inject({ url: `/jobs/result/${r.body.job_id}` });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().code, 'RESULT_NOT_READY');
      assert.equal(res.json().status, 'queued');
    });

    test('Idempotency-Key: same key and body -> same job; same key, other body -> 409', async () => {
      const key = `key-${driver}-${Date.now()}`;
      const body = sitefitJob({ ...typical, seed: 99 });
      const a = await submit(stack, body, { 'idempotency-key': key });
      const b = await submit(stack, body, { 'idempotency-key': key });
      assert.equal(a.status, 202);
      assert.equal(b.status, 202);
      assert.equal(b.body.job_id, a.body.job_id);
      assert.equal(b.headers['idempotent-replayed'], 'true');
      // Same meaning, spelled differently (defaults written out): still the same request.
      const spelled = sitefitJob({
        ...typical,
        seed: 99,
        rotation: { min: 0, max: 180, step: 5 },
        grid_step: 0.5,
      });
      const c = await submit(stack, spelled, { 'idempotency-key': key });
      assert.equal(c.body.job_id, a.body.job_id);
      const d = await submit(stack, sitefitJob({ ...typical, seed: 100 }), { 'idempotency-key': key });
      assert.equal(d.status, 409);
      assert.equal(d.body.code, 'IDEMPOTENCY_CONFLICT');
      const concurrent = await Promise.all(
        Array.from({ length: 8 }, () =>
          submit(stack, sitefitJob({ ...typical, seed: 555 }), { 'idempotency-key': `${key}-c` }),
        ),
      );
      assert.equal(
        new Set(concurrent.map((x) => x.body.job_id)).size,
        1,
        'concurrent duplicates get one job',
      );
      assert.ok(concurrent.every((x) => x.status === 202));
    });

    test('a recent success with the same inputs answers 200 cached, and the result carries signed artifact links', async () => {
      const body = sitefitJob({ ...typical, seed: 4242 });
      const first = await submit(stack, body);
      const id = String(first.body.job_id);
      // Finish it the way the worker does.
      await markRunning(stack.db, id);
      const outputs = { results: [], artifacts: [], metadata: { note: 'finished by the test' } };
      const blob = (await import('@kuduso/blob')).createFsBlobStore(stack.config.blobDir);
      const stored = await blob.put(
        `jobs/${id}/plan.geojson`,
        new TextEncoder().encode('{"type":"FeatureCollection","features":[]}'),
        'application/geo+json',
      );
      await stack.db.transaction(async (tx) => {
        await insertResult(tx, id, outputs, null);
        await insertArtifacts(tx, id, [
          {
            kind: 'geojson',
            label: 'plan',
            storage_key: stored.key,
            content_type: stored.contentType,
            size_bytes: stored.sizeBytes,
            checksum: stored.checksum,
          },
        ]);
        await markSucceeded(tx, id);
      });
      const again = await submit(stack, body);
      assert.equal(again.status, 200);
      assert.equal(again.body.cached, true);
      assert.equal(again.body.status, 'succeeded');
      assert.equal(again.body.job_id, id);

      const res = await stack.api.inject({ url: `/jobs/result/${id}` });
      assert.equal(res.statusCode, 200);
      const result = res.json();
      assert.equal(result.artifacts.length, 1);
      const art = result.artifacts[0];
      assert.equal(art.kind, 'geojson');
      assert.ok(Date.parse(art.expires_at) > Date.now());
      const url = new URL(art.url);
      const ok = await stack.api.inject({ url: url.pathname + url.search });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.headers['content-type'], 'application/geo+json');
      assert.equal(ok.json().type, 'FeatureCollection');
      const tampered = await stack.api.inject({ url: url.pathname.replace('plan', 'plan2') + url.search });
      assert.equal(tampered.statusCode, 403);
      assert.equal(tampered.json().code, 'ARTIFACT_LINK_INVALID');
      const badSig = await stack.api.inject({
        url: `${url.pathname}?exp=${url.searchParams.get('exp')}&sig=AAAA`,
      });
      assert.equal(badSig.statusCode, 403);
      const past = signLink('test-secret', stored.key, new Date(Date.now() - 1000));
      const expired = await stack.api.inject({ url: `${url.pathname}?exp=${past.exp}&sig=${past.sig}` });
      assert.equal(expired.statusCode, 403);
      assert.equal(expired.json().code, 'ARTIFACT_LINK_EXPIRED');
    });

    test('definitions discovery, OpenAPI, docs and probes', async () => {
      const defs = (await stack.api.inject({ url: '/definitions' })).json();
      const ids = defs.definitions.map((d: { id: string }) => d.id);
      assert.ok(ids.includes('sitefit@1.0.0'));
      const one = await stack.api.inject({ url: '/definitions/sitefit/1.0.0' });
      assert.equal(one.statusCode, 200);
      assert.equal(one.json().manifest.timeout_sec, sitefit.manifest.timeout_sec);
      // The work cap checked at submit (422 MANIFEST_LIMIT) is shown, in the list and for one version.
      const v2 = await stack.api.inject({ url: '/definitions/sitefit/2.0.0' });
      const v2Cap = registry.get('sitefit', '2.0.0')!.manifest.max_work;
      assert.equal(typeof v2Cap, 'number');
      assert.equal(v2.json().limits.max_work, v2Cap);
      assert.match(v2.json().limits.max_work_unit, /rotations/);
      assert.equal(one.json().limits.max_work, sitefit.manifest.max_work);
      assert.equal(typeof one.json().limits.max_work, 'number');
      const listed = defs.definitions.find((d: { id: string }) => d.id === 'sitefit@2.0.0');
      assert.equal(listed.limits.max_work, v2Cap);
      assert.deepEqual(
        (await stack.api.inject({ url: '/definitions/sitefit/1.0.0/inputs.schema.json' })).json(),
        sitefit.inputsSchema,
      );
      assert.equal((await stack.api.inject({ url: '/definitions/sitefit/0.0.1' })).statusCode, 404);
      const spec = (await stack.api.inject({ url: '/openapi.json' })).json();
      assert.equal(spec.openapi, '3.1.0');
      assert.ok(spec.paths['/jobs/run'].post);
      assert.ok(spec.paths['/jobs/status/{id}'].get);
      const docs = await stack.api.inject({ url: '/docs/' });
      assert.equal(docs.statusCode, 200);
      assert.match(docs.body, /swagger/i);
      assert.equal((await stack.api.inject({ url: '/livez' })).statusCode, 200);
      const ready = await stack.api.inject({ url: '/readyz' });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json().checks, { database: 'ok', queue: 'ok', blob: 'ok' });
      const nf = await stack.api.inject({ url: '/nope' });
      assert.equal(nf.statusCode, 404);
      assert.equal(nf.json().code, 'NOT_FOUND');
    });

    test('over real HTTP: submit and read status', async () => {
      const res = await fetch(`${stack.apiUrl}/jobs/run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-correlation-id': 'http-1' },
        body: JSON.stringify(sitefitJob({ ...typical, seed: 31337 })),
      });
      assert.equal(res.status, 202);
      assert.equal(res.headers.get('x-correlation-id'), 'http-1');
      const { job_id } = (await res.json()) as { job_id: string };
      const st = await fetch(`${stack.apiUrl}/jobs/status/${job_id}`);
      assert.equal(st.status, 200);
      assert.equal(((await st.json()) as { status: string }).status, 'queued');
    });
  });
}
