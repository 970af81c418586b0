// The Azure Blob store against a real Azurite: bytes, type and checksum round-trip, SAS links that a plain
// HTTP client can follow, and the service (not this code) refusing expired or altered links.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { BlobTooLargeError, createAzureBlobStore, createBlobStore } from '@kuduso/blob';
import { type Azurite, startAzurite } from '@kuduso/blob/testing';

describe('Azure blob store on Azurite', { timeout: 60_000 }, () => {
  let azurite: Azurite;
  before(async () => {
    azurite = await startAzurite();
  });
  after(() => azurite?.stop());
  const container = () => `t-${randomBytes(5).toString('hex')}`;

  test('put creates the container, then get returns the same bytes, type and checksum', async () => {
    const store = createAzureBlobStore({
      connectionString: azurite.connectionString,
      container: container(),
    });
    const body = new TextEncoder().encode('{"type":"FeatureCollection","features":[]}');
    const stored = await store.put('jobs/j1/plan.geojson', body, 'application/geo+json');
    assert.equal(stored.sizeBytes, body.byteLength);
    assert.equal(stored.checksum, createHash('sha256').update(body).digest('hex'));
    const got = await store.get('jobs/j1/plan.geojson');
    assert.ok(got);
    assert.deepEqual(Buffer.from(got.body), Buffer.from(body));
    assert.equal(got.contentType, 'application/geo+json');
    await store.check();
  });

  test('a SAS link downloads the blob; expired and tampered links are refused by the service', async () => {
    const store = createAzureBlobStore({
      connectionString: azurite.connectionString,
      container: container(),
    });
    const body = randomBytes(4096);
    await store.put('jobs/j2/model.gltf', body, 'model/gltf+json');
    const url = await store.directUrl('jobs/j2/model.gltf', new Date(Date.now() + 10 * 60_000));
    assert.ok(url);
    const ok = await fetch(url);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-type'), 'model/gltf+json');
    assert.equal(ok.headers.get('content-md5'), createHash('md5').update(body).digest('base64'));
    assert.deepEqual(Buffer.from(await ok.arrayBuffer()), body);

    const expired = await store.directUrl('jobs/j2/model.gltf', new Date(Date.now() - 60_000));
    assert.equal((await fetch(expired!)).status, 403);

    const u = new URL(url);
    const sig = u.searchParams.get('sig')!;
    u.searchParams.set('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1));
    assert.equal((await fetch(u)).status, 403, 'altered signature');
    const other = new URL(url.replace('model.gltf', 'other.gltf'));
    await store.put('jobs/j2/other.gltf', body, 'model/gltf+json');
    assert.equal((await fetch(other)).status, 403, 'a link for one blob does not open another');
    const longer = new URL(url);
    longer.searchParams.set('se', new Date(Date.now() + 86400_000).toISOString().replace(/\.\d+Z$/, 'Z'));
    assert.equal((await fetch(longer)).status, 403, 'extended expiry');
  });

  test('a missing blob is null, delete is idempotent, bad keys are refused', async () => {
    const store = createAzureBlobStore({
      connectionString: azurite.connectionString,
      container: container(),
    });
    assert.equal(await store.get('jobs/none/x.csv'), null);
    await store.put('jobs/j3/a.csv', new TextEncoder().encode('a,b\n'), 'text/csv');
    assert.equal(await store.delete('jobs/j3/a.csv'), true);
    assert.equal(await store.get('jobs/j3/a.csv'), null);
    assert.equal(await store.delete('jobs/j3/a.csv'), false);
    await assert.rejects(store.put('../evil', new Uint8Array(1), 'text/plain'), /invalid blob key/);
  });

  test('the size cap refuses a larger body before anything is uploaded', async () => {
    const name = container();
    const store = createAzureBlobStore({
      connectionString: azurite.connectionString,
      container: name,
      maxBytes: 10,
    });
    await store.put('jobs/j4/small.csv', new Uint8Array(10), 'text/csv');
    await assert.rejects(store.put('jobs/j4/big.csv', new Uint8Array(11), 'text/csv'), BlobTooLargeError);
    assert.equal(await store.get('jobs/j4/big.csv'), null);
  });

  test('the factory picks Azure from the typed config', async () => {
    const store = createBlobStore({
      blobBackend: 'azure',
      blobDir: '/nonexistent',
      blobContainer: container(),
      azureStorageConnectionString: azurite.connectionString,
      artifactMaxBytes: 1024,
    });
    assert.equal(store.backend, 'azure');
    await store.check();
  });
});
