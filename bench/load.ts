// Load benchmark (not a test): 10,000 jobs through the API with 2 worker processes, per queue backend
// (pg-boss on PostgreSQL, RabbitMQ + relay), mock engine at zero delay, every role its own process.
// Reports accepted == succeeded + failed, end-to-end jobs/s, the API's p99 while the workers drain,
// pickup latency (enqueue -> worker start) p50/p99, peak RSS per process; and POST /jobs/run at 16
// connections beside a bare Fastify server doing one INSERT per request, on the same database.
// Run: npm run bench:load [-- --jobs 10000 --backends pgboss,rabbitmq]. Writes its table into bench/README.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@kuduso/db/testing';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort, MAIN, peakRssMiB, REPO, start, startScript, stop, waitHttp } from './procs.ts';
import { replaceSection } from './readme-section.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const JOBS = Number(arg('jobs', '10000'));
const TRICKLE = Number(arg('trickle', '200'));
const LOAD_AT_START = loadavg()[0].toFixed(1);
const BACKENDS = arg('backends', 'pgboss,rabbitmq')
  .split(',')
  .filter((b) => b && b !== 'none');
const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const body = JSON.stringify({ app_id: 'bench', definition: 'mock', version: '1.0.0', inputs: { value: 1 } });

async function cannon(url: string, opts: Partial<autocannon.Options>) {
  const r = await autocannon({
    url,
    method: 'POST',
    connections: 16,
    headers: { 'content-type': 'application/json' },
    body,
    ...opts,
  });
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r['2xx'],
    bad: r.non2xx + r.errors + r.timeouts,
    total: r.requests.total,
  };
}

interface Result {
  backend: string;
  accepted: number;
  succeeded: number;
  failed: number;
  jobsPerSec: number;
  apiP99: number;
  apiRps: number;
  pickupP50: number;
  pickupP99: number;
  /** Pickup of single jobs submitted while the workers are idle. */
  idleP50: number;
  idleP99: number;
  rss: Record<string, number>;
}

