// Which engine serves each contract, decided once at start-up. A contract whose engine is not registered (or
// refuses it) stops the AppServer with every problem listed: better than failing each of its jobs later.
import type { Contract, ContractRegistry } from '@kuduso/core';
import type { Engine, Engines } from './engines/types.ts';

export interface Binding {
  contract: Contract;
  /** The engine's name (after ENGINE_OVERRIDES). */
  engineName: string;
  engine?: Engine;
  available: boolean;
  /** Why it cannot run, when it cannot. */
  reason?: string;
}

export class EngineBindingError extends Error {
  override name = 'EngineBindingError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`the AppServer cannot serve these contracts:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

/** The engine a contract runs on: ENGINE_OVERRIDES first, else its bindings.engine. */
export function engineNameFor(contract: Contract, overrides: Record<string, string> = {}): string {
  return overrides[contract.id] ?? contract.bindings.engine;
}

export function bindContracts(
  registry: ContractRegistry,
  engines: Engines,
  overrides: Record<string, string> = {},
): Map<string, Binding> {
  const out = new Map<string, Binding>();
  const problems: string[] = [];
  for (const id of Object.keys(overrides)) {
    if (!registry.list().some((c) => c.id === id))
      problems.push(`ENGINE_OVERRIDES names ${id}, which is not loaded`);
  }
  for (const contract of registry.list()) {
    const name = engineNameFor(contract, overrides);
    const engine = engines.get(name);
    if (!engine) {
      problems.push(
        `${contract.id}: engine ${JSON.stringify(name)} is not registered (registered: ${[...engines.keys()].join(', ')})`,
      );
      continue;
    }
    const support = engine.supports(contract);
    if (support.status === 'refuse') problems.push(support.reason);
    else if (support.status === 'unavailable')
      out.set(contract.id, { contract, engineName: name, engine, available: false, reason: support.reason });
    else out.set(contract.id, { contract, engineName: name, engine, available: true });
  }
  if (problems.length) throw new EngineBindingError(problems);
  return out;
}
