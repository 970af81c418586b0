// The one database interface every component talks to. Two drivers implement it: `pg` (a pool, for a real
// PostgreSQL server) and PGlite (embedded PostgreSQL in WebAssembly). pg-boss's own IDatabase is the same
// one method, so a Db can be handed to pg-boss as it is.

export type Row = Record<string, unknown>;

export interface SqlResult<R = Row> {
  rows: R[];
  rowCount: number;
}

/** Runs one parameterised statement ($1, $2, ...). A transaction handle is an Executor too. */
export interface Executor {
  executeSql<R = Row>(text: string, values?: unknown[]): Promise<SqlResult<R>>;
}

export type DbDriver = 'pg' | 'pglite';

export interface Db extends Executor {
  readonly driver: DbDriver;
  /** Runs fn inside BEGIN/COMMIT on one connection; ROLLBACK when fn throws (the error is rethrown). */
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
  /** The driver's own handle (pg.Pool or PGlite), for adapters that need it (pg-boss's PGlite adapter). */
  readonly native: unknown;
  /**
   * Calls onPayload for each NOTIFY on channel (after the notifying transaction commits) until the returned
   * function is called. Optional: a Db without it (a wrapper, a fake) makes its callers poll instead. (Not named listen:
   * pg-boss's IDatabase has a listen() of its own, with another shape.)
   */
  listenChannel?(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
