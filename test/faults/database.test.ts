// PostgreSQL faults under load, on a private cluster (never the shared server): a restart, a 15 s stop, a crash
// (SIGKILL to every server process) and a freeze (SIGSTOP), each while clients submit jobs and read statuses
// through the API. The roles run as separate processes and are never restarted. Proven for each fault: no 5xx
// other than 503 (with Retry-After), no request left hanging beyond the client bound, the API answering again
// by itself once the database is back, and every accepted job succeeding with one result.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type JobsView, jobsView } from '../support/jobs.ts';
import { firstAfter, startLoad } from '../support/load.ts';
import { createPgCluster, type PgCluster } from '../support/pg-cluster.ts';
import { migrateWith, type Proc, rolesEnv, start, stop, waitHttp } from '../support/processes.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The client bound: an answer must come within the pool's timeouts (2 s connect, 3 s query) plus slack. */
const HANG_MS = 10_000;

describe('fault: database', () => {
  let cluster: PgCluster;
  let dataDir: string;
  let env: Awaited<ReturnType<typeof rolesEnv>>;
  let jobs: JobsView;
  const procs: Proc[] = [];

  before(async () => {
    cluster = await createPgCluster();
    await cluster.createDatabase('kuduso');
    dataDir = await mkdtemp(join(tmpdir(), 'kuduso-dbfault-'));
    env = await rolesEnv(cluster.urlFor('kuduso'), dataDir, {
      DB_CONNECT_TIMEOUT_MS: '2000',
      DB_QUERY_TIMEOUT_MS: '3000',
      DB_STATEMENT_TIMEOUT_MS: '2500',
      LOCK_RENEW_SEC: '2',
      LEASE_SEC: '10',
      RETRY_BASE_SEC: '0.2',
      RETRY_MAX_SEC: '2',
      WORKER_CONCURRENCY: '4',
      APPSERVER_SEATS: '8',
    });
    migrateWith(env);
    procs.push(start('appserver', env), start('worker', env), start('api', env));
    await waitHttp(`${env.apiUrl}/readyz`);
    await waitHttp(`${env.appserverUrl}/readyz`);
    jobs = jobsView(env.DATABASE_URL);
  });

  after(async () => {
    await cluster?.thaw();
    for (const p of procs) await stop(p, 'SIGKILL');
    await jobs?.close();
    await cluster?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Runs `fault` (returns when the database is back) under load, then checks everything the issue asks. */
  async function underLoad(t: { diagnostic(s: string): void }, fault: () => Promise<number>) {
    const load = startLoad({ apiUrl: env.apiUrl, hangMs: HANG_MS });
    await sleep(1500);
    const faultAt = Date.now();
    const backAt = await fault();
    // Keep the load on until the API has accepted jobs again by itself (bounded), and a little after.
    const until = Date.now() + 30_000;
    while (!load.report.events.some((e) => e.status === 202 && e.at > backAt) && Date.now() < until) {
      await sleep(200);
    }
    await sleep(1500);
    const report = await load.stop();
    const answers = Object.fromEntries(report.answers);
    t.diagnostic(
      `answers ${JSON.stringify(answers)}; first 503 after ${firstAfter(report, 503, faultAt)} ms; first 202 ` +
        `${firstAfter(report, 202, backAt)} ms after the database was back; slowest answer ${report.slowestMs} ms`,
    );
    assert.deepEqual(report.bad, [], 'no 5xx but 503, and every 503 with Retry-After');
    assert.deepEqual(report.hung, [], `no request without an answer within ${HANG_MS} ms`);
    const dead = procs.filter((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    const deadLog = dead.map((p) => `${p.role}: ${p.out.join('').slice(-3000)}`).join('\n');
    assert.deepEqual(dead, [], `no role died: ${deadLog}`);
    assert.deepEqual(report.refused, [], 'the API process stayed up');
    assert.ok(
      report.events.some((e) => e.status === 202 && e.at > backAt),
      'accepted again after recovery, without a restart',
    );
    for (const p of procs)
      assert.equal(p.child.exitCode, null, `${p.role} is still running: ${p.out.join('')}`);

    const final = await jobs.waitTerminal(report.accepted, 90_000);
    assert.deepEqual(final, { succeeded: new Set(report.accepted).size }, 'every accepted job succeeded');
    const results = await jobs.resultCounts(report.accepted);
    assert.ok(
      report.accepted.every((id) => results.get(id) === 1),
      'one result each',
    );
    assert.equal((await fetch(`${env.apiUrl}/readyz`)).status, 200);
  }

  test('a restart (fast shutdown, start again)', async (t) => {
    await underLoad(t, async () => {
      await cluster.stop();
      await cluster.start();
      return Date.now();
    });
  });

  test('stopped for 15 s', async (t) => {
    await underLoad(t, async () => {
      await cluster.stop();
      await sleep(15_000);
      await cluster.start();
      return Date.now();
    });
  });

  test('a crash (SIGKILL to every server process, then crash recovery)', async (t) => {
    await underLoad(t, async () => {
      await cluster.crash();
      await sleep(2000);
      await cluster.start();
      return Date.now();
    });
  });

  test('frozen for 10 s (SIGSTOP): 503 within the timeouts, never a hang', async (t) => {
    await underLoad(t, async () => {
      cluster.freeze();
      await sleep(10_000);
      cluster.thaw();
      return Date.now();
    });
  });
});
