// Reads contracts/{definition}/{version}/ folders from disk. The only file I/O of @kuduso/core, kept apart
// from the pure registry so tests and other hosts can build a registry from objects.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ContractError,
  type ContractFiles,
  ContractRegistry,
  type InvalidExample,
  type ValidExample,
} from '../contracts.ts';

/** The repository's contracts/ folder. */
export const DEFAULT_CONTRACTS_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../contracts',
);

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ContractError(`${path}: ${(e as Error).message}`);
  }
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

export function readContractDir(dir: string, definition: string, version: string): ContractFiles {
  const need = (name: string) => {
    const p = join(dir, name);
    if (!existsSync(p)) throw new ContractError(`${definition}@${version}: ${name} is missing in ${dir}`);
    return readJson(p);
  };
  const valid: ValidExample[] = jsonFiles(join(dir, 'examples/valid')).map((f) => ({
    name: f,
    inputs: readJson(join(dir, 'examples/valid', f)),
  }));
  const invalid: InvalidExample[] = jsonFiles(join(dir, 'examples/invalid')).map((f) => {
    const ex = readJson(join(dir, 'examples/invalid', f)) as Partial<InvalidExample>;
    if (typeof ex.field !== 'string' || !('inputs' in ex)) {
      throw new ContractError(`${dir}/examples/invalid/${f}: needs "field" (JSON pointer) and "inputs"`);
    }
    return { name: f, description: ex.description, field: ex.field, inputs: ex.inputs };
  });
  return {
    definition,
    version,
    inputsSchema: need('inputs.schema.json') as Record<string, unknown>,
    outputsSchema: need('outputs.schema.json') as Record<string, unknown>,
    manifest: need('manifest.json') as ContractFiles['manifest'],
    bindings: need('bindings.json') as ContractFiles['bindings'],
    plugins: existsSync(join(dir, 'plugins.json')) ? readJson(join(dir, 'plugins.json')) : { plugins: [] },
    examples: { valid, invalid },
    dir,
  };
}

/** Every {definition}/{version} under each root; a malformed contract stops start-up with a ContractError. */
export function readContracts(roots: string[]): ContractFiles[] {
  const out: ContractFiles[] = [];
  for (const root of roots) {
    if (!existsSync(root)) throw new ContractError(`contracts folder ${root} does not exist`);
    for (const definition of readdirSync(root).sort()) {
      const defDir = join(root, definition);
      if (!statSync(defDir).isDirectory()) continue;
      for (const version of readdirSync(defDir).sort()) {
        const dir = join(defDir, version);
        if (statSync(dir).isDirectory()) out.push(readContractDir(dir, definition, version));
      }
    }
  }
  return out;
}

export function loadRegistry(roots: string[] = [DEFAULT_CONTRACTS_DIR]): ContractRegistry {
  return ContractRegistry.fromFiles(readContracts(roots));
}
