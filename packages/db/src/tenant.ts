// Runs work as one tenant: the setting the row-level security policies read (migration 003).
import type { Db, Executor } from './types.ts';

/** Sets kuduso.tenant_id for the rest of the current transaction (call it inside one). */
export async function setTenant(tx: Executor, tenantId: string): Promise<void> {
  await tx.executeSql("SELECT set_config('kuduso.tenant_id', $1, true)", [tenantId]);
}

/** A transaction with kuduso.tenant_id set: under a restricted role, only that tenant's rows are visible. */
export function withTenant<T>(db: Db, tenantId: string, fn: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await setTenant(tx, tenantId);
    return fn(tx);
  });
}
