import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BlobTooLargeError, createFsBlobStore } from '@kuduso/blob';

const dir = await mkdtemp(join(tmpdir(), 'kuduso-blob-'));
after(() => rm(dir, { recursive: true, force: true }));

test('put then get returns the same bytes, type, size and checksum', async () => {
  const store = createFsBlobStore(dir);
  const body = new TextEncoder().encode('{"type":"FeatureCollection"}');
  const stored = await store.put('jobs/abc/plan.geojson', body, 'application/geo+json');
  assert.equal(stored.sizeBytes, body.byteLength);
  assert.equal(stored.checksum, createHash('sha256').update(body).digest('hex'));
  const got = await store.get('jobs/abc/plan.geojson');
  assert.ok(got);
  assert.deepEqual(Buffer.from(got.body), Buffer.from(body));
  assert.equal(got.contentType, 'application/geo+json');
});

test('a missing key is null, and keys cannot escape the folder', async () => {
  const store = createFsBlobStore(dir);
  assert.equal(await store.get('jobs/none/x.csv'), null);
  await assert.rejects(store.put('../evil', new Uint8Array(1), 'text/plain'), /invalid blob key/);
  await assert.rejects(store.put('jobs/../../evil', new Uint8Array(1), 'text/plain'), /invalid blob key/);
  await assert.rejects(store.get('/etc/passwd'), /invalid blob key/);
});

test('delete removes the file and its metadata, and is idempotent; the cap refuses larger bodies', async () => {
  const store = createFsBlobStore(dir, { maxBytes: 8 });
  await store.put('jobs/del/a.csv', new Uint8Array(8), 'text/csv');
  assert.equal(await store.delete('jobs/del/a.csv'), true);
  assert.equal(await store.get('jobs/del/a.csv'), null);
  assert.equal(await store.delete('jobs/del/a.csv'), false);
  await assert.rejects(store.put('jobs/del/b.csv', new Uint8Array(9), 'text/csv'), BlobTooLargeError);
  assert.equal(await store.get('jobs/del/b.csv'), null);
});
