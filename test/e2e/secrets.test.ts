// Secrets never leave: a full run (api + worker + AppServer, JWT auth, a service token, an admin token, a
// signing secret, a compute key) with a job to success, failures, probes and the OpenAPI document, then
// every log line and every response body is searched for every configured secret and the bearer token.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadRegistry } from '@kuduso/core/node';
import { SignJWT } from 'jose';
import { CONTRACT_DIRS, mockJob, type Stack, sitefitJob, startStack } from '../harness.ts';

const SECRETS = {
  JWT_SECRET: 'jwt-secret-Zq8m1-never-in-logs-0123456789',
  APPSERVER_TOKEN: 'svc-token-Hx4k9-never-in-logs',
  ADMIN_TOKEN: 'admin-token-Pw3r7-never-in-logs',
  ARTIFACT_SIGNING_SECRET: 'signing-secret-Lq2n5-never-in-logs',
  COMPUTE_API_KEY: 'compute-key-Vb6t0-never-in-logs',
  // Tracing on, to a collector that is not there: the export failures are logged, its API key never.
  OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=otlp-key-Ty5u8-never-in-logs',
};
const OTLP_KEY = 'otlp-key-Ty5u8-never-in-logs';

const typical = loadRegistry(CONTRACT_DIRS)
  .get('sitefit', '1.0.0')!
  .examples.valid.find((e) => e.name === 'typical.json')!.inputs;

let stack: Stack;
before(async () => {
  stack = await startStack('pg', {
    env: {
      ...SECRETS,
      AUTH_MODE: 'jwt',
      LOG_LEVEL: 'debug',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    },
  });
});
after(() => stack?.close());

test('no configured secret or bearer token appears in logs, errors, probes or the OpenAPI document', async () => {
  const bearer = await new SignJWT({ tenant_id: 'acme' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('user-1')
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRETS.JWT_SECRET));
  const bodies: string[] = [];
  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown, auth = bearer) => {
    const r = await stack.api.inject({
      method,
      url,
      headers: {
        ...(payload ? { 'content-type': 'application/json' } : {}),
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
      },
      payload: payload ? JSON.stringify(payload) : undefined,
    });
    bodies.push(JSON.stringify(r.headers), r.body);
    return r;
  };
  const ok = await call('POST', '/jobs/run', sitefitJob(typical));
  assert.equal(ok.statusCode, 202);
  await stack.waitFor(ok.json().job_id, ['succeeded']);
  await call('GET', `/jobs/result/${ok.json().job_id}`);
  const failing = await call('POST', '/jobs/run', mockJob({ value: 1, fail_always: true, fail_status: 500 }));
  await stack.waitFor(failing.json().job_id, ['failed', 'queued', 'running'], 5000);
  await call('POST', '/jobs/run', { nope: true });
  await call('GET', '/jobs/status/not-a-uuid');
  await call('GET', '/admin/dead-letters');
  await call('GET', '/admin/dead-letters', undefined, SECRETS.ADMIN_TOKEN);
  await call('GET', '/jobs/status/00000000-0000-4000-8000-000000000000', undefined, `${bearer}x`);
  for (const url of ['/readyz', '/health', '/openapi.json', '/metrics'])
    await call('GET', url, undefined, '');
  for (const url of ['/readyz', '/health', '/metrics']) {
    const r = await fetch(`${stack.appserverUrl}${url}`);
    bodies.push(await r.text());
  }
  // A solve with a wrong service token, straight at the AppServer.
  const wrong = await fetch(`${stack.appserverUrl}/gh/sitefit:1.0.0/solve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' },
    body: JSON.stringify({ inputs: typical }),
  });
  assert.equal(wrong.status, 401);
  bodies.push(await wrong.text());

  await stack.services.tracing.flush().catch(() => {});
  const logs = stack.logs.map((l) => JSON.stringify(l)).join('\n');
  assert.ok(logs.includes('job accepted') && logs.length > 1000, 'the run did log');
  assert.ok(
    stack.logs.some((l) => l.component === 'otel'),
    'the failed span exports were logged',
  );
  for (const [name, secret] of [
    ...Object.entries(SECRETS),
    ['OTLP key', OTLP_KEY],
    ['bearer token', bearer],
  ]) {
    assert.ok(!logs.includes(secret), `${name} appears in the logs`);
    for (const body of bodies) assert.ok(!body.includes(secret), `${name} appears in a response: ${body}`);
  }
});
