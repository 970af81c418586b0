// Retention on real PostgreSQL and PGlite, with the folder blob store and Azure Blob (Azurite): old finished
// jobs go with their result, artifact rows and blobs; queued, running and recent jobs stay; a blob that
// cannot be deleted keeps its job for the next run; two purgers at once never purge a job twice.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type BlobStore, createAzureBlobStore, createFsBlobStore } from '@kuduso/blob';
import { type Azurite, startAzurite } from '@kuduso/blob/testing';
import { createLogger } from '@kuduso/core/node';
import {
  type Db,
  estimatePurge,
  findJobById,
  getResult,
  insertArtifacts,
  insertResult,
  listArtifacts,
} from '@kuduso/db';
import { openTestDb, TEST_DRIVERS, type TestDb } from '@kuduso/db/testing';
import { purgeFinished, retentionCutoff, startMaintenance } from '@kuduso/worker';

const DAY = 86400_000;

/** A job in any state with an end time `ageDays` ago, a result and `files` artifacts stored in the blob store. */
async function seedJob(db: Db, blob: BlobStore, status: string, ageDays: number, files = 1): Promise<string> {
  const id = randomUUID();
  const ended = status === 'queued' || status === 'running' ? null : new Date(Date.now() - ageDays * DAY);
  await db.executeSql(
    `INSERT INTO job (id, app_id, definition, version, status, inputs_hash, payload_json, correlation_id,
                      created_at, started_at, ended_at)
     VALUES ($1, 'test', 'mock', '1.0.0', $2, 'h', '{}'::jsonb, 'c', $3, $3, $4)`,
    [id, status, new Date(Date.now() - (ageDays + 1) * DAY), ended],
  );
  await insertResult(db, id, { ok: true }, 1);
  const stored = [];
  for (let i = 0; i < files; i++) {
    stored.push(await blob.put(`jobs/${id}/f${i}.csv`, new TextEncoder().encode(`${id},${i}\n`), 'text/csv'));
  }
  await insertArtifacts(
    db,
    id,
    stored.map((s) => ({ kind: 'csv', storage_key: s.key, size_bytes: s.sizeBytes, checksum: s.checksum })),
  );
  return id;
}

async function gone(db: Db, blob: BlobStore, id: string, keys: string[]) {
  assert.equal(await findJobById(db, id), null, `job ${id} purged`);
  assert.equal(await getResult(db, id), null);
  assert.deepEqual(await listArtifacts(db, id), []);
  for (const k of keys) assert.equal(await blob.get(k), null, `blob ${k} deleted`);
}

async function kept(db: Db, blob: BlobStore, id: string) {
  assert.ok(await findJobById(db, id), `job ${id} kept`);
  assert.ok(await getResult(db, id));
  const rows = await listArtifacts(db, id);
  assert.ok(rows.length > 0);
  for (const r of rows) assert.ok(await blob.get(r.storage_key), `blob ${r.storage_key} kept`);
}

let azurite: Azurite;
const folders: string[] = [];
before(async () => {
  azurite = await startAzurite();
});
after(async () => {
  await azurite?.stop();
  for (const f of folders) await rm(f, { recursive: true, force: true });
});

const stores: Record<string, () => Promise<BlobStore>> = {
  fs: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kuduso-purge-'));
    folders.push(dir);
    return createFsBlobStore(dir);
  },
  azure: async () =>
    createAzureBlobStore({
      connectionString: azurite.connectionString,
      container: `purge-${randomBytes(4).toString('hex')}`,
    }),
};

