// `kuduso solve definition@version inputs.json [--svg plan.svg] [--out-dir dir]`: one computation through the
// same contract pipeline as the AppServer (runContract: validation, manifest limits, timeout, outputs checked,
// results capped, artifacts built), printed as the contract's outputs; no server involved.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function runSolve(args: string[]): Promise<number> {
  const [target, file] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const m = /^([a-z][a-z0-9-]*)@(\d+\.\d+\.\d+)$/.exec(target ?? '');
  if (!m || !file) {
    console.error(
      'usage: kuduso solve <definition@version> <inputs.json|-> [--svg plan.svg] [--out-dir dir]',
    );
    return 2;
  }
  const config = parseConfig(process.env, 'appserver');
  const registry = loadRegistry(contractsDirs(config));
  const definitions = await Definitions.load(registry.list());
  const overrides = engineOverridesFor(config, registry.list());
  const extra = config.computeUrl
    ? [
        createGrasshopperEngine({
          url: config.computeUrl,
          apiKey: config.computeApiKey,
          timeoutMs: config.computeTimeoutSec * 1000,
        }),
      ]
    : [];
  const engines = createEngines(config, { contracts: registry.list(), builtin: { definitions }, extra });
  try {
    const contract = registry.get(m[1], m[2]);
    if (!contract) throw new KudusoError('UNKNOWN_DEFINITION', { message: `No definition ${target}.` });
    let text: string;
    try {
      text = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (e) {
      throw new KudusoError('INVALID_JSON', { message: `${file}: ${(e as Error).message}` });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new KudusoError('INVALID_JSON', { message: `${file}: ${(e as Error).message}` });
    }
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
      bodyBytes: Buffer.byteLength(text),
      jobId: 'cli',
      correlationId: 'cli',
      log: createLogger('solve', process.env.LOG_LEVEL ?? 'warn'),
    });
    const files = result.files;
    const svgPath = option(args, '--svg');
    if (svgPath) {
      const svg = files.find((f) => f.kind === 'svg' || f.filename.endsWith('.svg'));
      if (!svg) throw new KudusoError('ENGINE_FAILED', { message: 'The engine made no SVG plan.' });
      writeFileSync(svgPath, svg.body);
    }
    const outDir = option(args, '--out-dir');
    if (outDir) {
      mkdirSync(outDir, { recursive: true });
      for (const f of files) writeFileSync(join(outDir, f.filename), f.body);
    }
    process.stdout.write(`${JSON.stringify(result.outputs, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (!isKudusoError(e)) throw e;
    process.stderr.write(`${JSON.stringify(e.toBody(), null, 2)}\n`);
    return e.status === 422 || e.status === 413 ? 3 : 1;
  } finally {
    await Promise.all([...engines.values()].map((en) => en.close?.()));
  }
}
