// Row-level security when the tables' owner is NOT a superuser, as on a managed PostgreSQL (Azure, Supabase),
// where it matters most: a superuser ignores RLS whatever the policies say, an ordinary owner is held by
// FORCE. A fresh login role without SUPERUSER owns a fresh database and runs the migrations; kuduso_app (the
// DBA's one-time set-up: the role exists and the owner is a member) then sees nothing without a tenant, only
// its tenant's rows with one, and the worker's per-job view (tenantDb) cannot reach another tenant's job.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  APP_ROLE,
  createPgDb,
  type Db,
  findJobById,
  insertJob,
  type JobRow,
  markRunning,
  migrate,
  tenantDb,
  withTenant,
} from '@kuduso/db';
import { testDatabaseUrl } from '@kuduso/db/testing';

const admin = createPgDb(testDatabaseUrl(), { max: 1 });
const suffix = randomBytes(5).toString('hex');
const owner = `kuduso_owner_${suffix}`;
const dbName = `kuduso_t_owner_${suffix}`;
let db: Db;
let a: JobRow;
let b: JobRow;

before(async () => {
  // Names are hex from here: safe to inline as identifiers.
  await admin.executeSql(`CREATE ROLE ${owner} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`);
  await admin.executeSql(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE} NOLOGIN; END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
  await admin.executeSql(`GRANT ${APP_ROLE} TO ${owner}`);
  await admin.executeSql(`CREATE DATABASE ${dbName} OWNER ${owner}`);
  const url = new URL(testDatabaseUrl());
  url.username = owner;
  url.pathname = `/${dbName}`;
  db = createPgDb(url.toString(), { max: 4 });
  await migrate(db);
  const job = async (tenant: string) => {
    const row = await insertJob(db, {
      tenant_id: tenant,
      app_id: 'app',
      definition: 'sitefit',
      version: '1.0.0',
      inputs_hash: `h-${randomUUID()}`,
      payload_json: {},
      correlation_id: `c-${randomUUID()}`,
    });
    assert.ok(row);
    return row;
  };
  a = await job('tenant-a');
  b = await job('tenant-b');
});

after(async () => {
  await db?.close();
  await admin.executeSql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.executeSql(`DROP ROLE IF EXISTS ${owner}`);
  await admin.close();
});

test('the migrating owner is an ordinary role and owns the tables', async () => {
  const { rows } = await db.executeSql<{ me: string; super: boolean; bypass: boolean; tableowner: string }>(
    `SELECT current_user AS me, r.rolsuper AS super, r.rolbypassrls AS bypass, t.tableowner
     FROM pg_roles r, pg_tables t WHERE r.rolname = current_user AND t.tablename = 'job'`,
  );
  assert.deepEqual(rows[0], { me: owner, super: false, bypass: false, tableowner: owner });
  // Its own policy keeps every row for maintenance and metrics.
  const all = await db.executeSql<{ n: number }>('SELECT count(*)::int AS n FROM job');
  assert.equal(all.rows[0].n, 2);
});

test('kuduso_app without a tenant sees and changes nothing', async () => {
  const out = await db.transaction(async (tx) => {
    await tx.executeSql(`SET LOCAL ROLE ${APP_ROLE}`);
    const seen = await tx.executeSql<{ n: number }>('SELECT count(*)::int AS n FROM job');
    const changed = await tx.executeSql("UPDATE job SET last_error = 'x'");
    return { seen: seen.rows[0].n, changed: changed.rowCount };
  });
  assert.deepEqual(out, { seen: 0, changed: 0 });
  await assert.rejects(
    db.transaction(async (tx) => {
      await tx.executeSql(`SET LOCAL ROLE ${APP_ROLE}`);
      await tx.executeSql('DELETE FROM job');
    }),
    /permission denied/,
  );
});

test("a tenant sees only its rows; raw SQL cannot change another's", async () => {
  const out = await withTenant(db, 'tenant-a', async (tx) => {
    const ids = await tx.executeSql<{ id: string }>('SELECT id FROM job');
    const other = await tx.executeSql("UPDATE job SET last_error = 'x' WHERE id = $1", [b.id]);
    return { ids: ids.rows.map((r) => r.id), other: other.rowCount };
  });
  assert.deepEqual(out, { ids: [a.id], other: 0 });
  await assert.rejects(
    withTenant(db, 'tenant-a', (tx) =>
      tx.executeSql(
        `INSERT INTO job (id, tenant_id, app_id, definition, version, inputs_hash, payload_json, correlation_id)
         VALUES ($1, 'tenant-b', 'app', 'sitefit', '1.0.0', 'h', '{}', 'c')`,
        [randomUUID()],
      ),
    ),
    /row-level security/,
  );
});

test("the worker's per-job view (tenantDb) reaches its tenant's job only", async () => {
  const asA = tenantDb(db, 'tenant-a');
  assert.equal(await findJobById(asA, b.id), null, "another tenant's job is unknown");
  assert.equal(await markRunning(asA, b.id), null, 'and cannot be claimed');
  const running = await markRunning(asA, a.id);
  assert.equal(running?.status, 'running');
  assert.equal((await findJobById(db, b.id))?.status, 'queued', 'b is untouched');
  // Statements of the view run as the app role, never as the owner.
  const who = await asA.executeSql<{ u: string }>('SELECT current_user AS u');
  assert.equal(who.rows[0].u, APP_ROLE);
});
