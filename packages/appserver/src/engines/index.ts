// The engines of one AppServer, by name (what contracts put in bindings.engine).
import type { Config, Contract } from '@kuduso/core';
import { type BuiltinEngineOptions, createBuiltinEngine } from './builtin.ts';
import { createMockEngine, type MockEngineOptions } from './mock.ts';
import type { Engine, Engines } from './types.ts';
import { createUnavailableEngine } from './unavailable.ts';

export * from './types.ts';
export type { BuiltinEngineOptions, MockEngineOptions };
export { createBuiltinEngine, createMockEngine, createUnavailableEngine };

export interface CreateEnginesOptions {
  builtin?: BuiltinEngineOptions;
  /** The mock engine: registered when a loaded contract names it (test fixtures) or when this is set. */
  mock?: MockEngineOptions | boolean;
  /** The contracts this process serves (decides whether the mock is registered). */
  contracts?: Contract[];
  /** Further engines (replacing a default one of the same name), e.g. grasshopper. */
  extra?: Engine[];
}

/** builtin, mock only where test contracts need it, grasshopper "unavailable" unless one is given in extra. */
export function createEngines(
  config: Pick<Config, 'useCompute'>,
  options: CreateEnginesOptions = {},
): Engines {
  const engines: Engines = new Map();
  const add = (e: Engine) => engines.set(e.name, e);
  add(createBuiltinEngine(options.builtin));
  const wantsMock =
    options.mock !== undefined && options.mock !== false
      ? true
      : (options.contracts ?? []).some((c) => c.bindings.engine === 'mock');
  if (wantsMock) add(createMockEngine(typeof options.mock === 'object' ? options.mock : {}));
  if (!config.useCompute) {
    add(createUnavailableEngine('grasshopper', 'Rhino.Compute is off (USE_COMPUTE=false)'));
  }
  for (const e of options.extra ?? []) add(e);
  return engines;
}
