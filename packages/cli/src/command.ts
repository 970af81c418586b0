// What a `kuduso` sub-command is: a name, its options (declared, so parsing is strict and --help is generated)
// and a run function that imports what it needs only when it runs, so `kuduso --help` loads nothing heavy.
import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  description: string;
  /** Shown in the help after the flag, e.g. `<file>`. */
  placeholder?: string;
  /** Several occurrences collect into an array. */
  multiple?: boolean;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandInput {
  values: OptionValues;
  positionals: string[];
}

export interface Command {
  name: string;
  /** One line for the list of commands. */
  summary: string;
  /** The positional synopsis, e.g. `<id>` or `<definition@version> <inputs.json|->`. */
  args?: string;
  /** More lines for `kuduso <name> --help` (environment variables, examples). */
  description?: string;
  options?: Record<string, OptionSpec>;
  positionals?: { min: number; max: number };
  run(input: CommandInput): Promise<number>;
}

/** A mistake in how the command was called: one line, the usage hint, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the user can act on: its message is printed as is (no stack), then the process exits with `exitCode`. */
export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

/** Parses argv strictly against the command's declared options; throws UsageError with one readable line. */
export function parseCommandArgs(command: Command, argv: string[]): CommandInput & { help: boolean } {
  const options = { ...command.options, help: HELP };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(
        Object.entries(options).map(([k, o]) => [
          k,
          { type: o.type, ...(o.short && { short: o.short }), ...(o.multiple && { multiple: true }) },
        ]),
      ),
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    const err = e as Error & { code?: string };
    if (!err.code?.startsWith('ERR_PARSE_ARGS_')) throw e;
    throw new UsageError(describeParseError(err));
  }
  const values = parsed.values as OptionValues;
  if (values.help) return { values, positionals: parsed.positionals, help: true };
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  const n = parsed.positionals.length;
  if (n < min) throw new UsageError(`missing ${command.args ?? 'arguments'}`);
  if (n > max) throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[max])}`);
  return { values, positionals: parsed.positionals, help: false };
}

function describeParseError(e: Error & { code?: string }): string {
  // node's messages are long and suggest `--` tricks; keep the option's name and say what is wrong.
  const name = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${name ?? e.message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing|ambiguous/.test(e.message)
        ? `option ${name} needs a value`
        : `option ${name} takes no value`;
    default:
      return e.message;
  }
}

export function commandHelp(command: Command): string {
  const options = { ...command.options, help: HELP };
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.placeholder ?? '<value>'}` : ''}`;
    return [flag, o.description] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  const lines = [
    `usage: kuduso ${command.name}${command.args ? ` ${command.args}` : ''} [options]`,
    '',
    command.summary,
  ];
  if (command.description) lines.push('', command.description);
  lines.push('', 'options:', ...rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`));
  return lines.join('\n');
}

/** An integer option in [min, max], or the default; anything else is a usage error naming the option. */
export function intOption(
  values: OptionValues,
  name: string,
  fallback: number | undefined,
  min: number,
  max: number,
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw) || n < min || n > max) {
    throw new UsageError(`option --${name} must be an integer from ${min} to ${max}`);
  }
  return n;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}
