// Definition modules by entry, loaded from what each contract names in bindings.module: a package export
// (`@kuduso/<name>/definitions`) or a file next to the contract (`./definition.ts`). The module exports
// `definitions` (an array) or `definition`; the one whose entry is the contract's id serves it.
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Contract } from '@kuduso/core';
import type { DefinitionModule } from './types.ts';

export class DefinitionLoadError extends Error {
  override name = 'DefinitionLoadError';
}

/** The module's URL for a contract, or undefined when its bindings name none. */
export function definitionModuleUrl(contract: Contract): string | undefined {
  const spec = contract.bindings.module;
  if (typeof spec !== 'string' || spec === '') return undefined;
  if (spec.startsWith('.') || isAbsolute(spec)) {
    if (!contract.dir && !isAbsolute(spec)) {
      throw new DefinitionLoadError(
        `${contract.id}: bindings.module ${spec} is relative but the contract has no folder`,
      );
    }
    return pathToFileURL(resolve(contract.dir ?? '/', spec)).href;
  }
  try {
    return import.meta.resolve(spec);
  } catch (e) {
    throw new DefinitionLoadError(
      `${contract.id}: bindings.module ${spec} cannot be resolved (${(e as Error).message})`,
    );
  }
}

/** Finds the module for `entry` among a module namespace's exports. */
export function pickDefinition(ns: Record<string, unknown>, entry: string): DefinitionModule | undefined {
  const list = [...(Array.isArray(ns.definitions) ? ns.definitions : []), ns.definition, ns.default] as (
    | DefinitionModule
    | undefined
  )[];
  return list.find((d) => d !== null && typeof d === 'object' && d.entry === entry);
}

export class Definitions {
  readonly #byId = new Map<string, { module: DefinitionModule; url?: string }>();

  /** Modules given directly (tests, embedding); they win over what contracts name. */
  static of(modules: DefinitionModule[]): Definitions {
    const d = new Definitions();
    for (const m of modules) d.#byId.set(m.entry, { module: m });
    return d;
  }

  /** Loads the module of every contract that names one; every problem is listed in one error. */
  static async load(contracts: Contract[], extra: DefinitionModule[] = []): Promise<Definitions> {
    const d = Definitions.of(extra);
    const problems: string[] = [];
    for (const c of contracts) {
      if (d.#byId.has(c.id)) continue;
      try {
        const url = definitionModuleUrl(c);
        if (!url) continue;
        const ns = (await import(url)) as Record<string, unknown>;
        const module = pickDefinition(ns, c.id);
        if (!module)
          throw new DefinitionLoadError(
            `${c.id}: ${c.bindings.module} exports no definition with entry ${c.id}`,
          );
        d.#byId.set(c.id, { module, url });
      } catch (e) {
        problems.push(e instanceof DefinitionLoadError ? e.message : `${c.id}: ${(e as Error).message}`);
      }
    }
    if (problems.length) throw new DefinitionLoadError(`definition modules:\n  - ${problems.join('\n  - ')}`);
    return d;
  }

  /** A copy where `modules` replace the ones of the same entry (run inline: they have no URL). */
  with(modules: DefinitionModule[]): Definitions {
    const d = new Definitions();
    for (const [k, v] of this.#byId) d.#byId.set(k, v);
    for (const m of modules) d.#byId.set(m.entry, { module: m });
    return d;
  }

  get(id: string): DefinitionModule | undefined {
    return this.#byId.get(id)?.module;
  }

  /** Where the module came from, for solver threads that load it themselves; undefined for given modules. */
  urlOf(id: string): string | undefined {
    return this.#byId.get(id)?.url;
  }

  ids(): string[] {
    return [...this.#byId.keys()];
  }
}

/** The score the database keeps for a result: the definition's summary, else none. */
export function scoreOf(
  definitions: Definitions,
  id: string,
  outputs: Record<string, unknown>,
): number | null {
  const score = definitions.get(id)?.summary?.(outputs).score;
  return typeof score === 'number' && Number.isFinite(score) ? score : null;
}
