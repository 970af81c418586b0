// Forward-only migrations: packages/db/migrations/NNN_name.sql, applied in order, each in its own
// transaction that first takes a transaction-level advisory lock, so two migrators (two replicas starting
// at once) queue up instead of colliding, and the second finds the work done.
import { readdirSync, readFileSync } from 'node:fs';
import type { Db, Executor } from './types.ts';

/** Arbitrary, fixed key of the advisory lock (int8): "kuduso" in ASCII. */
export const MIGRATION_LOCK_KEY = 0x6b7564_75736f;

const MIGRATIONS_DIR = new URL('../migrations/', import.meta.url);

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/** The migration files, ordered by number. Names must look like 001_what.sql. */
export function loadMigrations(dir: URL = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const m = /^(\d+)_([a-z0-9_]+)\.sql$/.exec(file);
      if (!m) throw new Error(`bad migration file name ${file} (expected NNN_name.sql)`);
      return { id: Number(m[1]), name: m[2], sql: readFileSync(new URL(file, dir), 'utf8') };
    })
    .sort((a, b) => a.id - b.id);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].id === migrations[i - 1].id)
      throw new Error(`two migrations numbered ${migrations[i].id}`);
  }
  return migrations;
}

async function lockAndEnsureTable(tx: Executor): Promise<Set<number>> {
  // Waiting for another migrator and building indexes may outlast the pool's statement_timeout.
  await tx.executeSql('SET LOCAL statement_timeout = 0');
  await tx.executeSql('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
  // Created under the lock: two concurrent CREATE TABLE IF NOT EXISTS can still collide in pg_type.
  await tx.executeSql(
    `CREATE TABLE IF NOT EXISTS kuduso_migration (
       id int PRIMARY KEY,
       name text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
  const { rows } = await tx.executeSql<{ id: number }>('SELECT id FROM kuduso_migration');
  return new Set(rows.map((r) => r.id));
}

export interface MigrateResult {
  /** Migrations applied by this call (empty when the schema was already current). */
  applied: string[];
}

/** Applies the pending migrations; running it again is a no-op. */
export async function migrate(db: Db, migrations: Migration[] = loadMigrations()): Promise<MigrateResult> {
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      const already = await lockAndEnsureTable(tx);
      if (already.has(m.id)) return false;
      await tx.executeSql(m.sql);
      await tx.executeSql('INSERT INTO kuduso_migration (id, name) VALUES ($1, $2)', [m.id, m.name]);
      return true;
    });
    if (done) applied.push(`${String(m.id).padStart(3, '0')}_${m.name}`);
  }
  return { applied };
}

/** Migrations recorded as applied, in order. */
export async function appliedMigrations(
  ex: Executor,
): Promise<{ id: number; name: string; applied_at: Date }[]> {
  const exists = await ex.executeSql<{ t: string | null }>(
    "SELECT to_regclass('kuduso_migration')::text AS t",
  );
  if (!exists.rows[0]?.t) return [];
  const { rows } = await ex.executeSql<{ id: number; name: string; applied_at: Date }>(
    'SELECT id, name, applied_at FROM kuduso_migration ORDER BY id',
  );
  return rows;
}
