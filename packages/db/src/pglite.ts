// The PGlite driver: embedded PostgreSQL (WebAssembly) on a single connection. Its own query() and
// transaction() share one mutex, so a statement from another caller waits for an open transaction to end
// instead of landing inside it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import type { Db, Executor, Row, SqlResult } from './types.ts';

export interface PgliteDbOptions {
  /** A folder to keep the database in; undefined keeps it in memory. */
  dataDir?: string;
}

function oneResult<R>(r: Results<unknown>): { rows: R[]; rowCount: number } {
  // PGlite reports affectedRows for writes and 0 for SELECT; pg reports the row count for both.
  return { rows: r.rows as R[], rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) };
}

async function run<R>(target: PGlite | Transaction, text: string, values?: unknown[]): Promise<SqlResult<R>> {
  if (values && values.length > 0) return oneResult<R>(await target.query(text, values));
  // No values: the simple protocol, like pg, so several statements may be sent at once.
  const results = await target.exec(text);
  const parts = results.map((r) => oneResult<R>(r));
  return { rows: parts.flatMap((p) => p.rows), rowCount: parts.reduce((n, p) => n + p.rowCount, 0) };
}

export async function createPgliteDb(options: PgliteDbOptions = {}): Promise<Db> {
  const pglite = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  // Set while a transaction callback runs: a statement sent on the Db itself from inside it would wait for
  // the transaction's own lock forever. Failing loudly beats a silent deadlock.
  const inTransaction = new AsyncLocalStorage<boolean>();

  return {
    driver: 'pglite',
    native: pglite,
    executeSql<R = Row>(text: string, values?: unknown[]) {
      if (inTransaction.getStore()) {
        return Promise.reject(
          new Error('db.executeSql() called inside db.transaction() on PGlite: use the tx handle instead'),
        );
      }
      return run<R>(pglite, text, values);
    },
    transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
      if (inTransaction.getStore()) {
        return Promise.reject(new Error('nested db.transaction() on PGlite: use the tx handle instead'));
      }
      return pglite.transaction((t) =>
        inTransaction.run(true, () =>
          fn({
            executeSql<R = Row>(text: string, values?: unknown[]) {
              return run<R>(t, text, values);
            },
          }),
        ),
      );
    },
    async listenChannel(channel: string, onPayload: (payload: string) => void) {
      const unlisten = await pglite.listen(channel, onPayload);
      return () => unlisten();
    },
    async close() {
      await pglite.close();
    },
  };
}
