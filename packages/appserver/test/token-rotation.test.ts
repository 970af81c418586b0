// Rotating APPSERVER_TOKEN without downtime: while APPSERVER_TOKEN_PREVIOUS is set the AppServer takes both
// the new and the old token, so workers can be rolled after the AppServer; any other token is refused.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type RunningAppServer, startAppServer } from '@kuduso/appserver';
import { parseConfig } from '@kuduso/core';
import { createLogger, DEFAULT_CONTRACTS_DIR } from '@kuduso/core/node';
import { MOCK_CONTRACTS_DIR } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'kuduso-rotation-'));
let server: RunningAppServer;
before(async () => {
  const config = parseConfig(
    {
      APPSERVER_PORT: '0',
      APPSERVER_SEATS: '1',
      APPSERVER_TOKEN: 'token-new',
      APPSERVER_TOKEN_PREVIOUS: 'token-old',
      BLOB_DIR: join(dir, 'blobs'),
      CONTRACTS_DIR: `${DEFAULT_CONTRACTS_DIR},${MOCK_CONTRACTS_DIR}`,
    },
    'appserver',
  );
  server = await startAppServer(config, createLogger('appserver', 'silent'));
});
after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const solve = (token: string) =>
  fetch(`${server.url}/gh/mock:1.0.0/solve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: '{"value":1}',
  });

test('the new and the previous token are both accepted during a rotation; others are not', async () => {
  assert.equal((await solve('token-new')).status, 200);
  assert.equal((await solve('token-old')).status, 200);
  const wrong = await solve('token-other');
  assert.equal(wrong.status, 401);
  assert.equal(((await wrong.json()) as { code: string }).code, 'UNAUTHORIZED');
});
