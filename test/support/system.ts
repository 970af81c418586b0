// A Kuduso system for process-level fault tests: a fresh database (on the shared server, or any URL, e.g. a
// private cluster), a data folder, migrations, and the roles as child processes that a test can kill and start
// again on the same ports. Stops everything it started.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@kuduso/db/testing';
import { type JobsView, jobsView } from './jobs.ts';
import { migrateWith, type Proc, rolesEnv, start, stop, waitHttp } from './processes.ts';

export type RoleName = 'api' | 'worker' | 'appserver' | 'relay';

export interface System {
  env: Awaited<ReturnType<typeof rolesEnv>>;
  jobs: JobsView;
  /** Every process started so far (dead ones included), in order. */
  procs: Proc[];
  /** Starts a role; waits for its /readyz when it serves HTTP. */
  start(role: RoleName, extraEnv?: Record<string, string>): Promise<Proc>;
  /** Submits one mock job; the parsed answer with its status. */
  submit(
    inputs: Record<string, unknown>,
  ): Promise<{ status: number; body: { job_id?: string; code?: string } }>;
  /** The JSON log lines of every process of a role, dead or alive. */
  logs(role: RoleName): Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startSystem(extra: Record<string, string> = {}, databaseUrl?: string): Promise<System> {
  const tdb: TestDatabase | undefined = databaseUrl ? undefined : await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'kuduso-fault-'));
  const env = await rolesEnv(databaseUrl ?? (tdb as TestDatabase).url, dataDir, extra);
  migrateWith(env);
  const jobs = jobsView(env.DATABASE_URL);
  const procs: Proc[] = [];
  return {
    env,
    jobs,
    procs,
    async start(role, extraEnv = {}) {
      const p = start(role, { ...env, ...extraEnv });
      procs.push(p);
      const url = role === 'api' ? env.apiUrl : role === 'appserver' ? env.appserverUrl : undefined;
      if (url) {
        await waitHttp(`${url}/readyz`).catch((e: Error) => {
          throw new Error(`${e.message}; ${role} said: ${p.out.join('').slice(-2000)}`);
        });
      }
      return p;
    },
    async submit(inputs) {
      const res = await fetch(`${env.apiUrl}/jobs/run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: 'faults', definition: 'mock', version: '1.0.0', inputs }),
        signal: AbortSignal.timeout(15_000),
      });
      return { status: res.status, body: (await res.json()) as { job_id?: string; code?: string } };
    },
    logs: (role) => procs.filter((p) => p.role === role).flatMap((p) => p.lines()),
    async close() {
      for (const p of procs) await stop(p, 'SIGKILL');
      await jobs.close();
      await tdb?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until `check` holds (polling), or throws naming `what`. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  ms = 30_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not reached in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
