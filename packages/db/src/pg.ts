// The `pg` driver: one pool per process (the seed opened a connection per call). Type parsers are set on
// this pool only (never pg.types globally), so other pg users in the process keep their own parsing.
import pg from 'pg';
import { pgListener } from './pg-listen.ts';
import type { Db, Executor, Row, SqlResult } from './types.ts';
import { classifyDbError, isDatabaseUnavailable } from './unavailable.ts';

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
  try {
    // Without values pg uses the simple protocol, which accepts several statements (migrations, pg-boss).
    const res = values && values.length > 0 ? await client.query(text, values) : await client.query(text);
    return toSqlResult<R>(res as pg.QueryResult | pg.QueryResult[]);
  } catch (err) {
    throw classifyDbError(err);
  }
}

export interface PgDbOptions {
  /** Pool size (default 10). */
  max?: number;
  applicationName?: string;
  /** Longest wait for a connection, new or from a busy pool (default 3000 ms). */
  connectTimeoutMs?: number;
  /** Longest wait for a query's answer before the client gives up and drops the connection (default 6000). */
  queryTimeoutMs?: number;
  /** The sessions' statement_timeout: the server cancels longer statements (default 5000; 0 = none). */
  statementTimeoutMs?: number;
}

/** The timeouts a pool uses unless told otherwise: a frozen server costs a request a few seconds, never more. */
export const DEFAULT_PG_TIMEOUTS = { connectTimeoutMs: 3000, queryTimeoutMs: 6000, statementTimeoutMs: 5000 };

export function createPgDb(url: string, options: PgDbOptions = {}): Db {
  const statementTimeout = options.statementTimeoutMs ?? DEFAULT_PG_TIMEOUTS.statementTimeoutMs;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types,
    application_name: options.applicationName ?? 'kuduso',
    // Without these a stopped or frozen server makes every caller wait for as long as it lasts (a SIGSTOPped
    // server still completes TCP handshakes from the kernel's backlog, so only the timeouts end the wait).
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_PG_TIMEOUTS.connectTimeoutMs,
    query_timeout: options.queryTimeoutMs ?? DEFAULT_PG_TIMEOUTS.queryTimeoutMs,
    ...(statementTimeout > 0 ? { statement_timeout: statementTimeout } : {}),
    // A half-open connection (server host gone) is noticed by TCP keep-alive instead of on the next query.
    keepAlive: true,
  });
  // An idle client can be cut off by the server (restart, DROP DATABASE ... WITH (FORCE)); the pool drops
  // it by itself, and without a listener the 'error' event would crash the process.
  pool.on('error', () => {});
  const listener = pgListener(url, options.applicationName ?? 'kuduso');

  return {
    driver: 'pg',
    native: pool,
    executeSql<R = Row>(text: string, values?: unknown[]) {
      return run<R>(pool, text, values);
    },
    async transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw classifyDbError(err);
      }
      let open = true;
      // pg-pool takes its own 'error' listener off a client while it is checked out: a server that ends the
      // session between two statements (a fast shutdown's 57P01, a crash) would then crash the process with
      // an unhandled 'error' event. Keep one on for the transaction's lifetime; the next statement fails.
      let lost: Error | undefined;
      const onLost = (err: Error) => {
        lost = err;
      };
      client.on('error', onLost);
      const release = (err?: Error) => {
        client.removeListener('error', onLost);
        client.release(err ?? lost);
      };
      const tx: Executor = {
        async executeSql<R = Row>(text: string, values?: unknown[]) {
          if (!open) throw new Error('this transaction has already ended');
          if (lost) throw classifyDbError(lost);
          return run<R>(client, text, values);
        },
      };
      try {
        await run(client, 'BEGIN');
        const result = await fn(tx);
        if (lost) throw classifyDbError(lost);
        await run(client, 'COMMIT');
        open = false;
        release();
        return result;
      } catch (err) {
        open = false;
        if (isDatabaseUnavailable(err)) {
          // The connection is lost or stuck (a frozen server): a ROLLBACK would wait a second timeout. Dropping
          // the connection rolls the transaction back on the server just the same, whenever it reads again.
          release(err as Error);
          throw classifyDbError(err);
        }
        try {
          await client.query('ROLLBACK');
          release();
        } catch (rollbackErr) {
          // The connection is in an unknown state: destroy it rather than hand it back to the pool.
          release(rollbackErr as Error);
        }
        throw err;
      }
    },
    listenChannel: listener.listen,
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}
