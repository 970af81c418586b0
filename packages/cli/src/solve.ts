// `kuduso solve definition@version inputs.json [--svg plan.svg] [--out-dir dir]`: one computation with the
// same contract checks and engines as the AppServer, printed as the contract's outputs; no server involved.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngines } from '@kuduso/appserver';
import { isKudusoError, KudusoError, parseConfig, validationFailed } from '@kuduso/core';
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
  const engines = createEngines(config);
  try {
    const contract = registry.get(m[1], m[2]);
    if (!contract) throw new KudusoError('UNKNOWN_DEFINITION', { message: `No definition ${target}.` });
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
    } catch (e) {
      throw new KudusoError('INVALID_JSON', { message: `${file}: ${(e as Error).message}` });
    }
    const checked = contract.validateInputs(raw);
    if (!checked.ok) throw validationFailed(checked.errors);
    const engine = engines.get(contract.bindings.engine);
    if (!engine)
      throw new KudusoError('UPSTREAM_UNAVAILABLE', { message: `No engine ${contract.bindings.engine}.` });
    const result = await engine.solve(contract, checked.value, {
      signal: AbortSignal.timeout(contract.manifest.timeout_sec * 1000),
      maxResults: contract.manifest.max_results,
      jobId: 'cli',
      correlationId: 'cli',
      log: createLogger('solve', process.env.LOG_LEVEL ?? 'warn'),
    });
    const valid = contract.validateOutputs(result.outputs);
    if (!valid.ok) throw new KudusoError('INVALID_ENGINE_OUTPUT', { errors: valid.errors });
    const files = result.files ?? [];
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
    return e.status === 422 ? 3 : 1;
  } finally {
    await Promise.all([...engines.values()].map((en) => en.close?.()));
  }
}
