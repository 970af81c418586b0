// The engines of one AppServer, by name (what contracts put in bindings.engine).
import type { Config } from '@kuduso/core';
import { type BuiltinEngineOptions, createBuiltinEngine } from './builtin.ts';
import { createMockEngine, type MockEngineOptions } from './mock.ts';
import type { Engine, Engines } from './types.ts';
import { createUnavailableEngine } from './unavailable.ts';

export type { ArtifactBuilder, BuiltinSolver, SolverFn, SolverOptions } from './builtin-solvers.ts';
export * from './types.ts';
export { createBuiltinEngine, createMockEngine, createUnavailableEngine };

export interface CreateEnginesOptions {
  builtin?: BuiltinEngineOptions;
  mock?: MockEngineOptions;
  /** Further engines (replacing a default one of the same name). */
  extra?: Engine[];
}

/**
 * builtin + mock, and grasshopper as "unavailable" while USE_COMPUTE is off. With USE_COMPUTE on, a grasshopper
 * contract stops start-up until the Rhino.Compute engine exists (a later issue) rather than fail every job.
 */
export function createEngines(
  config: Pick<Config, 'useCompute'>,
  options: CreateEnginesOptions = {},
): Engines {
  const engines: Engines = new Map();
  const add = (e: Engine) => engines.set(e.name, e);
  add(createBuiltinEngine(options.builtin));
  // Only contracts that name it can reach the mock (the test fixtures); production contracts never do.
  add(createMockEngine(options.mock));
  if (!config.useCompute) {
    add(createUnavailableEngine('grasshopper', 'Rhino.Compute is off (USE_COMPUTE=false)'));
  }
  for (const e of options.extra ?? []) add(e);
  return engines;
}