for (const driver of TEST_DRIVERS) {
  for (const [storeName, makeStore] of Object.entries(stores)) {
    describe(`retention on ${driver} with ${storeName} blobs`, { timeout: 60_000 }, () => {
      let t: TestDb;
      let blob: BlobStore;
      before(async () => {
        t = await openTestDb(driver);
        blob = await makeStore();
      });
      after(() => t?.close());

      test('old finished jobs go with results, artifacts and blobs; live and recent ones stay', async () => {
        const { db } = t;
        const oldOk = await seedJob(db, blob, 'succeeded', 40, 2);
        const oldFailed = await seedJob(db, blob, 'failed', 31);
        const oldCancelled = await seedJob(db, blob, 'cancelled', 90);
        const recent = await seedJob(db, blob, 'succeeded', 5);
        const queued = await seedJob(db, blob, 'queued', 60);
        const running = await seedJob(db, blob, 'running', 60);
        // A queued job carrying an old ended_at (as after a hand edit) is still never purged.
        const requeued = await seedJob(db, blob, 'queued', 60);
        await db.executeSql('UPDATE job SET ended_at = $2 WHERE id = $1', [
          requeued,
          new Date(Date.now() - 60 * DAY),
        ]);
        const oldKeys = async (id: string) => (await listArtifacts(db, id)).map((a) => a.storage_key);
        const keys = {
          oldOk: await oldKeys(oldOk),
          oldFailed: await oldKeys(oldFailed),
          oldCancelled: await oldKeys(oldCancelled),
        };

        const cutoff = retentionCutoff(30);
        const estimate = await estimatePurge(db, cutoff);
        assert.equal(estimate.jobs, 3);
        assert.equal(estimate.artifacts, 4);
        assert.ok(estimate.artifact_bytes > 0);
        await kept(db, blob, oldOk); // the estimate deleted nothing

        const report = await purgeFinished({ db, blob }, { before: cutoff, batchSize: 2 });
        assert.equal(report.jobs, 3);
        assert.equal(report.artifacts, 4);
        assert.equal(report.blobs_deleted, 4);
        assert.equal(report.blobs_missing, 0);
        assert.deepEqual(report.failed, []);
        assert.ok(report.batches >= 2, 'batched');
        await gone(db, blob, oldOk, keys.oldOk);
        await gone(db, blob, oldFailed, keys.oldFailed);
        await gone(db, blob, oldCancelled, keys.oldCancelled);
        for (const id of [recent, queued, running, requeued]) await kept(db, blob, id);

        const again = await purgeFinished({ db, blob }, { before: cutoff, batchSize: 2 });
        assert.equal(again.jobs, 0, 'nothing left to purge');
        for (const id of [recent, queued, running, requeued]) {
          await db.executeSql('DELETE FROM job WHERE id = $1', [id]);
        }
      });

      test('a blob that cannot be deleted keeps its job for the next run; a missing blob does not', async () => {
        const { db } = t;
        const stuck = await seedJob(db, blob, 'succeeded', 40);
        const orphan = await seedJob(db, blob, 'succeeded', 40);
        const [stuckKey] = (await listArtifacts(db, stuck)).map((a) => a.storage_key);
        const [orphanKey] = (await listArtifacts(db, orphan)).map((a) => a.storage_key);
        await blob.delete(orphanKey);
        const failing: BlobStore = {
          ...blob,
          delete: (k) => (k === stuckKey ? Promise.reject(new Error('storage unavailable')) : blob.delete(k)),
        };
        const first = await purgeFinished(
          { db, blob: failing },
          { before: retentionCutoff(30), batchSize: 10 },
        );
        assert.equal(first.jobs, 1);
        assert.equal(first.blobs_missing, 1);
        assert.deepEqual(first.failed, [{ job_id: stuck, error: 'storage unavailable' }]);
        await gone(db, blob, orphan, [orphanKey]);
        await kept(db, blob, stuck);
        const second = await purgeFinished({ db, blob }, { before: retentionCutoff(30), batchSize: 10 });
        assert.equal(second.jobs, 1);
        await gone(db, blob, stuck, [stuckKey]);
      });

      test('two purgers at once take disjoint batches and purge each job once', async () => {
        const { db } = t;
        const ids = [];
        for (let i = 0; i < 12; i++)
          ids.push(await seedJob(db, blob, i % 2 ? 'failed' : 'succeeded', 35 + i));
        const opts = { before: retentionCutoff(30), batchSize: 3 };
        const [a, b] = await Promise.all([
          purgeFinished({ db, blob }, opts),
          purgeFinished({ db, blob }, opts),
        ]);
        assert.equal(a.jobs + b.jobs, 12);
        assert.equal(a.blobs_deleted + b.blobs_deleted, 12);
        assert.deepEqual([...a.failed, ...b.failed], []);
        for (const id of ids) assert.equal(await findJobById(db, id), null);
      });
    });
  }
}

test('the scheduled maintenance task purges on its own and stops cleanly', { timeout: 30_000 }, async () => {
  const t = await openTestDb('pg');
  try {
    const blob = await stores.fs();
    const id = await seedJob(t.db, blob, 'succeeded', 40);
    const m = startMaintenance({
      db: t.db,
      blob,
      logger: createLogger('worker', 'silent'),
      config: { retentionDays: 30, maintenanceIntervalSec: 1, retentionBatchSize: 10 },
    });
    try {
      const until = Date.now() + 15_000;
      while ((await findJobById(t.db, id)) && Date.now() < until)
        await new Promise((r) => setTimeout(r, 100));
      assert.equal(await findJobById(t.db, id), null, 'purged by the schedule');
    } finally {
      await m.stop();
    }
    const off = startMaintenance({
      db: t.db,
      blob,
      logger: createLogger('worker', 'silent'),
      config: { retentionDays: 0, maintenanceIntervalSec: 1, retentionBatchSize: 10 },
    });
    const keep = await seedJob(t.db, blob, 'succeeded', 400);
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(await findJobById(t.db, keep), 'RETENTION_DAYS=0 keeps everything');
    await off.stop();
  } finally {
    await t.close();
  }
});
