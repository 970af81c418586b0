// Runs work as one tenant: the app role (which owns nothing, so the FORCEd row-level security policies of
// migrations 003 and 005 apply) with the setting those policies read. Both are transaction-local.
import type { Db, Executor } from './types.ts';

/** The database role tenant work runs as (created by migration 005). */
export const APP_ROLE = 'kuduso_app';

/**
 * Switches the rest of the current transaction to the app role with kuduso.tenant_id set (call it inside
 * one). One statement: set_config('role') is SET LOCAL ROLE.
 */
export async function setTenant(
  tx: Executor,
  tenantId: string,
  options: { serialize?: string } = {},
): Promise<void> {
  if (options.serialize) {
    // In the same statement, a transaction lock named for the tenant and `serialize`: this transaction's
    // next statements see what every earlier one holding it committed (a per-tenant cap or a fresh rate
    // bucket hold across API processes).
    await tx.executeSql(
      `SELECT set_config('role', $1, true), set_config('kuduso.tenant_id', $2, true),
              pg_advisory_xact_lock(hashtextextended($3 || ':' || $2, 0))`,
      [APP_ROLE, tenantId, `kuduso.${options.serialize}`],
    );
    return;
  }
  await tx.executeSql("SELECT set_config('role', $1, true), set_config('kuduso.tenant_id', $2, true)", [
    APP_ROLE,
    tenantId,
  ]);
}

/** Back to the connecting role for the rest of the transaction (queue writes, system bookkeeping). */
export async function leaveTenant(tx: Executor): Promise<void> {
  await tx.executeSql("RESET ROLE; SELECT set_config('kuduso.tenant_id', '', true)");
}

/** A transaction as the app role for one tenant: only that tenant's rows are visible or writable. */
export function withTenant<T>(
  db: Db,
  tenantId: string,
  fn: (tx: Executor) => Promise<T>,
  options: { serialize?: string } = {},
): Promise<T> {
  return db.transaction(async (tx) => {
    await setTenant(tx, tenantId, options);
    return fn(tx);
  });
}

/**
 * The database as one tenant sees it: every statement and transaction runs as the app role with that tenant
 * set, so row-level security bounds what it reads and writes. The worker handles each delivery through one,
 * keyed by the message's tenant: a message naming the wrong tenant finds no job. (Each lone statement becomes
 * a short transaction of its own; a worker issues a handful per job.)
 */
export function tenantDb(db: Db, tenantId: string): Db {
  return {
    driver: db.driver,
    native: db.native,
    executeSql: (text, values) => withTenant(db, tenantId, (tx) => tx.executeSql(text, values)),
    transaction: (fn) => withTenant(db, tenantId, fn),
    // The view does not own the connection: closing it is the underlying Db's business.
    close: async () => {},
  };
}
