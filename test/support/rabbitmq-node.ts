// A private RabbitMQ node for fault tests, never the shared broker on 5672: the installed rabbitmq-server run
// as a second node (its own node name, AMQP and distribution ports, data and log folders, config file, erlang
// cookie through HOME, no plugins) so a test can stop and start it. Its data folder survives a restart, as a
// real broker's disk does: durable quorum queues and their messages come back.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes.ts';

/** The server script itself: /usr/sbin/rabbitmq-server would switch to the rabbitmq user. */
const SERVER = process.env.RABBITMQ_SERVER_BIN ?? '/usr/lib/rabbitmq/bin/rabbitmq-server';

export interface RabbitNode {
  url: string;
  port: number;
  /** Stops the node (SIGTERM, a clean shutdown, or SIGKILL when `crash`) and waits until it has exited. */
  stop(crash?: boolean): Promise<void>;
  /** Starts it again on the same ports and data; resolves once it accepts AMQP connections. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  destroy(): Promise<void>;
  /** Its log so far (for failure messages). */
  output(): string;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function rabbitAvailable(): Promise<boolean> {
  return access(SERVER).then(
    () => true,
    () => false,
  );
}

export async function createRabbitNode(): Promise<RabbitNode> {
  const dir = await mkdtemp(join(tmpdir(), 'kuduso-rabbit-'));
  const [port, distPort] = [await freePort(), await freePort()];
  const name = `kuduso-fault-${randomBytes(4).toString('hex')}@localhost`;
  await mkdir(join(dir, 'home'));
  await writeFile(join(dir, 'home', '.erlang.cookie'), randomBytes(16).toString('hex'), { mode: 0o400 });
  await writeFile(
    join(dir, 'rabbitmq.conf'),
    `listeners.tcp.local = 127.0.0.1:${port}\nloopback_users = none\n`,
  );
  await writeFile(join(dir, 'enabled_plugins'), '[].\n');
  const env = {
    ...process.env,
    HOME: join(dir, 'home'),
    // The machine's rabbitmq-env.conf names the shared node; this one must not read it.
    RABBITMQ_CONF_ENV_FILE: '/dev/null',
    RABBITMQ_NODENAME: name,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    ERL_EPMD_ADDRESS: '127.0.0.1',
  };
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const out: string[] = [];

  const node: RabbitNode = {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    port,
    output: () => out.join('').slice(-3000),
    async start() {
      // Its own process group: the script starts erl as a child, and the whole group is stopped at once.
      const c = spawn(SERVER, [], { env, cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      c.stdout?.setEncoding('utf8').on('data', (d: string) => out.push(d));
      c.stderr?.setEncoding('utf8').on('data', (d: string) => out.push(d));
      exited = new Promise((resolve) => c.once('exit', () => resolve()));
      const until = Date.now() + 90_000;
      while (!(await listening(port))) {
        if (c.exitCode !== null || c.signalCode !== null) {
          throw new Error(`rabbitmq-server exited: ${node.output()}`);
        }
        if (Date.now() > until) throw new Error(`rabbitmq-server did not listen in 90 s: ${node.output()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop(crash = false) {
      const c = child;
      if (!c?.pid || c.exitCode !== null || c.signalCode !== null) return;
      const group = -c.pid;
      try {
        process.kill(group, crash ? 'SIGKILL' : 'SIGTERM');
      } catch {}
      const killLater = setTimeout(() => {
        try {
          process.kill(group, 'SIGKILL');
        } catch {}
      }, 30_000);
      await exited;
      // The beam process may outlive the script by a moment; the port is free once it is gone.
      while (await listening(port)) await new Promise((r) => setTimeout(r, 100));
      clearTimeout(killLater);
    },
    async destroy() {
      await node.stop(true);
      await rm(dir, { recursive: true, force: true });
    },
  };
  await node.start();
  return node;
}
