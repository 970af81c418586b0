// Benchmark (not a test): the API's POST /jobs/run and GET /jobs/status/{id} under autocannon at 1, 16 and 64
// connections, then end-to-end jobs/s through api -> pg-boss -> worker -> AppServer (mock engine, zero delay),
// all against the real PostgreSQL. Each role runs as its own process, as in production.
// Run: npm run bench:api [-- --duration 10]. Writes the table into bench/README.md.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@kuduso/db/testing';
import autocannon from 'autocannon';
import { freePort, MAIN, REPO, start, stop, TYPICAL_SITEFIT_INPUTS, waitHttp } from './procs.ts';
import { replaceSection } from './readme-section.ts';

const durationArg = process.argv.indexOf('--duration');
const DURATION = durationArg > 0 ? Number(process.argv[durationArg + 1]) : 10;
const E2E_JOBS = 2000;

interface Row {
  what: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function cannon(what: string, opts: autocannon.Options): Promise<Row> {
  const r = await autocannon({ duration: DURATION, ...opts });
  const non2xx = r.non2xx + r.errors + r.timeouts;
  const row = {
    what,
    connections: opts.connections ?? 1,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: non2xx,
  };
  console.log(JSON.stringify(row));
  return row;
}

const tdb = await createTestDatabase();
const dataDir = await mkdtemp(join(tmpdir(), 'kuduso-bench-'));
const [apiPort, appPort] = [await freePort(), await freePort()];
const api = `http://127.0.0.1:${apiPort}`;
const env = {
  DATABASE_URL: tdb.url,
  KUDUSO_DATA_DIR: dataDir,
  PORT: String(apiPort),
  APPSERVER_PORT: String(appPort),
  APP_SERVER_URL: `http://127.0.0.1:${appPort}`,
  ARTIFACT_SIGNING_SECRET: 'bench',
  RATE_LIMIT_PER_MIN: '0',
  TENANT_MAX_ACTIVE_JOBS: '0',
  METRICS_PORT: '0',
  LOG_LEVEL: 'warn',
  CONTRACTS_DIR: `${REPO}/contracts,${REPO}/test/fixtures/contracts`,
};
const migrated = spawnSync(process.execPath, [MAIN, 'migrate'], {
  env: { ...process.env, ...env },
  encoding: 'utf8',
});
if (migrated.status !== 0) throw new Error(migrated.stderr);

const rows: Row[] = [];
const apiProc = start('api', env);
let e2e = '';
try {
  await waitHttp(`${api}/readyz`);
  const typical = JSON.stringify({
    app_id: 'bench',
    definition: 'sitefit',
    version: '1.0.0',
    inputs: TYPICAL_SITEFIT_INPUTS,
  });
  const first = (await (
    await fetch(`${api}/jobs/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typical,
    })
  ).json()) as { job_id: string };
  for (const connections of [1, 16, 64]) {
    rows.push(
      await cannon('POST /jobs/run', {
        url: `${api}/jobs/run`,
        method: 'POST',
        connections,
        headers: { 'content-type': 'application/json' },
        body: typical,
      }),
    );
    rows.push(
      await cannon('GET /jobs/status/{id}', { url: `${api}/jobs/status/${first.job_id}`, connections }),
    );
  }

  // End to end: a fresh queue of mock jobs drained by the worker through the AppServer.
  await stop(apiProc);
  const tdb2 = await createTestDatabase();
  const env2 = { ...env, DATABASE_URL: tdb2.url, WORKER_CONCURRENCY: '16', APPSERVER_SEATS: '64' };
  spawnSync(process.execPath, [MAIN, 'migrate'], { env: { ...process.env, ...env2 } });
  const api2 = start('api', env2);
  const app2 = start('appserver', env2);
  await waitHttp(`${api}/readyz`);
  await waitHttp(`${env2.APP_SERVER_URL}/readyz`);
  const ids: string[] = [];
  for (let i = 0; i < E2E_JOBS; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: 50 }, (_, k) =>
        fetch(`${api}/jobs/run`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            app_id: 'bench',
            definition: 'mock',
            version: '1.0.0',
            inputs: { value: i + k },
          }),
        }).then((r) => r.json() as Promise<{ job_id: string }>),
      ),
    );
    ids.push(...batch.map((b) => b.job_id));
  }
  const t0 = performance.now();
  const worker = start('worker', env2);
  const { Client } = await import('pg');
  const counter = new Client({ connectionString: tdb2.url });
  await counter.connect();
  let done = 0;
  while (done < E2E_JOBS && performance.now() - t0 < 300_000) {
    await new Promise((res) => setTimeout(res, 100));
    const r = await counter.query(
      "SELECT count(*)::int AS n FROM job WHERE status IN ('succeeded', 'failed')",
    );
    done = r.rows[0].n;
  }
  await counter.end();
  const secs = (performance.now() - t0) / 1000;
  e2e = `${done} mock jobs (zero delay) drained in ${secs.toFixed(1)} s by one worker process (WORKER_CONCURRENCY=16): **${(done / secs).toFixed(0)} jobs/s** end to end`;
  console.log(e2e);
  await Promise.all([stop(worker), stop(api2), stop(app2)]);
  await tdb2.drop();
} finally {
  await stop(apiProc);
  await tdb.drop();
  await rm(dataDir, { recursive: true, force: true });
}

const node = process.version;
const pg = spawnSync('psql', ['-At', '-h', '127.0.0.1', '-U', 'postgres', '-c', 'show server_version'], {
  encoding: 'utf8',
}).stdout.trim();
const machine = `${cpus()[0]?.model ?? 'cpu'} x ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${node}, PostgreSQL ${pg}, ${DURATION} s per run, autocannon`;
const table = [
  `Machine: ${machine}. Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:api\`.`,
  '',
  '| route | connections | req/s | p50 ms | p99 ms | non-2xx/errors |',
  '|---|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.what} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} |`),
  '',
  e2e,
].join('\n');
console.log(`\n${table}`);
replaceSection(`${REPO}/bench/README.md`, 'api', table);
