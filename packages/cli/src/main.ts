#!/usr/bin/env node
// kuduso: one command, a sub-command per role or task. This file only parses the command line; each
// command's module imports what it needs when it runs, so `kuduso --help` loads nothing heavy.
import { readFileSync } from 'node:fs';
import { CliError, type Command, commandHelp, parseCommandArgs, UsageError } from './command.ts';
import { commands } from './commands/index.ts';

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'usage: kuduso <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'options: -h, --help (also after any command), -V, --version',
    "Run 'kuduso <command> --help' for a command's options. Environment variables: see README.md.",
  ].join('\n');
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return String(pkg.version);
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    process.stderr.write(`${usage()}\n`);
    return 2;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const named = first === 'help' && rest[0] ? find(rest[0]) : undefined;
    process.stdout.write(`${named ? commandHelp(named) : usage()}\n`);
    return 0;
  }
  if (first === '--version' || first === '-V') {
    process.stdout.write(`kuduso ${version()}\n`);
    return 0;
  }
  if (first.startsWith('-')) return usageFailure(undefined, `unknown option ${first}`);
  const command = find(first);
  if (!command) return usageFailure(undefined, `unknown command ${JSON.stringify(first)}`);
  let input: ReturnType<typeof parseCommandArgs>;
  try {
    input = parseCommandArgs(command, rest);
  } catch (e) {
    if (e instanceof UsageError) return usageFailure(command, e.message);
    throw e;
  }
  if (input.help) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  try {
    return await command.run(input);
  } catch (e) {
    if (e instanceof UsageError) return usageFailure(command, e.message);
    if (e instanceof CliError) {
      process.stderr.write(`kuduso ${command.name}: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}

function find(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}

function usageFailure(command: Command | undefined, message: string): number {
  const who = command ? `kuduso ${command.name}` : 'kuduso';
  process.stderr.write(`${who}: ${message}\nRun '${who} --help' for usage.\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Timers of closed clients must not keep a finished command alive.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (e: Error) => {
    // A bug, not a user's mistake: the stack helps whoever reports it.
    process.stderr.write(`kuduso: ${process.env.LOG_LEVEL === 'debug' ? e.stack : e.message}\n`);
    process.exit(1);
  },
);
