// Running a server role from the terminal: configuration checked first, the data folder locked (dev), a
// port in use explained, and a shutdown that says what it waits for and ends before the prompt returns.
import { createServer } from 'node:net';
import { ConfigError, parseConfig, type Role } from '@kuduso/core';
import { createLogger, type Logger } from '@kuduso/core/node';
import { CliError } from './command.ts';
import { acquireDataLock, type DataLock } from './data-lock.ts';
import type { Running } from './roles.ts';

type Config = ReturnType<typeof parseConfig>;
export type Starter = (config: Config, log: Logger) => Promise<Running>;

export function readConfig(role: Role): Config {
  try {
    return parseConfig(process.env, role);
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message, 2);
    throw e;
  }
}

/** EADDRINUSE as a sentence naming the port and the variable that moves it. */
export function portInUse(e: unknown, config: Config): CliError | undefined {
  const err = e as NodeJS.ErrnoException & { port?: number };
  if (err?.code !== 'EADDRINUSE' && err?.code !== 'EACCES') return undefined;
  const port = err.port ?? Number(/:(\d+)\s*$/.exec(err.message)?.[1]);
  const [variable, what] =
    port === config.appserverPort
      ? ['APPSERVER_PORT', 'the AppServer']
      : port === config.metricsPort
        ? ['METRICS_PORT', 'the worker metrics']
        : ['PORT', 'the API'];
  const why = err.code === 'EACCES' ? 'is not allowed' : 'is already in use';
  return new CliError(
    `port ${port} (${what}) ${why} on ${config.host}; choose another with ${variable}, e.g. ${variable}=${port + 1}`,
  );
}

function probe(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen({ port, host, exclusive: true }, () => s.close(() => resolve()));
  });
}

async function probePorts(role: Role, config: Config): Promise<void> {
  const ports = {
    dev: [config.port, config.appserverPort],
    api: [config.port],
    appserver: [config.appserverPort],
    // Only when set: the default (9464) falls back to a free port when taken (runWorker).
    worker: [config.metricsPort],
  };
  for (const port of ports[role as keyof typeof ports] ?? []) if (port) await probe(port, config.host);
}

export async function serve(role: Role, start: Starter): Promise<number> {
  const config = readConfig(role);
  const log = createLogger(role, config.logLevel);
  // Only dev owns its data folder (embedded database, blobs); the production roles share external services.
  const lock: DataLock | undefined = role === 'dev' ? await acquireDataLock(config.dataDir) : undefined;
  let running: Running;
  try {
    // Before the database is opened and migrated: a taken port is known in a moment.
    await probePorts(role, config);
    running = await start(config, log);
  } catch (e) {
    lock?.release();
    throw portInUse(e, config) ?? e;
  }
  if (role === 'migrate') return 0;
  lock?.update(running.urls);
  for (const [name, url] of Object.entries(running.urls)) log.info({ url }, `${name} listening`);
  if (role === 'dev') {
    // A human started this: say where things are in plain words too.
    process.stderr.write(
      `\nKuduso is running.\n  Web UI:   ${running.urls.web}\n  API:      ${running.urls.api}\n  API docs: ${running.urls.docs}\n  AppServer (internal): ${running.urls.appserver}\n  Data:     ${config.dataDir}\nPress Ctrl+C to stop.\n${running.webNotice ? `\n  Note: ${running.webNotice}\n` : ''}\n`,
    );
  }
  await untilStopped(running, log, process.stderr.isTTY || role === 'dev');
  lock?.release();
  return 0;
}

const SAME_PRESS_MS = 500;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** First signal: stop taking work and finish what runs. Second: hand running jobs back now. */
function untilStopped(running: Running, log: Logger, talk: boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    let signals = 0;
    const say = (line: string) => {
      if (talk) process.stderr.write(`${line}\n`);
    };
    let last = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      // One Ctrl+C under `npm start` arrives twice: from the terminal (the whole process group) and
      // forwarded by npm. Signals this close together are the same key press.
      const now = Date.now();
      if (now - last < SAME_PRESS_MS) return;
      last = now;
      signals += 1;
      const jobs = running.jobs;
      const busy = jobs?.running() ?? 0;
      if (signals === 1) {
        log.info({ signal, running_jobs: busy }, 'stopping');
        say(
          busy && jobs
            ? `\nStopping: finishing ${plural(busy, 'job')}, up to ${Math.round(jobs.graceMs / 1000)} s; press Ctrl+C again to hand ${busy === 1 ? 'it' : 'them'} back now.`
            : '\nStopping…',
        );
        running.stop().then(done, (e: Error) => {
          log.error({ err: e.message }, 'error while stopping');
          done();
        });
      } else if (signals === 2 && jobs && busy) {
        log.warn({ signal, running_jobs: busy }, 'handing running jobs back now');
        say(`Handing ${plural(busy, 'job')} back to the queue now.`);
        jobs.handBack().catch(() => {});
      } else if (signals >= 3) {
        say('Stopping now without waiting.');
        process.exit(130);
      }
    };
    const done = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      say('Stopped.');
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
