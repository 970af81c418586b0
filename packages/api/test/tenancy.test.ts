// AUTH_MODE=jwt through inject() with real HS256 tokens signed by jose: 401/403 with WWW-Authenticate, and
// every job read scoped to the token's tenant (another tenant's job is a 404, cache hits and Idempotency-Keys
// never cross tenants). Real PostgreSQL and PGlite; no worker (tests finish jobs as the worker would).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadRegistry } from '@kuduso/core/node';
import { insertResult, markRunning, markSucceeded } from '@kuduso/db';
import { TEST_DRIVERS } from '@kuduso/db/testing';
import { SignJWT } from 'jose';
import { CONTRACT_DIRS, type Stack, sitefitJob, startStack } from '../../../test/harness.ts';

const SECRET = 'tenancy-test-secret-0123456789-abcdefghij';
const ISSUER = 'https://auth.example.test/auth/v1';
const AUDIENCE = 'authenticated';

const typical = loadRegistry(CONTRACT_DIRS)
  .get('sitefit', '1.0.0')!
  .examples.valid.find((e) => e.name === 'typical.json')!.inputs as Record<string, unknown>;

interface TokenOptions {
  tenant?: string | null;
  roles?: string[];
  issuer?: string;
  audience?: string;
  /** Seconds from now. */
  exp?: number;
  secret?: string;
}

/** A Supabase-shaped token: role "authenticated", the tenant and roles in app_metadata. */
async function token(o: TokenOptions = {}): Promise<string> {
  const app_metadata: Record<string, unknown> = {};
  if (o.tenant !== null) app_metadata.tenant_id = o.tenant ?? 'tenant-a';
  if (o.roles) app_metadata.roles = o.roles;
  return new SignJWT({ role: 'authenticated', app_metadata })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('user-1')
    .setIssuer(o.issuer ?? ISSUER)
    .setAudience(o.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (o.exp ?? 600))
    .sign(new TextEncoder().encode(o.secret ?? SECRET));
}

