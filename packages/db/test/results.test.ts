import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  claimOutbox,
  type Db,
  findArtifact,
  getResult,
  insertArtifacts,
  insertJob,
  insertOutbox,
  insertResult,
  type JobRow,
  listArtifacts,
  markOutboxFailed,
  markOutboxPublished,
  markRunning,
  markSucceeded,
} from '@kuduso/db';
import { openTestDb, TEST_DRIVERS, type TestDb } from '@kuduso/db/testing';

async function job(db: Db): Promise<JobRow> {
  const row = await insertJob(db, {
    app_id: 'app',
    definition: 'sitefit',
    version: '1.0.0',
    inputs_hash: randomUUID(),
    payload_json: {},
    correlation_id: randomUUID(),
  });
  assert.ok(row);
  return row;
}

for (const driver of TEST_DRIVERS) {
  describe(`results, artifacts and outbox on ${driver}`, () => {
    let t: TestDb;
    let db: Db;
    before(async () => {
      t = await openTestDb(driver);
      db = t.db;
    });
    after(() => t?.close());

    it('stores one result per job, with parsed outputs and the score', async () => {
      const j = await job(db);
      assert.equal(await getResult(db, j.id), null);
      const outputs = {
        results: [{ id: 'r1', score: 0.75, metrics: { yard_area_m2: 120.5 } }],
        artifacts: [],
      };
      const row = await insertResult(db, j.id, outputs, 0.75);
      assert.equal(row.job_id, j.id);
      assert.deepEqual(row.outputs_json, outputs);
      assert.equal(row.score, 0.75);
      assert.ok(row.created_at instanceof Date);
      assert.deepEqual(await getResult(db, j.id), row);
      await assert.rejects(insertResult(db, j.id, {}, null), /duplicate key|unique/);
      const unscored = await job(db);
      assert.equal((await insertResult(db, unscored.id, [], null)).score, null);
      await assert.rejects(insertResult(db, randomUUID(), {}, 1), /foreign key/);
    });

    it('stores artifacts in the order given, lists and finds them per job', async () => {
      const j = await job(db);
      const other = await job(db);
      assert.deepEqual(await insertArtifacts(db, j.id, []), []);
      const given = [
        {
          kind: 'geojson',
          label: 'placements',
          storage_key: `jobs/${j.id}/placements.geojson`,
          content_type: 'application/geo+json',
          size_bytes: 12345,
          checksum: 'sha256:abc',
        },
        { kind: 'png', storage_key: `jobs/${j.id}/preview.png` },
        {
          kind: 'geojson',
          label: 'placements',
          storage_key: `jobs/${j.id}/second.geojson`,
          size_bytes: 2 ** 40,
        },
      ];
      const rows = await insertArtifacts(db, j.id, given);
      assert.deepEqual(
        rows.map((r) => r.storage_key),
        given.map((g) => g.storage_key),
      );
      assert.equal(rows[0].size_bytes, 12345);
      assert.equal(rows[0].content_type, 'application/geo+json');
      assert.equal(rows[0].checksum, 'sha256:abc');
      assert.equal(rows[1].label, null);
      assert.equal(rows[1].size_bytes, null);
      assert.equal(rows[2].size_bytes, 2 ** 40);
      assert.ok(rows.every((r) => r.job_id === j.id && r.created_at instanceof Date));
      assert.ok(!('url' in rows[0]), 'URLs are never stored');

      const listed = await listArtifacts(db, j.id);
      assert.deepEqual(new Set(listed.map((r) => r.id)), new Set(rows.map((r) => r.id)));
      assert.deepEqual(await listArtifacts(db, other.id), []);
      assert.deepEqual(await findArtifact(db, j.id, rows[1].id), rows[1]);
      assert.equal(await findArtifact(db, other.id, rows[1].id), null, 'not through another job');
      assert.equal(await findArtifact(db, j.id, randomUUID()), null);
      const withId = randomUUID();
      const [own] = await insertArtifacts(db, other.id, [{ id: withId, kind: 'csv', storage_key: 'k.csv' }]);
      assert.equal(own.id, withId);
    });

    it('writes result, artifacts and success in one transaction, or none of them', async () => {
      const j = await job(db);
      await markRunning(db, j.id);
      await assert.rejects(
        db.transaction(async (tx) => {
          await insertResult(tx, j.id, { ok: true }, 1);
          await insertArtifacts(tx, j.id, [{ kind: 'geojson', storage_key: 'x' }]);
          await markSucceeded(tx, j.id);
          throw new Error('blob upload failed');
        }),
        /blob upload failed/,
      );
      assert.equal(await getResult(db, j.id), null);
      assert.deepEqual(await listArtifacts(db, j.id), []);
      const done = await db.transaction(async (tx) => {
        await insertResult(tx, j.id, { ok: true }, 1);
        await insertArtifacts(tx, j.id, [{ kind: 'geojson', storage_key: 'x' }]);
        return markSucceeded(tx, j.id);
      });
      assert.equal(done?.status, 'succeeded');
      assert.equal((await listArtifacts(db, j.id)).length, 1);
    });

    it('deletes results and artifacts with their job', async () => {
      const j = await job(db);
      await insertResult(db, j.id, {}, null);
      await insertArtifacts(db, j.id, [{ kind: 'png', storage_key: 'p' }]);
      await db.executeSql('DELETE FROM job WHERE id = $1', [j.id]);
      assert.equal(await getResult(db, j.id), null);
      assert.deepEqual(await listArtifacts(db, j.id), []);
    });

    it('outbox: claims unpublished rows oldest first, counts attempts, marks them published', async () => {
      await db.executeSql('DELETE FROM outbox');
      const a = await insertOutbox(db, 'jobs', { job_id: 'a' });
      const b = await insertOutbox(db, 'jobs', { job_id: 'b' });
      const c = await insertOutbox(db, 'jobs', { job_id: 'c' });
      assert.equal(typeof a.id, 'number');
      assert.deepEqual(a.payload, { job_id: 'a' });
      assert.equal(a.published_at, null);
      assert.equal(a.attempts, 0);

      const claimed = await db.transaction(async (tx) => {
        const rows = await claimOutbox(tx, 2);
        await markOutboxPublished(
          tx,
          rows.map((r) => r.id),
        );
        return rows;
      });
      assert.deepEqual(
        claimed.map((r) => r.id),
        [a.id, b.id],
      );
      assert.deepEqual(
        claimed.map((r) => r.attempts),
        [1, 1],
      );
      // A failed publish: the row stays unpublished with its error, and is claimed again later.
      await db.transaction(async (tx) => {
        const [row] = await claimOutbox(tx, 10);
        assert.equal(row.id, c.id);
        await markOutboxFailed(tx, row.id, 'broker unreachable');
      });
      const { rows } = await db.executeSql<{
        attempts: number;
        last_error: string;
        published_at: Date | null;
      }>('SELECT attempts, last_error, published_at FROM outbox WHERE id = $1', [c.id]);
      assert.deepEqual(rows[0], { attempts: 1, last_error: 'broker unreachable', published_at: null });
      const [again] = await claimOutbox(db, 10);
      assert.equal(again.id, c.id);
      assert.equal(again.attempts, 2);
      assert.equal(await markOutboxPublished(db, [c.id, a.id]), 1, 'a was already published');
      assert.deepEqual(await claimOutbox(db, 10), []);
      assert.equal(await markOutboxPublished(db, []), 0);
    });
  });
}

describe('outbox on pg: concurrent relays', () => {
  let t: TestDb;
  before(async () => {
    t = await openTestDb('pg');
  });
  after(() => t?.close());

  it('never claim the same row twice', async () => {
    for (let i = 0; i < 40; i++) await insertOutbox(t.db, 'jobs', { i });
    const claimedBy = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.db.transaction(async (tx) => {
          const mine: number[] = [];
          for (;;) {
            const rows = await claimOutbox(tx, 3);
            if (rows.length === 0) return mine;
            mine.push(...rows.map((r) => r.id));
            await markOutboxPublished(tx, mine.slice(-rows.length));
          }
        }),
      ),
    );
    const all = claimedBy.flat();
    assert.equal(all.length, 40);
    assert.equal(new Set(all).size, 40);
  });
});
