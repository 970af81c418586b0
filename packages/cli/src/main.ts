#!/usr/bin/env node
// kuduso: one command, a role per sub-command. Configuration comes from the environment and is checked
// before anything starts; a bad value stops the process with a message that names it.
import { ConfigError, parseConfig, type Role } from '@kuduso/core';
import { createLogger } from '@kuduso/core/node';
import { runPurge } from './purge.ts';
import { type Running, runApi, runAppServer, runDev, runMigrate, runWorker } from './roles.ts';
import { runSolve } from './solve.ts';

const USAGE = `kuduso <command>

  dev          api + worker + appserver in one process on embedded defaults (PGlite, a blob folder)
  api          the public API            (needs DATABASE_URL, ARTIFACT_SIGNING_SECRET)
  worker       a queue consumer          (needs DATABASE_URL, APP_SERVER_URL)
  appserver    the internal compute service
  migrate      apply database migrations (needs DATABASE_URL)
  purge [--older-than 30d] [--dry-run]
               delete finished jobs, results, artifacts and blobs older than that (default RETENTION_DAYS)
  solve <definition@version> <inputs.json> [--svg plan.svg]
               compute once, print the outputs JSON; no server needed

Environment variables: see README.md.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'solve') return runSolve(rest);
  if (command === 'purge') return runPurge(rest);
  const roles: Record<
    string,
    (c: ReturnType<typeof parseConfig>, l: ReturnType<typeof createLogger>) => Promise<Running>
  > = {
    dev: runDev,
    api: (c, l) => runApi(c, l, { migrate: process.env.MIGRATE_ON_START === 'true' }),
    worker: runWorker,
    appserver: runAppServer,
    migrate: runMigrate,
  };
  const run = roles[command];
  if (!run) {
    console.error(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env, command as Role);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`kuduso ${command}: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const log = createLogger(command, config.logLevel);
  const running = await run(config, log);
  if (command === 'migrate') return 0;
  for (const [name, url] of Object.entries(running.urls)) log.info({ url }, `${name} listening`);
  if (command === 'dev') {
    // A human started this: say where things are in plain words too.
    process.stderr.write(
      `\nKuduso is running.\n  Web UI:   ${running.urls.web}\n  API:      ${running.urls.api}\n  API docs: ${running.urls.docs}\n  AppServer (internal): ${running.urls.appserver}\n  Data:     ${config.dataDir}\nPress Ctrl+C to stop.\n${running.webNotice ? `\n  Note: ${running.webNotice}\n` : ''}\n`,
    );
  }
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping');
      running.stop().then(resolve, (e: Error) => {
        log.error({ err: e.message }, 'error while stopping');
        resolve();
      });
    };
    process.once('SIGTERM', () => onSignal('SIGTERM'));
    process.once('SIGINT', () => onSignal('SIGINT'));
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Timers of closed clients must not keep a stopped process alive.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (e: Error) => {
    console.error(`kuduso: ${e.stack ?? e.message}`);
    process.exit(1);
  },
);
