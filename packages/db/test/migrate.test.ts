import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  appliedMigrations,
  createPgDb,
  type Db,
  insertArtifacts,
  insertJob,
  insertResult,
  loadMigrations,
  migrate,
  withTenant,
} from '@kuduso/db';
import {
  createTestDatabase,
  openTestDb,
  TEST_DRIVERS,
  type TestDatabase,
  type TestDb,
} from '@kuduso/db/testing';

const ALL = loadMigrations().map((m) => `${String(m.id).padStart(3, '0')}_${m.name}`);

describe('migration files', () => {
  it('are numbered in order, starting at 001, without gaps', () => {
    const ids = loadMigrations().map((m) => m.id);
    assert.deepEqual(
      ids,
      ids.map((_, i) => i + 1),
    );
    assert.ok(ALL.includes('001_jobs') && ALL.includes('003_tenant_rls'));
  });
});

for (const driver of TEST_DRIVERS) {
  describe(`migrate on ${driver}`, () => {
    let t: TestDb;
    let db: Db;
    before(async () => {
      t = await openTestDb(driver, { migrate: false });
      db = t.db;
    });
    after(() => t?.close());

    it('applies every migration once, in order, and records it', async () => {
      assert.deepEqual(await appliedMigrations(db), []);
      const first = await migrate(db);
      assert.deepEqual(first.applied, ALL);
      const recorded = await appliedMigrations(db);
      assert.deepEqual(
        recorded.map((r) => `${String(r.id).padStart(3, '0')}_${r.name}`),
        ALL,
      );
      assert.ok(recorded.every((r) => r.applied_at instanceof Date));
      const { rows } = await db.executeSql<{ t: string }>(
        `SELECT table_name AS t FROM information_schema.tables
         WHERE table_schema = 'public' ORDER BY table_name`,
      );
      assert.deepEqual(
        rows.map((r) => r.t),
        ['artifact', 'job', 'kuduso_migration', 'outbox', 'result', 'tenant_rate'],
      );
    });

    it('is a no-op the second time', async () => {
      const again = await migrate(db);
      assert.deepEqual(again.applied, []);
      assert.equal((await appliedMigrations(db)).length, ALL.length);
    });

    it('creates the indexes the lookups need', async () => {
      const { rows } = await db.executeSql<{ indexname: string; indexdef: string }>(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname",
      );
      const byName = new Map(rows.map((r) => [r.indexname, r.indexdef]));
      assert.match(
        byName.get('job_tenant_idempotency_key')!,
        /UNIQUE.*\(tenant_id, idempotency_key\).*WHERE/,
      );
      assert.match(byName.get('job_recent_success')!, /\(tenant_id, inputs_hash, ended_at DESC\).*succeeded/);
      assert.match(byName.get('job_status_created')!, /\(status, created_at\)/);
      assert.match(byName.get('artifact_job_id')!, /\(job_id\)/);
      assert.match(byName.get('outbox_unpublished')!, /WHERE \(published_at IS NULL\)/);
    });

    it('rejects a status outside the list', async () => {
      await assert.rejects(
        db.executeSql(
          `INSERT INTO job (app_id, definition, version, status, inputs_hash, payload_json, correlation_id)
           VALUES ('a', 'd', '1', 'exploded', 'h', '{}', 'c')`,
        ),
        /check constraint/,
      );
    });

    it('keeps a restricted role to its tenant through row-level security; the owner sees all', async () => {
      const role = `kuduso_t_role_${Math.random().toString(16).slice(2, 10)}`;
      const a = await insertJob(db, {
        tenant_id: 'tenant-a',
        app_id: 'app',
        definition: 'sitefit',
        version: '1.0.0',
        inputs_hash: 'ha',
        payload_json: {},
        correlation_id: 'ca',
      });
      const b = await insertJob(db, {
        tenant_id: 'tenant-b',
        app_id: 'app',
        definition: 'sitefit',
        version: '1.0.0',
        inputs_hash: 'hb',
        payload_json: {},
        correlation_id: 'cb',
      });
      await insertResult(db, a!.id, { r: 'a' }, 1);
      await insertResult(db, b!.id, { r: 'b' }, 2);
      await insertArtifacts(db, a!.id, [{ kind: 'geojson', storage_key: 'a.geojson' }]);
      await insertArtifacts(db, b!.id, [{ kind: 'geojson', storage_key: 'b.geojson' }]);

      // Everything inside one transaction that is rolled back, the role included (roles are cluster-wide).
      const seen = await db
        .transaction(async (tx) => {
          await tx.executeSql(`CREATE ROLE ${role} NOLOGIN`);
          await tx.executeSql(`GRANT SELECT, INSERT ON job, result, artifact TO ${role}`);
          await tx.executeSql(`SET LOCAL ROLE ${role}`);
          const none = await tx.executeSql('SELECT id FROM job');
          await tx.executeSql("SELECT set_config('kuduso.tenant_id', 'tenant-a', true)");
          const jobs = await tx.executeSql<{ id: string }>('SELECT id FROM job');
          const results = await tx.executeSql<{ job_id: string }>('SELECT job_id FROM result');
          const artifacts = await tx.executeSql<{ storage_key: string }>('SELECT storage_key FROM artifact');
          let crossInsert = '';
          try {
            await tx.executeSql('SAVEPOINT s');
            await tx.executeSql(
              `INSERT INTO job (tenant_id, app_id, definition, version, inputs_hash, payload_json, correlation_id)
               VALUES ('tenant-b', 'a', 'd', '1', 'h', '{}', 'c')`,
            );
          } catch (err) {
            crossInsert = (err as Error).message;
            await tx.executeSql('ROLLBACK TO SAVEPOINT s');
          }
          throw Object.assign(new Error('rollback'), {
            seen: {
              none: none.rowCount,
              jobs: jobs.rows.map((r) => r.id),
              results: results.rows.map((r) => r.job_id),
              artifacts: artifacts.rows.map((r) => r.storage_key),
              crossInsert,
            },
          });
        })
        .catch((err) => (err as { seen?: unknown }).seen ?? Promise.reject(err));

      assert.deepEqual(seen, {
        none: 0,
        jobs: [a!.id],
        results: [a!.id],
        artifacts: ['a.geojson'],
        crossInsert: 'new row violates row-level security policy for table "job"',
      });
      const owner = await db.executeSql('SELECT id FROM job WHERE tenant_id IN ($1, $2)', [
        'tenant-a',
        'tenant-b',
      ]);
      assert.equal(owner.rowCount, 2);
      const gone = await db.executeSql('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      assert.equal(gone.rowCount, 0);
      // withTenant sets the same setting for the owner (which bypasses RLS): it must at least be readable.
      const setting = await withTenant(db, 'tenant-a', (tx) =>
        tx.executeSql<{ s: string }>("SELECT current_setting('kuduso.tenant_id', true) AS s"),
      );
      assert.equal(setting.rows[0].s, 'tenant-a');
    });
  });
}

describe('concurrent migrators on PostgreSQL', () => {
  let tdb: TestDatabase;
  const dbs: Db[] = [];
  before(async () => {
    tdb = await createTestDatabase();
  });
  after(async () => {
    await Promise.all(dbs.map((d) => d.close()));
    await tdb?.drop();
  });

  it('do not collide: together they apply each migration exactly once', async () => {
    for (let i = 0; i < 4; i++) dbs.push(createPgDb(tdb.url, { max: 2 }));
    const outcomes = await Promise.all(dbs.map((d) => migrate(d)));
    const appliedByAll = outcomes.flatMap((o) => o.applied).sort();
    assert.deepEqual(appliedByAll, [...ALL].sort());
    const recorded = await appliedMigrations(dbs[0]);
    assert.equal(recorded.length, ALL.length);
  });
});
