// Artifact links cannot be pointed elsewhere: PUBLIC_URL when set, else the request's host only when it is
// the listen address (or a loopback name of it) or in ALLOWED_HOSTS, else the listen address; X-Forwarded-*
// only from TRUSTED_PROXIES. Unit cases on the policy, then over real HTTP with a finished job (PGlite),
// plus the cached answer's correlation ids.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '@kuduso/core';
import { loadRegistry } from '@kuduso/core/node';
import { insertArtifacts, insertResult, markRunning, markSucceeded } from '@kuduso/db';
import type { FastifyRequest } from 'fastify';
import { CONTRACT_DIRS, type Stack, sitefitJob, startStack, submit } from '../../../test/harness.ts';
import { createLinkBase, hostAllowed } from '../src/link-base.ts';

function fakeRequest(
  headers: Record<string, string>,
  socket: { localAddress?: string; localPort?: number; remoteAddress?: string },
) {
  return { headers, raw: { socket } } as unknown as FastifyRequest;
}

const local = { localAddress: '127.0.0.1', localPort: 8000, remoteAddress: '127.0.0.1' };
const linkBase = (env: Record<string, string>) => createLinkBase(parseConfig(env, 'dev'));

describe('the link base policy', () => {
  test('a foreign Host never becomes the link host', () => {
    const base = linkBase({});
    assert.equal(base(fakeRequest({ host: 'evil.example' }, local)), 'http://127.0.0.1:8000');
    assert.equal(base(fakeRequest({ host: 'evil.example:8000' }, local)), 'http://127.0.0.1:8000');
    assert.equal(base(fakeRequest({ host: 'localhost:8000' }, local)), 'http://localhost:8000');
    assert.equal(base(fakeRequest({ host: '127.0.0.1:8000' }, local)), 'http://127.0.0.1:8000');
    assert.equal(base(fakeRequest({ host: 'localhost:9999' }, local)), 'http://127.0.0.1:8000');
    assert.equal(base(fakeRequest({}, local)), 'http://127.0.0.1:8000');
    const lan = { localAddress: '::ffff:10.1.2.3', localPort: 8000, remoteAddress: '10.9.9.9' };
    assert.equal(base(fakeRequest({ host: 'localhost:8000' }, lan)), 'http://10.1.2.3:8000');
    assert.equal(base(fakeRequest({ host: '10.1.2.3:8000' }, lan)), 'http://10.1.2.3:8000');
  });

  test('PUBLIC_URL wins; ALLOWED_HOSTS admits named hosts, ports and subdomains', () => {
    assert.equal(
      linkBase({ PUBLIC_URL: 'https://api.example.com/' })(fakeRequest({ host: 'evil.example' }, local)),
      'https://api.example.com',
    );
    const base = linkBase({ ALLOWED_HOSTS: 'api.example.com, *.kuduso.dev, other.example:8443' });
    assert.equal(base(fakeRequest({ host: 'api.example.com' }, local)), 'http://api.example.com');
    assert.equal(base(fakeRequest({ host: 'API.example.com:8000' }, local)), 'http://api.example.com:8000');
    assert.equal(base(fakeRequest({ host: 'eu.kuduso.dev' }, local)), 'http://eu.kuduso.dev');
    assert.equal(base(fakeRequest({ host: 'kuduso.dev' }, local)), 'http://127.0.0.1:8000');
    assert.equal(base(fakeRequest({ host: 'evilkuduso.dev' }, local)), 'http://127.0.0.1:8000');
    assert.equal(base(fakeRequest({ host: 'other.example:8443' }, local)), 'http://other.example:8443');
    assert.equal(base(fakeRequest({ host: 'other.example:9000' }, local)), 'http://127.0.0.1:8000');
    assert.equal(hostAllowed('*.a.b', 'x.y.a.b'), true);
    assert.equal(hostAllowed('*.a.b', 'a.b'), false);
  });

  test('X-Forwarded-Host/-Proto count only from TRUSTED_PROXIES, and only for an allowed host', () => {
    const env = { ALLOWED_HOSTS: 'api.example.com', TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.5' };
    const base = linkBase(env);
    const fwd = {
      host: '127.0.0.1:8000',
      'x-forwarded-host': 'api.example.com',
      'x-forwarded-proto': 'https',
    };
    assert.equal(base(fakeRequest(fwd, { ...local, remoteAddress: '10.2.3.4' })), 'https://api.example.com');
    assert.equal(
      base(fakeRequest(fwd, { ...local, remoteAddress: '::ffff:192.168.1.5' })),
      'https://api.example.com',
    );
    // The same headers from anyone else are ignored.
    assert.equal(base(fakeRequest(fwd, { ...local, remoteAddress: '203.0.113.7' })), 'http://127.0.0.1:8000');
    // A trusted proxy forwarding a foreign host still gets no link to it.
    const evil = { ...fwd, 'x-forwarded-host': 'evil.example' };
    assert.equal(base(fakeRequest(evil, { ...local, remoteAddress: '10.2.3.4' })), 'http://127.0.0.1:8000');
    assert.equal(
      linkBase({})(fakeRequest(fwd, { ...local, remoteAddress: '10.2.3.4' })),
      'http://127.0.0.1:8000',
    );
  });

  test('bad ALLOWED_HOSTS and TRUSTED_PROXIES entries stop the start, named', () => {
    assert.throws(
      () => parseConfig({ ALLOWED_HOSTS: 'ok.example, bad host', TRUSTED_PROXIES: '10.0.0.0/99' }, 'dev'),
      (e: Error) =>
        /ALLOWED_HOSTS: "bad host"/.test(e.message) && /TRUSTED_PROXIES: "10.0.0.0\/99"/.test(e.message),
    );
  });
});

describe('over HTTP with a finished job (PGlite)', () => {
  const typical = loadRegistry(CONTRACT_DIRS)
    .get('sitefit', '1.0.0')
    ?.examples.valid.find((e) => e.name === 'typical.json')?.inputs as Record<string, unknown>;
  let stack: Stack;
  let jobId = '';
  const body = sitefitJob({ ...typical, seed: 777 });
  before(async () => {
    stack = await startStack('pglite', { worker: false });
    const first = await submit(stack, body, { 'x-correlation-id': 'first-request' });
    jobId = String(first.body.job_id);
    await markRunning(stack.db, jobId);
    const stored = await stack.blob.put(
      `jobs/${jobId}/plan.svg`,
      new TextEncoder().encode('<svg/>'),
      'image/svg+xml',
    );
    await stack.db.transaction(async (tx) => {
      await insertResult(tx, jobId, { results: [], artifacts: [], metadata: {} }, null);
      await insertArtifacts(tx, jobId, [
        {
          kind: 'svg',
          label: 'plan',
          storage_key: stored.key,
          content_type: stored.contentType,
          size_bytes: stored.sizeBytes,
          checksum: stored.checksum,
        },
      ]);
      await markSucceeded(tx, jobId);
    });
  });
  after(() => stack?.close());

  function get(path: string, host: string): Promise<{ status: number; body: string }> {
    const url = new URL(stack.apiUrl);
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, path, headers: { host } }, (res) => {
        let data = '';
        res.setEncoding('utf8').on('data', (d) => {
          data += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  test('Host: evil.example yields links to the listen address, which serve the file', async () => {
    const res = await get(`/jobs/result/${jobId}`, 'evil.example');
    assert.equal(res.status, 200, res.body);
    const link = new URL(JSON.parse(res.body).artifacts[0].url);
    assert.equal(link.origin, new URL(stack.apiUrl).origin);
    assert.equal((await fetch(link)).status, 200);
    const own = await get(`/jobs/result/${jobId}`, `localhost:${new URL(stack.apiUrl).port}`);
    assert.equal(
      new URL(JSON.parse(own.body).artifacts[0].url).host,
      `localhost:${new URL(stack.apiUrl).port}`,
    );
  });

  test("a cached answer carries this request's correlation id and the earlier job's as cached_from", async () => {
    const again = await submit(stack, body, { 'x-correlation-id': 'second-request' });
    assert.equal(again.status, 200);
    assert.equal(again.body.cached, true);
    assert.equal(again.body.job_id, jobId);
    assert.equal(again.body.correlation_id, 'second-request');
    assert.equal(again.body.cached_from, 'first-request');
  });
});
