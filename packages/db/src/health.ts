import type { Executor } from './types.ts';

/** A trivial round trip, for readiness probes. */
export async function ping(ex: Executor): Promise<void> {
  await ex.executeSql('SELECT 1');
}