async function runBackend(backend: string): Promise<Result> {
  const tdb = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'kuduso-load-'));
  const [apiPort, appPort] = [await freePort(), await freePort()];
  const queueName = `kuduso-load-${randomBytes(4).toString('hex')}`;
  const env: Record<string, string> = {
    DATABASE_URL: tdb.url,
    KUDUSO_DATA_DIR: dataDir,
    PORT: String(apiPort),
    APPSERVER_PORT: String(appPort),
    APP_SERVER_URL: `http://127.0.0.1:${appPort}`,
    ARTIFACT_SIGNING_SECRET: 'bench',
    LOG_LEVEL: 'warn',
    RESULT_CACHE_TTL: '0',
    // A load test of one tenant: no per-tenant rate limit; each worker's metrics listener on a free port.
    RATE_LIMIT_PER_MIN: '0',
    TENANT_MAX_ACTIVE_JOBS: '0',
    METRICS_PORT: '0',
    WORKER_CONCURRENCY: '16',
    APPSERVER_SEATS: '64',
    QUEUE_BACKEND: backend,
    QUEUE_NAME: queueName,
    CONTRACTS_DIR: `${REPO}/contracts,${REPO}/test/fixtures/contracts`,
    ...(backend === 'rabbitmq' ? { RABBITMQ_URL } : {}),
  };
  const migrated = spawnSync(process.execPath, [MAIN, 'migrate'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (migrated.status !== 0) throw new Error(migrated.stderr);
  const procs = {
    appserver: start('appserver', env),
    api: start('api', env),
    'worker 1': start('worker', env),
    'worker 2': start('worker', env),
    ...(backend === 'pgboss' ? {} : { relay: start('relay', env) }),
  };
  const db = new pg.Client({ connectionString: tdb.url });
  try {
    await waitHttp(`http://127.0.0.1:${apiPort}/readyz`);
    await waitHttp(`${env.APP_SERVER_URL}/readyz`);
    await db.connect();
    const t0 = Date.now();
    const burst = await cannon(`http://127.0.0.1:${apiPort}/jobs/run`, { amount: JOBS });
    let terminal = 0;
    while (Date.now() - t0 < 900_000) {
      const r = await db.query("SELECT count(*)::int AS n FROM job WHERE status IN ('succeeded', 'failed')");
      terminal = r.rows[0].n;
      if (terminal >= burst.ok) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    // Pickup when the workers are idle (the burst above measures its backlog): jobs one at a time, each
    // submitted after the previous one's 202 and a short pause, picked up by a waiting worker.
    const trickle: string[] = [];
    for (let i = 0; i < TRICKLE; i++) {
      const res = await fetch(`http://127.0.0.1:${apiPort}/jobs/run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      trickle.push(((await res.json()) as { job_id: string }).job_id);
      await new Promise((r) => setTimeout(r, 20));
    }
    for (;;) {
      const r = await db.query(
        "SELECT count(*)::int AS n FROM job WHERE id = ANY($1::uuid[]) AND status IN ('succeeded', 'failed')",
        [trickle],
      );
      if (r.rows[0].n >= trickle.length) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const idle = (
      await db.query(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM started_at - created_at)) * 1000 AS p50,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM started_at - created_at)) * 1000 AS p99
         FROM job WHERE id = ANY($1::uuid[])`,
        [trickle],
      )
    ).rows[0];
    const rss = Object.fromEntries(
      Object.entries(procs).map(([name, p]) => [name, Math.round(peakRssMiB(p))]),
    );
    const { rows } = await db.query(
      `
      SELECT count(*)::int AS accepted,
             count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
             count(*) FILTER (WHERE status = 'failed')::int AS failed,
             EXTRACT(EPOCH FROM max(ended_at) - min(created_at))::float8 AS span,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM started_at - created_at)) * 1000 AS p50,
             percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM started_at - created_at)) * 1000 AS p99
      FROM job WHERE id <> ALL($1::uuid[])`,
      [trickle],
    );
    const r = rows[0];
    const result: Result = {
      backend,
      accepted: r.accepted,
      succeeded: r.succeeded,
      failed: r.failed,
      jobsPerSec: Math.round(r.accepted / r.span),
      apiP99: burst.p99,
      apiRps: burst.rps,
      pickupP50: Number(Number(r.p50).toFixed(1)),
      pickupP99: Number(Number(r.p99).toFixed(1)),
      idleP50: Number(Number(idle.p50).toFixed(1)),
      idleP99: Number(Number(idle.p99).toFixed(1)),
      rss,
    };
    console.log(JSON.stringify({ ...result, accepted_by_api: burst.ok, rejected: burst.bad }));
    return result;
  } finally {
    await db.end().catch(() => {});
    await Promise.all(Object.values(procs).map(stop));
    await tdb.drop();
    await rm(dataDir, { recursive: true, force: true });
    if (backend === 'rabbitmq') {
      const queues = execFileSync('rabbitmqctl', ['-q', 'list_queues', 'name'], { encoding: 'utf8' })
        .split('\n')
        .filter((q) => q.startsWith(queueName));
      for (const q of queues) execFileSync('rabbitmqctl', ['-q', 'delete_queue', q]);
    }
  }
}

/** POST /jobs/run (no workers running) and the bare one-INSERT server, 10 s each, same database. */
async function sideBySide() {
  const tdb = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'kuduso-load-'));
  const [apiPort, barePort] = [await freePort(), await freePort()];
  const env = {
    DATABASE_URL: tdb.url,
    KUDUSO_DATA_DIR: dataDir,
    PORT: String(apiPort),
    ARTIFACT_SIGNING_SECRET: 'bench',
    LOG_LEVEL: 'warn',
    RESULT_CACHE_TTL: '0',
    RATE_LIMIT_PER_MIN: '0',
    TENANT_MAX_ACTIVE_JOBS: '0',
    CONTRACTS_DIR: `${REPO}/contracts,${REPO}/test/fixtures/contracts`,
  };
  spawnSync(process.execPath, [MAIN, 'migrate'], { env: { ...process.env, ...env } });
  const api = start('api', env);
  const bare = startScript(`${REPO}/bench/bare-insert.ts`, { ...env, PORT: String(barePort) });
  try {
    await waitHttp(`http://127.0.0.1:${apiPort}/readyz`);
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`http://127.0.0.1:${barePort}/jobs/run`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const kuduso = await cannon(`http://127.0.0.1:${apiPort}/jobs/run`, { duration: 10 });
    const plain = await cannon(`http://127.0.0.1:${barePort}/jobs/run`, { duration: 10 });
    console.log(JSON.stringify({ kuduso, bare: plain }));
    return { kuduso, bare: plain };
  } finally {
    await Promise.all([stop(api), stop(bare)]);
    await tdb.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const side = await sideBySide();
const results: Result[] = [];
for (const b of BACKENDS) results.push(await runBackend(b));

const pgv = spawnSync('psql', ['-At', '-h', '127.0.0.1', '-U', 'postgres', '-c', 'show server_version'], {
  encoding: 'utf8',
}).stdout.trim();
const table = [
  `Machine: ${cpus()[0]?.model ?? 'cpu'} x ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${pgv}. Measured ${new Date().toISOString().slice(0, 16)} UTC, load average at the start ${LOAD_AT_START} and at the end ${loadavg()[0].toFixed(1)} (2 cores: above 2 the machine was shared), with \`npm run bench:load\` (${JOBS} jobs per backend, autocannon 16 connections, 2 worker processes x WORKER_CONCURRENCY=16, APPSERVER_SEATS=64, mock engine at zero delay).`,
  '',
  '| backend | accepted | succeeded | failed | end to end jobs/s | API req/s during burst | API p99 ms while draining | pickup p50 ms | pickup p99 ms | idle pickup p50 ms | idle pickup p99 ms | peak RSS MiB |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ...results.map(
    (r) =>
      `| ${r.backend} | ${r.accepted} | ${r.succeeded} | ${r.failed} | ${r.jobsPerSec} | ${r.apiRps} | ${r.apiP99} | ${r.pickupP50} | ${r.pickupP99} | ${r.idleP50} | ${r.idleP99} | ${Object.entries(
        r.rss,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')} |`,
  ),
  '',
  `POST /jobs/run at 16 connections, 10 s, no workers: Kuduso **${side.kuduso.rps} req/s** (p50 ${side.kuduso.p50} ms, p99 ${side.kuduso.p99} ms, ${side.kuduso.bad} non-2xx) vs a bare Fastify doing one INSERT per request **${side.bare.rps} req/s** (p50 ${side.bare.p50} ms, p99 ${side.bare.p99} ms, ${side.bare.bad} non-2xx).`,
].join('\n');
console.log(`\n${table}`);
// --dry: figures on stdout only (a before/after comparison), the README untouched.
if (!process.argv.includes('--dry')) replaceSection(`${REPO}/bench/README.md`, 'load', table);
