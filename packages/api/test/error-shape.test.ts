// Every answer of the API and the AppServer that is an error is the JSON error shape {code, message} with a
// catalogue code and an x-correlation-id header, whatever produced it: our handlers, Fastify (FST_ERR_*),
// the router (404, 405 with Allow, 414) or Node's HTTP parser (431, malformed requests). The test walks
// every registered route with every method; then sends what only a real socket can send.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { ERROR_CATALOGUE } from '@kuduso/core';
import type { FastifyInstance } from 'fastify';
import { type Stack, startStack } from '../../../test/harness.ts';
import { makeApp, type TestApp } from '../../appserver/test/helpers.ts';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const UUID = '00000000-0000-4000-8000-000000000000';
let stack: Stack;
let appserver: TestApp;
let appserverUrl: string;
before(async () => {
  stack = await startStack('pglite', { worker: false });
  appserver = makeApp();
  appserverUrl = await appserver.app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await appserver?.close();
  await stack?.close();
});

function concrete(url: string): string {
  return url
    .replace(/:id\b/g, UUID)
    .replace(/:definition:version|:definition\\?:version/g, 'sitefit:1.0.0')
    .replace(/:definition/g, 'sitefit')
    .replace(/:version/g, '1.0.0')
    .replace(/:[A-Za-z_]+/g, 'x')
    .replace(/\*/g, 'x');
}

function assertErrorShape(what: string, status: number, headers: Record<string, unknown>, body: string) {
  assert.ok(headers['x-correlation-id'], `${what}: x-correlation-id`);
  if (status < 400) return;
  let json: { code?: string; message?: string };
  try {
    json = JSON.parse(body);
  } catch {
    assert.fail(`${what}: ${status} body is not JSON: ${body.slice(0, 200)}`);
  }
  assert.equal(typeof json.code, 'string', `${what}: ${body.slice(0, 200)}`);
  assert.equal(typeof json.message, 'string', what);
  assert.ok(
    (ERROR_CATALOGUE as Record<string, { status: number }>)[json.code as string],
    `${what}: ${json.code}`,
  );
  assert.equal(
    (ERROR_CATALOGUE as Record<string, { status: number }>)[json.code as string]?.status,
    status,
    what,
  );
  assert.ok(body.length < 4000, `${what}: a short body`);
}

async function walk(name: string, app: FastifyInstance) {
  const routes = app.kudusoRoutes.list();
  assert.ok(routes.length > 5, name);
  const paths = new Set(routes.map((r) => concrete(r.url)));
  let allowChecked = 0;
  for (const path of paths) {
    for (const method of METHODS) {
      const res = await app.inject({
        method,
        url: path,
        headers: { 'content-type': 'application/json' },
        payload: method === 'GET' || method === 'HEAD' ? undefined : '{}',
      });
      const what = `${name} ${method} ${path}`;
      if (method === 'HEAD') {
        assert.ok(res.headers['x-correlation-id'], what);
        continue;
      }
      assertErrorShape(what, res.statusCode, res.headers, res.body);
      if (res.statusCode === 405) {
        const allow = String(res.headers.allow);
        assert.ok(allow.length > 0 && !allow.split(', ').includes(method), `${what}: Allow ${allow}`);
        allowChecked += 1;
      }
    }
  }
  assert.ok(allowChecked > 0, `${name}: some 405s`);
}

test('every route and method of the API answers errors in the JSON shape, 405 with Allow', async () => {
  await walk('api', stack.api);
  const put = await stack.api.inject({ method: 'PUT', url: '/jobs/run' });
  assert.equal(put.statusCode, 405);
  assert.equal(put.json().code, 'METHOD_NOT_ALLOWED');
  assert.equal(put.headers.allow, 'POST');
  const unknown = await stack.api.inject({ url: `/nope/${'x'.repeat(5000)}` });
  assert.equal(unknown.statusCode, 404);
  assert.ok(unknown.body.length < 400, 'the path is not echoed at length');
});

test('every route and method of the AppServer answers errors in the JSON shape', async () => {
  await walk('appserver', appserver.app);
});

for (const [name, base] of [
  ['api', () => stack.apiUrl],
  ['appserver', () => appserverUrl],
] as const) {
  test(`${name}: a 10 KB job id is 414 URI_TOO_LONG in the JSON shape, without the id in the body`, async () => {
    const id = 'a'.repeat(10_000);
    for (const path of name === 'api' ? [`/jobs/status/${id}`, `/jobs/${id}/events`] : [`/gh/${id}/solve`]) {
      const res = await fetch(`${base()}${path}`, { method: name === 'api' ? 'GET' : 'POST' });
      const body = await res.text();
      assert.equal(res.status, 414, body.slice(0, 200));
      assert.equal(JSON.parse(body).code, 'URI_TOO_LONG');
      assert.ok(res.headers.get('x-correlation-id'));
      assert.ok(!body.includes('aaaaaaaaaa'));
    }
  });

  test(`${name}: a 60 KB header is 431, a 60 KB URL 414, a broken escape 400, bad HTTP 400: all JSON`, async () => {
    const url = new URL(base());
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname);
        let data = '';
        socket.setEncoding('utf8');
        socket.on('data', (d) => {
          data += d;
        });
        socket.on('error', () => resolve(data));
        socket.on('close', () => resolve(data));
        socket.setTimeout(20_000, () => reject(new Error('no answer')));
        socket.write(request);
      });
    const cases: [string, number, string][] = [
      [`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(60_000)}\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
      [`GET /${'u'.repeat(60_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414, 'URI_TOO_LONG'],
      ['GET /jobs/status/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, 'BAD_REQUEST'],
      ['NOT A REQUEST\r\n\r\n', 400, 'BAD_REQUEST'],
    ];
    for (const [request, status, code] of cases) {
      const answer = await raw(request);
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      assert.match(head, new RegExp(`^HTTP/1.1 ${status} `), `${code}: ${answer.slice(0, 300)}`);
      assert.match(head, /x-correlation-id: \S+/i, code);
      assert.equal(JSON.parse(body).code, code, answer.slice(0, 300));
      assert.ok(!body.includes('bbbbbbbbbb') && !body.includes('uuuuuuuuuu'));
    }
  });
}
