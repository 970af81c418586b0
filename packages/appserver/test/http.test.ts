// Over real HTTP: startAppServer() from configuration, correlation ids echoed and on every log line.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '@kuduso/core';
import { createLogger, DEFAULT_CONTRACTS_DIR } from '@kuduso/core/node';
import { type RunningAppServer, startAppServer } from '../src/index.ts';
import { MOCK_CONTRACTS_DIR } from './helpers.ts';

describe('startAppServer over real HTTP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuduso-appserver-http-'));
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('appserver', 'info', { write: (l: string) => void lines.push(JSON.parse(l)) });
  let server: RunningAppServer;

  before(async () => {
    const config = parseConfig(
      {
        APPSERVER_PORT: '0',
        APPSERVER_SEATS: '2',
        APPSERVER_TOKEN: 'tok-123',
        BLOB_DIR: join(dir, 'blobs'),
        CONTRACTS_DIR: `${DEFAULT_CONTRACTS_DIR},${MOCK_CONTRACTS_DIR}`,
      },
      'appserver',
    );
    server = await startAppServer(config, logger);
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('solve with x-correlation-id: echoed, and present on every log line of the request', async () => {
    const res = await fetch(`${server.url}/gh/mock:1.0.0/solve`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer tok-123',
        'x-correlation-id': 'corr-http-1',
        'x-job-id': '5b0c1f57-5c5c-4b5e-9d7e-3f1a2b3c4d5e',
        'x-tenant-id': 'tenant-a',
      },
      body: JSON.stringify({ value: 3 }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-correlation-id'), 'corr-http-1');
    const body = (await res.json()) as {
      outputs: { results: { value: number }[] };
      artifacts: { key: string }[];
    };
    assert.equal(body.outputs.results[0].value, 3);
    assert.equal(body.artifacts[0].key, 'jobs/5b0c1f57-5c5c-4b5e-9d7e-3f1a2b3c4d5e/echo.json');

    const mine = lines.filter((l) => l.correlation_id === 'corr-http-1');
    const messages = mine.map((l) => l.msg);
    assert.ok(messages.includes('incoming request'), JSON.stringify(messages));
    assert.ok(messages.includes('request completed'));
    const solved = mine.find((l) => l.msg === 'solve succeeded');
    assert.ok(solved, 'the solve line carries the correlation id');
    assert.equal(solved.job_id, '5b0c1f57-5c5c-4b5e-9d7e-3f1a2b3c4d5e');
    assert.equal(solved.tenant_id, 'tenant-a');
    assert.equal(solved.definition, 'mock@1.0.0');
    assert.equal(solved.seats_in_use, 1);
    assert.equal(solved.seats_total, 2);
    assert.equal(typeof solved.duration_ms, 'number');
    assert.ok(!JSON.stringify(lines).includes('tok-123'), 'the token is never logged');
  });

  test('no correlation id -> one is generated and echoed; a malformed one is replaced', async () => {
    const a = await fetch(`${server.url}/health`);
    assert.match(a.headers.get('x-correlation-id') ?? '', /^[0-9a-f-]{36}$/);
    const b = await fetch(`${server.url}/health`, { headers: { 'x-correlation-id': 'bad id\twith spaces' } });
    assert.match(b.headers.get('x-correlation-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  test('401 without the token, over the wire', async () => {
    const res = await fetch(`${server.url}/gh/mock:1.0.0/solve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"value":1}',
    });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { code: string }).code, 'UNAUTHORIZED');
  });

  test('an oversized body is refused with 413 JSON', async () => {
    const res = await fetch(`${server.url}/gh/mock:1.0.0/solve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer tok-123' },
      body: JSON.stringify({ value: 1, key: 'x'.repeat(3 * 1024 * 1024) }),
    });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { code: string }).code, 'PAYLOAD_TOO_LARGE');
  });

  test('/definitions lists sitefit with its manifest limits', async () => {
    const res = await fetch(`${server.url}/definitions`);
    const { definitions } = (await res.json()) as {
      definitions: { id: string; engine: string; limits: object }[];
    };
    const sf = definitions.find((d) => d.id === 'sitefit@1.0.0');
    assert.equal(sf?.engine, 'builtin');
    assert.deepEqual(sf?.limits, {
      timeout_sec: 240,
      max_vertices: 2000,
      max_results: 10,
      max_payload_bytes: 1048576,
    });
  });
});
