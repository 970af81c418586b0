import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { KudusoError } from '@kuduso/core';
import {
  correlationOptions,
  jsonDepth,
  registerClosingGuard,
  registerCorrelation,
  registerErrorHandling,
} from '@kuduso/http';
import Fastify from 'fastify';

function app() {
  const a = Fastify({ ...correlationOptions, return503OnClosing: false });
  registerErrorHandling(a);
  registerCorrelation(a);
  registerClosingGuard(a);
  a.post('/echo', async (req) => ({ body: req.body, id: req.correlationId }));
  a.get('/boom', async () => {
    throw new Error('secret internals');
  });
  a.get('/busy', async () => {
    throw new KudusoError('NO_FREE_SEAT', { retryAfterSec: 2.2 });
  });
  a.get('/slow', async () => {
    await new Promise((r) => setTimeout(r, 300));
    return { ok: true };
  });
  return a;
}

test('bodies: JSON parsed, bad JSON / empty / too deep / other media types are JSON errors', async () => {
  const a = app();
  const post = (payload: string, type = 'application/json') =>
    a.inject({ method: 'POST', url: '/echo', headers: { 'content-type': type }, payload });
  const ok = await post('{"a":[1,2]}');
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json().body, { a: [1, 2] });
  for (const [payload, status, code] of [
    ['{"a":', 400, 'INVALID_JSON'],
    ['', 400, 'INVALID_JSON'],
    [`${'['.repeat(100)}${']'.repeat(100)}`, 400, 'INVALID_JSON'],
  ] as const) {
    const r = await post(payload);
    assert.equal(r.statusCode, status, payload.slice(0, 20));
    assert.equal(r.json().code, code);
  }
  const form = await post('a=1', 'application/x-www-form-urlencoded');
  assert.equal(form.statusCode, 415);
  assert.equal(form.json().code, 'UNSUPPORTED_MEDIA_TYPE');
  assert.equal(jsonDepth('{"a":"[[[[","b":[{}]}'), 3, 'brackets in strings do not count');
  await a.close();
});

test('errors: catalogue codes with status and Retry-After; unexpected errors hide their message', async () => {
  const a = app();
  const boom = await a.inject({ url: '/boom' });
  assert.equal(boom.statusCode, 500);
  assert.equal(boom.json().code, 'INTERNAL');
  assert.ok(!boom.body.includes('secret internals'));
  const busy = await a.inject({ url: '/busy' });
  assert.equal(busy.statusCode, 429);
  assert.equal(busy.headers['retry-after'], '3');
  const nf = await a.inject({ url: '/nowhere' });
  assert.equal(nf.statusCode, 404);
  assert.equal(nf.json().code, 'NOT_FOUND');
  await a.close();
});

test('correlation: a well-formed id is kept and echoed, anything else replaced', async () => {
  const a = app();
  const kept = await a.inject({
    method: 'POST',
    url: '/echo',
    headers: { 'content-type': 'application/json', 'x-correlation-id': 'abc-123' },
    payload: '{}',
  });
  assert.equal(kept.headers['x-correlation-id'], 'abc-123');
  assert.equal(kept.json().id, 'abc-123');
  const replaced = await a.inject({
    method: 'POST',
    url: '/echo',
    headers: { 'content-type': 'application/json', 'x-correlation-id': 'x'.repeat(500) },
    payload: '{}',
  });
  assert.match(String(replaced.headers['x-correlation-id']), /^[0-9a-f-]{36}$/);
  await a.close();
});

test('while closing, a request on an open connection gets our 503 with Retry-After; the one in flight finishes', async () => {
  const a = app();
  await a.listen({ port: 0, host: '127.0.0.1' });
  const { port } = a.server.address() as { port: number };
  // One keep-alive connection, as a worker's HTTP client holds: a slow request, then another after close began.
  const socket = connect(port, '127.0.0.1');
  let raw = '';
  socket.setEncoding('utf8').on('data', (d: string) => {
    raw += d;
  });
  await new Promise((r) => socket.once('connect', r));
  socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
  await new Promise((r) => setTimeout(r, 50));
  const closing = a.close();
  await new Promise((r) => setTimeout(r, 20));
  socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
  await closing;
  await new Promise((r) => setTimeout(r, 50));
  socket.destroy();
  const statuses = [...raw.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
  assert.deepEqual(statuses, [200, 503], raw);
  assert.match(raw, /"code":"UPSTREAM_UNAVAILABLE"/);
  assert.match(raw, /retry-after: 1/i);
});
