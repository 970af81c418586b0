// A private PostgreSQL cluster for database fault tests: initdb into a temporary folder, the server on a free
// loopback port with its socket in that folder, so restarting, stopping, crashing (SIGKILL) or freezing it
// (SIGSTOP) never touches the shared server on 5432. PostgreSQL refuses to run as root: as root (CI) every
// command runs as the `postgres` user through setpriv, which execs (so the child's pid is the postmaster's).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './processes.ts';

const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

function asPostgres(cmd: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [cmd, args];
  return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', cmd, ...args]];
}

function postgresIds(): { uid: number; gid: number } {
  const res = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  return { uid: Number(res.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export interface PgCluster {
  port: number;
  /** URL of the `postgres` database as superuser. */
  url: string;
  /** URL of a database on this cluster (create it first with createDatabase). */
  urlFor(db: string): string;
  createDatabase(name: string): Promise<void>;
  /** The server answers a query. */
  isUp(): Promise<boolean>;
  /** Starts the server (again) and waits until it accepts connections (crash recovery included). */
  start(): Promise<void>;
  /** Fast shutdown (SIGINT: active sessions are terminated with 57P01) and waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL to the postmaster and all its backends, as a crash of the server host's processes. */
  crash(): Promise<void>;
  /** SIGSTOP / SIGCONT to every process of the server: connections stay open, nothing answers. */
  freeze(): void;
  thaw(): void;
  /** Stops the server and removes the folder. */
  destroy(): Promise<void>;
}

export async function createPgCluster(): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'kuduso-pgc-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  const [initCmd, initArgs] = asPostgres(`${BIN}/initdb`, [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8', timeout: 60_000 });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}${init.stdout}`);
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let server: ChildProcess | undefined;
  let log = '';

  async function isUp(): Promise<boolean> {
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 1000,
      query_timeout: 1000,
    });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  }

  function exited(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /**
   * The postmaster and its children (backends, checkpointer, ...). PostgreSQL's children call setsid(), so a
   * signal to the postmaster's process group would miss them: they are found by parent pid in /proc. The
   * postmaster goes first, so it forks no new child meanwhile (and last on SIGCONT).
   */
  function signalAll(signal: NodeJS.Signals): void {
    const pid = server?.pid;
    if (!pid) return;
    const children = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
          const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
        } catch {
          return false;
        }
      })
      .map(Number);
    const order = signal === 'SIGCONT' ? [...children, pid] : [pid, ...children];
    for (const p of order) {
      try {
        process.kill(p, signal);
      } catch {} // exited meanwhile
    }
  }

  const cluster: PgCluster = {
    port,
    url,
    urlFor: (db) => `postgres://postgres@127.0.0.1:${port}/${db}`,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
    },
    isUp,
    async start() {
      const [cmd, args] = asPostgres(`${BIN}/postgres`, [
        '-D',
        data,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'max_connections=100',
      ]);
      // Detached: a signal to the test's own process group (Ctrl-C) is not the server's crash.
      server = spawn(cmd, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
      server.stderr?.setEncoding('utf8').on('data', (d: string) => {
        log = (log + d).slice(-20_000);
      });
      const until = Date.now() + 60_000;
      while (!(await isUp())) {
        if (server.exitCode !== null) throw new Error(`postgres exited (${server.exitCode}): ${log}`);
        if (Date.now() > until) throw new Error(`postgres did not start: ${log}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (!server) return;
      const s = server;
      s.kill('SIGINT');
      await exited(s);
      server = undefined;
    },
    async crash() {
      if (!server) return;
      const s = server;
      signalAll('SIGKILL');
      await exited(s);
      // Orphaned backends (if any) must be gone before a new postmaster starts on the same folder.
      await new Promise((r) => setTimeout(r, 200));
      server = undefined;
    },
    freeze: () => signalAll('SIGSTOP'),
    thaw: () => signalAll('SIGCONT'),
    async destroy() {
      if (server) {
        signalAll('SIGCONT');
        await cluster.stop();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
