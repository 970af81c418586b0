// `kuduso solve definition@version inputs.json [--svg plan.svg] [--out-dir dir]`: one computation through the
// same contract pipeline as the AppServer (runContract: validation, manifest limits, timeout, outputs checked,
// results capped, artifacts built), printed as the contract's outputs; no server involved.
// stdout carries the outputs only: every log line (the engine's too) goes to stderr.
import { accessSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  createEngines,
  createGrasshopperEngine,
  Definitions,
  engineNameFor,
  engineOverridesFor,
  runContract,
} from '@kuduso/appserver';
import { isKudusoError, KudusoError, parseConfig } from '@kuduso/core';
import { createLogger, loadRegistry } from '@kuduso/core/node';
import { contractsDirs } from '@kuduso/services';
import { CliError, type CommandInput, stringOption, UsageError } from './command.ts';
import { fsReason, readJsonInput } from './read-json.ts';

function write(path: string, body: string | Uint8Array): void {
  try {
    writeFileSync(path, body);
  } catch (e) {
    throw new CliError(`cannot write ${path}: ${fsReason(e)}`);
  }
}

/** Fails now, with the reason, when `path` could not be written later. */
function checkWritable(path: string): void {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory())
      throw Object.assign(new Error(), { code: 'EISDIR' });
    accessSync(dirname(path), constants.W_OK);
  } catch (e) {
    const why =
      (e as NodeJS.ErrnoException).code === 'ENOENT'
        ? `the folder ${dirname(path)} does not exist`
        : fsReason(e);
    throw new CliError(`cannot write ${path}: ${why}`);
  }
}

function makeDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new CliError(`cannot create the folder ${dir}: ${fsReason(e)}`);
  }
}

export async function runSolve({ values, positionals }: CommandInput): Promise<number> {
  const [target, file] = positionals as [string, string];
  const m = /^([a-z][a-z0-9-]*)@(\d+\.\d+\.\d+)$/.exec(target);
  if (!m) throw new UsageError(`${JSON.stringify(target)} is not <definition@version>, e.g. sitefit@1.0.0`);
  const svgPath = stringOption(values, 'svg');
  const outDir = stringOption(values, 'out-dir');
  // Refuse a path that cannot be written before computing anything.
  if (svgPath) checkWritable(svgPath);
  if (outDir) makeDir(outDir);
  const raw = readJsonInput(file);
  const config = parseConfig(process.env, 'appserver');
  const registry = loadRegistry(contractsDirs(config));
  const log = createLogger('solve', process.env.LOG_LEVEL ?? 'warn', process.stderr);
  const definitions = await Definitions.load(registry.list());
  const overrides = engineOverridesFor(config, registry.list());
  const extra = config.computeUrl
    ? [
        createGrasshopperEngine({
          url: config.computeUrl,
          apiKey: config.computeApiKey,
          timeoutMs: config.computeTimeoutSec * 1000,
          log,
        }),
      ]
    : [];
  const engines = createEngines(config, {
    contracts: registry.list(),
    builtin: { log, definitions },
    extra,
  });
  try {
    const contract = registry.get(m[1] as string, m[2] as string);
    if (!contract) throw new KudusoError('UNKNOWN_DEFINITION', { message: `No definition ${target}.` });
    const engineName = engineNameFor(contract, overrides);
    const engine = engines.get(engineName);
    const support = engine?.supports(contract);
    const result = await runContract({
      contract,
      engine,
      available: support?.status === 'available',
      unavailableReason:
        support && support.status !== 'available' ? support.reason : `no engine ${engineName}`,
      definition: definitions.get(contract.id),
      inputs: raw,
      // The inputs as the AppServer would receive them, for manifest.max_payload_bytes.
      bodyBytes: Buffer.byteLength(JSON.stringify(raw)),
      jobId: 'cli',
      correlationId: 'cli',
      log,
    });
    const files = result.files;
    if (svgPath) {
      const svg = files.find((f) => f.kind === 'svg' || f.filename.endsWith('.svg'));
      if (!svg) throw new KudusoError('ENGINE_FAILED', { message: 'The engine made no SVG plan.' });
      write(svgPath, svg.body);
    }
    if (outDir) for (const f of files) write(join(outDir, f.filename), f.body);
    process.stdout.write(`${JSON.stringify(result.outputs, null, 2)}\n`);
    if (svgPath || outDir) {
      process.stderr.write(
        `wrote ${[svgPath && resolve(svgPath), outDir && `${resolve(outDir)}/`].filter(Boolean).join(', ')}\n`,
      );
    }
    return 0;
  } catch (e) {
    if (!isKudusoError(e)) throw e;
    process.stderr.write(`${JSON.stringify(e.toBody(), null, 2)}\n`);
    return e.status === 422 || e.status === 413 ? 3 : 1;
  } finally {
    await Promise.all([...engines.values()].map((en) => en.close?.()));
  }
}