for (const driver of TEST_DRIVERS) {
  describe(`JWT auth and tenant scoping on ${driver}`, () => {
    let stack: Stack;
    let a: string;
    let b: string;
    before(async () => {
      stack = await startStack(driver, {
        worker: false,
        env: {
          AUTH_MODE: 'jwt',
          JWT_SECRET: SECRET,
          JWT_ISSUER: ISSUER,
          JWT_AUDIENCE: AUDIENCE,
          JWT_TENANT_CLAIM: 'app_metadata.tenant_id',
          JWT_CLOCK_SKEW_SEC: '30',
        },
      });
      a = await token({ tenant: 'tenant-a' });
      b = await token({ tenant: 'tenant-b' });
    });
    after(() => stack.close());

    const run = (bearer: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
      stack.api.inject({
        method: 'POST',
        url: '/jobs/run',
        headers: {
          'content-type': 'application/json',
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...headers,
        },
        payload: JSON.stringify(body),
      });
    const get = (bearer: string, url: string) =>
      stack.api.inject({ url, headers: { authorization: `Bearer ${bearer}` } });

    test('no token: 401 UNAUTHORIZED with a Bearer challenge', async () => {
      const r = await run(undefined, sitefitJob(typical));
      assert.equal(r.statusCode, 401);
      assert.equal(r.json().code, 'UNAUTHORIZED');
      assert.match(String(r.headers['www-authenticate']), /^Bearer realm="kuduso"$/);
      const s = await stack.api.inject({ url: '/jobs/status/00000000-0000-4000-8000-000000000000' });
      assert.equal(s.statusCode, 401);
    });

    test('bad signature, wrong issuer or audience, expired, malformed: 401 invalid_token', async () => {
      const bad = [
        await token({ secret: 'another-secret-of-sufficient-length-000000' }),
        await token({ issuer: 'https://evil.example.test' }),
        await token({ audience: 'someone-else' }),
        await token({ exp: -120 }),
        'not.a.jwt',
      ];
      for (const t of bad) {
        const r = await run(t, sitefitJob(typical));
        assert.equal(r.statusCode, 401, t);
        assert.equal(r.json().code, 'UNAUTHORIZED');
        assert.match(String(r.headers['www-authenticate']), /error="invalid_token"/);
        assert.ok(!JSON.stringify(r.json()).includes(t), 'the token is not echoed');
      }
      const basic = await stack.api.inject({
        url: '/jobs/status/00000000-0000-4000-8000-000000000000',
        headers: { authorization: 'Basic dXNlcjpwYXNz' },
      });
      assert.equal(basic.statusCode, 401);
    });

    test('a token expired within the clock skew is still accepted', async () => {
      const r = await run(await token({ exp: -10 }), sitefitJob({ ...typical, seed: 4242 }));
      assert.equal(r.statusCode, 202);
    });

    test('a token without a tenant claim: 403', async () => {
      const r = await run(await token({ tenant: null }), sitefitJob(typical));
      assert.equal(r.statusCode, 403);
      assert.equal(r.json().code, 'FORBIDDEN');
      assert.match(String(r.headers['www-authenticate']), /insufficient_scope/);
    });

    test("another tenant's job answers 404 for status and result; its own tenant sees it", async () => {
      const r = await run(a, sitefitJob({ ...typical, seed: 7 }));
      assert.equal(r.statusCode, 202);
      const id = r.json().job_id;
      assert.equal((await get(a, `/jobs/status/${id}`)).statusCode, 200);
      const other = await get(b, `/jobs/status/${id}`);
      assert.equal(other.statusCode, 404);
      assert.equal(other.json().code, 'JOB_NOT_FOUND');
      assert.equal((await get(b, `/jobs/result/${id}`)).statusCode, 404);
      assert.equal((await get(a, `/jobs/result/${id}`)).statusCode, 409);
      const cancel = await stack.api.inject({
        method: 'POST',
        url: `/jobs/${id}/cancel`,
        headers: { authorization: `Bearer ${b}` },
      });
      assert.equal(cancel.statusCode, 404, 'another tenant cannot cancel it');
      assert.equal((await get(a, `/jobs/status/${id}`)).json().status, 'queued');
      assert.equal((await get(b, `/jobs/${id}/inputs`)).statusCode, 404);
    });

    test("the job list and the event stream never show another tenant's job", async () => {
      const r = await run(a, sitefitJob({ ...typical, seed: 8 }));
      const id = r.json().job_id;
      const ids = (bearer: string) =>
        get(bearer, '/jobs?limit=100').then((res) => {
          assert.equal(res.statusCode, 200, res.body);
          return JSON.stringify(res.json());
        });
      assert.ok((await ids(a)).includes(id), 'the owner lists it');
      assert.ok(!(await ids(b)).includes(id), 'another tenant does not');
      const events = await get(b, `/jobs/${id}/events`);
      assert.equal(events.statusCode, 404);
      assert.equal(events.json().code, 'JOB_NOT_FOUND');
    });

    test('a cache hit never crosses tenants', async () => {
      const body = sitefitJob({ ...typical, seed: 99 });
      const first = await run(a, body);
      const id = first.json().job_id;
      await markRunning(stack.db, id);
      await stack.db.transaction(async (tx) => {
        await insertResult(tx, id, { results: [], artifacts: [], metadata: {} }, null);
        await markSucceeded(tx, id);
      });
      const sameTenant = await run(a, body);
      assert.equal(sameTenant.statusCode, 200);
      assert.equal(sameTenant.json().cached, true);
      assert.equal(sameTenant.json().job_id, id);
      const otherTenant = await run(b, body);
      assert.equal(otherTenant.statusCode, 202, 'tenant b gets its own job');
      assert.notEqual(otherTenant.json().job_id, id);
      assert.equal(otherTenant.json().cached, undefined);
    });

    test('Idempotency-Keys are per tenant', async () => {
      const key = { 'idempotency-key': 'same-key-for-both' };
      const ra = await run(a, sitefitJob({ ...typical, seed: 11 }), key);
      const rb = await run(b, sitefitJob({ ...typical, seed: 12 }), key);
      assert.equal(ra.statusCode, 202);
      assert.equal(rb.statusCode, 202, "b's different body is no conflict with a's key");
      assert.notEqual(ra.json().job_id, rb.json().job_id);
      const replay = await run(a, sitefitJob({ ...typical, seed: 11 }), key);
      assert.equal(replay.json().job_id, ra.json().job_id);
      const conflict = await run(a, sitefitJob({ ...typical, seed: 12 }), key);
      assert.equal(conflict.statusCode, 409);
      assert.ok(!JSON.stringify(conflict.json()).includes(rb.json().job_id), "b's job id never leaks");
    });

    test('admin routes: 403 for a user, 200 for the admin role', async () => {
      const user = await get(a, '/admin/dead-letters');
      assert.equal(user.statusCode, 403);
      assert.match(String(user.headers['www-authenticate']), /insufficient_scope/);
      const admin = await get(await token({ roles: ['admin'] }), '/admin/dead-letters');
      assert.equal(admin.statusCode, 200);
      assert.ok(Array.isArray(admin.json().dead_letters));
    });

    test('probes, discovery and docs need no token; OpenAPI declares the bearer scheme', async () => {
      for (const url of ['/livez', '/readyz', '/definitions', '/openapi.json', '/docs']) {
        const r = await stack.api.inject({ url });
        assert.ok(r.statusCode < 400, `${url} answered ${r.statusCode}`);
      }
      const doc = (await stack.api.inject({ url: '/openapi.json' })).json();
      assert.deepEqual(doc.components.securitySchemes.bearerAuth, {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      });
      assert.deepEqual(doc.security, [{ bearerAuth: [] }]);
      assert.deepEqual(doc.paths['/livez'].get.security, []);
      assert.equal(doc.paths['/jobs/run'].post.security, undefined, 'inherits the bearer requirement');
      assert.ok(!JSON.stringify(doc).includes(SECRET));
    });
  });
}
