// The roles as separate child processes (`node packages/cli/src/main.ts api|worker|appserver|migrate`), as in
// production: start, wait until they answer, kill, and read their JSON log lines. Shared by the end-to-end and
// fault suites.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { REPO } from '../harness.ts';

export const MAIN = `${REPO}/packages/cli/src/main.ts`;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface Proc {
  role: string;
  child: ChildProcess;
  out: string[];
  /** The JSON log lines so far. */
  lines(): Record<string, unknown>[];
  /** Resolves with the exit code (null after a signal) once the process has exited. */
  exited: Promise<number | null>;
}

export function start(role: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [MAIN, role], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (d: string) => out.push(d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => out.push(d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    role,
    child,
    out,
    exited,
    lines: () =>
      out
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** `kuduso migrate` with this environment; throws with its output when it fails. */
export function migrateWith(env: Record<string, string>): void {
  const res = spawnSync(process.execPath, [MAIN, 'migrate'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (res.status !== 0) throw new Error(`kuduso migrate failed (${res.status}): ${res.stderr}${res.stdout}`);
}

/** Waits until `url` answers 2xx. */
export async function waitHttp(url: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {}
    if (Date.now() > until) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM (or `signal`), and the exit code once it has exited. */
export function stop(p: Proc, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  return p.exited;
}

/** Base environment of a three-role system on `databaseUrl`, with its own ports and data folder. */
export async function rolesEnv(
  databaseUrl: string,
  dataDir: string,
  extra: Record<string, string> = {},
): Promise<Record<string, string> & { apiUrl: string; appserverUrl: string }> {
  const [apiPort, appPort] = [await freePort(), await freePort()];
  return {
    DATABASE_URL: databaseUrl,
    KUDUSO_DATA_DIR: dataDir,
    PORT: String(apiPort),
    APPSERVER_PORT: String(appPort),
    APP_SERVER_URL: `http://127.0.0.1:${appPort}`,
    APPSERVER_TOKEN: 'service-token',
    ARTIFACT_SIGNING_SECRET: 'proc-secret',
    CONTRACTS_DIR: `${REPO}/contracts,${REPO}/test/fixtures/contracts`,
    LOG_LEVEL: 'info',
    // The per-tenant rate and active-job limits are not what these tests are about; the fault tests' load
    // would meet them.
    RATE_LIMIT_PER_MIN: '0',
    // The worker's metrics listener on a free port: 9464 would collide with other runs on this machine.
    METRICS_PORT: '0',
    TENANT_MAX_ACTIVE_JOBS: '0',
    ...extra,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    appserverUrl: `http://127.0.0.1:${appPort}`,
  };
}
