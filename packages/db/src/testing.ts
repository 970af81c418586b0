// Test support used by every package's tests: a fresh database per test file on the real server, or an
// in-memory PGlite, migrated. A server that cannot be reached is an error, never a reason to skip.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from './migrate.ts';
import { createPgDb } from './pg.ts';
import { createPgliteDb } from './pglite.ts';
import type { Db, DbDriver } from './types.ts';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable database URL>';
  }
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL for the tests is not reachable at ${redactUrl(adminUrl)} (set TEST_DATABASE_URL): ${(err as Error).message}`,
      { cause: err },
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  /** URL of the new, empty database. */
  url: string;
  name: string;
  /** Drops it, closing whatever connections are still open on it. */
  drop(): Promise<void>;
}

/** Creates an empty database kuduso_t_<random> on the server at TEST_DATABASE_URL (or adminUrl). */
export async function createTestDatabase(adminUrl: string = testDatabaseUrl()): Promise<TestDatabase> {
  const name = `kuduso_t_${randomBytes(6).toString('hex')}`;
  // The name is generated here from hex digits only, so quoting it as an identifier is safe.
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

export interface TestDb {
  db: Db;
  /** The database URL (pg only). */
  url?: string;
  /** Closes the Db and, on pg, drops the database. */
  close(): Promise<void>;
}

/** A migrated Db for a test: a fresh database on the real server (pg) or an in-memory PGlite. */
export async function openTestDb(driver: DbDriver, options: { migrate?: boolean } = {}): Promise<TestDb> {
  if (driver === 'pglite') {
    const db = await createPgliteDb();
    if (options.migrate !== false) await migrate(db);
    return { db, close: () => db.close() };
  }
  const tdb = await createTestDatabase();
  if (options.migrate !== false) {
    // Migrated through a pool of its own with the migrate role's generous timeouts: on a loaded machine
    // the migrations can outlast the test pool's query timeout, which is an outage the test is not about.
    const migrator = createPgDb(tdb.url, { max: 1, queryTimeoutMs: 120_000, statementTimeoutMs: 0 });
    try {
      await migrate(migrator);
    } catch (err) {
      await migrator.close();
      await tdb.drop();
      throw err;
    }
    await migrator.close();
  }
  const db = createPgDb(tdb.url, { max: 10 });
  return {
    db,
    url: tdb.url,
    async close() {
      await db.close();
      await tdb.drop();
    },
  };
}

/** The two drivers every database test runs on. */
export const TEST_DRIVERS: readonly DbDriver[] = ['pg', 'pglite'];
export { type FaultProxy, startFaultProxy } from './fault-proxy.ts';
