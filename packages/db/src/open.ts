import { createPgDb, type PgDbOptions } from './pg.ts';
import { createPgliteDb } from './pglite.ts';
import type { Db } from './types.ts';

export interface OpenDbOptions {
  /** A PostgreSQL URL (DATABASE_URL): the pg driver. Unset: embedded PGlite. */
  databaseUrl?: string;
  /** PGlite's data folder; unset keeps the database in memory. Ignored with databaseUrl. */
  dataDir?: string;
  /** pg pool size and timeouts (ignored by PGlite, which has no connection to lose). */
  pg?: PgDbOptions;
}

/** pg when a URL is given, PGlite otherwise. */
export async function openDb(options: OpenDbOptions = {}): Promise<Db> {
  if (options.databaseUrl) return createPgDb(options.databaseUrl, options.pg);
  return createPgliteDb({ dataDir: options.dataDir });
}
