// Jobs with BLOB_BACKEND=azure on a real Azurite: the AppServer writes the artifacts there, the result's links
// are SAS URLs minted at read time that a plain HTTP client downloads, and an artifact over the cap fails the
// job at once with a clear error instead of being retried.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type Azurite, startAzurite } from '@kuduso/blob/testing';
import { loadRegistry } from '@kuduso/core/node';
import { listArtifacts } from '@kuduso/db';
import { CONTRACT_DIRS, type Stack, sitefitJob, startStack, submit } from '../harness.ts';

const sitefit = loadRegistry(CONTRACT_DIRS).get('sitefit', '1.0.0')!;
const typical = sitefit.examples.valid.find((e) => e.name === 'typical.json')!.inputs;

describe('artifacts on Azure Blob (Azurite)', { timeout: 90_000 }, () => {
  let azurite: Azurite;
  let stack: Stack;
  before(async () => {
    azurite = await startAzurite();
    stack = await startStack('pglite', {
      env: {
        BLOB_BACKEND: 'azure',
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        BLOB_CONTAINER: `e2e-${randomBytes(4).toString('hex')}`,
        ARTIFACT_URL_TTL_SEC: '120',
      },
    });
  });
  after(async () => {
    await stack?.close();
    await azurite?.stop();
  });

  test('a job stores its artifacts in the container and its result links download them', async () => {
    const r = await submit(stack, sitefitJob(typical));
    assert.equal(r.status, 202);
    const id = String(r.body.job_id);
    const job = await stack.waitFor(id, ['succeeded', 'failed']);
    assert.equal(job.status, 'succeeded', String(job.last_error));
    const rows = await listArtifacts(stack.db, id);
    assert.ok(rows.length > 0);
    const outputs = (await stack.api.inject({ url: `/jobs/result/${id}` })).json();
    assert.equal(outputs.artifacts.length, rows.length);
    for (const a of outputs.artifacts as { url: string; expires_at: string }[]) {
      assert.ok(a.url.startsWith(`${azurite.blobEndpoint}/`), `a direct SAS link: ${a.url}`);
      assert.ok(new URL(a.url).searchParams.get('sig'), 'signed');
      const expires = Date.parse(a.expires_at) - Date.now();
      assert.ok(expires > 0 && expires <= 121_000, 'expiry from ARTIFACT_URL_TTL_SEC');
      const res = await fetch(a.url);
      assert.equal(res.status, 200);
      const row = rows.find((x) => a.url.includes(x.storage_key))!;
      assert.ok(row, 'the link names a stored artifact');
      assert.equal(res.headers.get('content-type'), row.content_type);
      assert.equal((await res.arrayBuffer()).byteLength, Number(row.size_bytes));
    }
  });

  test('an artifact over ARTIFACT_MAX_BYTES fails the job at the first attempt with ARTIFACT_TOO_LARGE', async () => {
    const small = await startStack('pglite', {
      env: {
        BLOB_BACKEND: 'azure',
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        BLOB_CONTAINER: `e2e-${randomBytes(4).toString('hex')}`,
        ARTIFACT_MAX_BYTES: '16',
      },
    });
    try {
      const r = await submit(small, sitefitJob(typical));
      const job = await small.waitFor(String(r.body.job_id), ['succeeded', 'failed']);
      assert.equal(job.status, 'failed');
      assert.equal(job.attempts, 1, 'not retried: the same bytes would be refused again');
      assert.match(String(job.last_error), /413 ARTIFACT_TOO_LARGE/);
    } finally {
      await small.close();
    }
  });
});
