// The `pg` driver: one pool per process (the seed opened a connection per call). Type parsers are set on
// this pool only (never pg.types globally), so other pg users in the process keep their own parsing.
import pg from 'pg';
import type { Db, Executor, Row, SqlResult } from './types.ts';

const INT8_OID = 20;

/** int8 (bigint, count(*)) as a number while it is exact, as a bigint beyond 2^53 (what PGlite does). */
function parseInt8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? parseInt8
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** A multi-statement text (simple protocol, no values) answers one result per statement: flatten them. */
function toSqlResult<R>(res: pg.QueryResult | pg.QueryResult[]): SqlResult<R> {
  if (Array.isArray(res)) {
    return {
      rows: res.flatMap((r) => r.rows as R[]),
      rowCount: res.reduce((n, r) => n + (r.rowCount ?? 0), 0),
    };
  }
  return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
}

async function run<R>(
  client: pg.Pool | pg.PoolClient,
  text: string,
  values?: unknown[],
): Promise<SqlResult<R>> {
  // Without values pg uses the simple protocol, which accepts several statements (migrations, pg-boss).
  const res = values && values.length > 0 ? await client.query(text, values) : await client.query(text);
  return toSqlResult<R>(res as pg.QueryResult | pg.QueryResult[]);
}

export interface PgDbOptions {
  /** Pool size (default 10). */
  max?: number;
  applicationName?: string;
}

export function createPgDb(url: string, options: PgDbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types,
    application_name: options.applicationName ?? 'kuduso',
  });
  // An idle client can be cut off by the server (restart, DROP DATABASE ... WITH (FORCE)); the pool drops
  // it by itself, and without a listener the 'error' event would crash the process.
  pool.on('error', () => {});

  return {
    driver: 'pg',
    native: pool,
    executeSql<R = Row>(text: string, values?: unknown[]) {
      return run<R>(pool, text, values);
    },
    async transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let open = true;
      const tx: Executor = {
        async executeSql<R = Row>(text: string, values?: unknown[]) {
          if (!open) throw new Error('this transaction has already ended');
          return run<R>(client, text, values);
        },
      };
      try {
        await client.query('BEGIN');
        const result = await fn(tx);
        await client.query('COMMIT');
        open = false;
        client.release();
        return result;
      } catch (err) {
        open = false;
        try {
          await client.query('ROLLBACK');
          client.release();
        } catch (rollbackErr) {
          // The connection is in an unknown state: destroy it rather than hand it back to the pool.
          client.release(rollbackErr as Error);
        }
        throw err;
      }
    },
    async close() {
      await pool.end();
    },
  };
}
