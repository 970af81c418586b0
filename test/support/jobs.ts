// Reading jobs straight from the database in fault tests: wait until every accepted job has ended, and count
// results, without going through the API under test.
import { createPgDb, type Db } from '@kuduso/db';

export interface JobsView {
  db: Db;
  /** Status -> count over `ids` (jobs that do not exist count as "missing"). */
  statuses(ids: string[]): Promise<Record<string, number>>;
  /** Waits until none of `ids` is queued or running (or missing); returns the final statuses. */
  waitTerminal(ids: string[], timeoutMs: number): Promise<Record<string, number>>;
  /** Result rows per job over `ids`: job id -> count. */
  resultCounts(ids: string[]): Promise<Map<string, number>>;
  close(): Promise<void>;
}

export function jobsView(databaseUrl: string): JobsView {
  const db = createPgDb(databaseUrl, { max: 2 });
  const view: JobsView = {
    db,
    async statuses(ids) {
      const { rows } = await db.executeSql<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM job WHERE id = ANY($1::uuid[]) GROUP BY status',
        [ids],
      );
      const out: Record<string, number> = {};
      let found = 0;
      for (const r of rows) {
        out[r.status] = r.n;
        found += r.n;
      }
      if (found < new Set(ids).size) out.missing = new Set(ids).size - found;
      return out;
    },
    async waitTerminal(ids, timeoutMs) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        let s: Record<string, number> | undefined;
        try {
          s = await view.statuses(ids);
        } catch {} // the database may still be recovering
        if (s && !s.queued && !s.running && !s.missing) return s;
        if (Date.now() > until) throw new Error(`jobs not terminal in ${timeoutMs} ms: ${JSON.stringify(s)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    async resultCounts(ids) {
      const { rows } = await db.executeSql<{ job_id: string; n: number }>(
        'SELECT job_id, count(*)::int AS n FROM result WHERE job_id = ANY($1::uuid[]) GROUP BY job_id',
        [ids],
      );
      return new Map(rows.map((r) => [r.job_id, r.n]));
    },
    close: () => db.close(),
  };
  return view;
}
