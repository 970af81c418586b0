// The builtin engine: TypeScript definitions (definition modules, see ../definitions). Modules loaded from a
// contract's bindings.module run in solver threads so a timeout can stop them for real; modules given
// directly (tests, embedding) run inline, on the signal.
import type { Contract } from '@kuduso/core';
import type { Definitions } from '../definitions/load.ts';
import { solverFailureToError, toEngineError } from './solver-errors.ts';
import { SolverPool } from './solver-pool.ts';
import type { Engine, EngineResult, EngineSupport, SolveContext } from './types.ts';

export interface BuiltinEngineOptions {
  /** The definition modules by entry (Definitions.load). */
  definitions?: Definitions;
  /** Entries (bindings.entry) served in solver threads by another module exporting solverFor(entry) (tests). */
  threadSolvers?: { module: URL; entries: string[] };
  /** Where solver-thread crashes are reported when no solve is running. */
  log?: SolveContext['log'];
  /** Warm solver threads kept between solves. */
  maxIdleThreads?: number;
  /** Heap cap per solver thread in MiB (default 1024). */
  threadHeapMb?: number;
}

export function createBuiltinEngine(options: BuiltinEngineOptions = {}): Engine {
  const threadEntries = new Set(options.threadSolvers?.entries ?? []);
  let pool: SolverPool | undefined;
  const newPool = (log?: SolveContext['log']) =>
    new SolverPool({
      maxIdle: options.maxIdleThreads,
      threadHeapMb: options.threadHeapMb,
      onThreadError: (err) => log?.error({ err }, 'solver thread error'),
    });

  /** Where a contract's solve runs: a thread loading `moduleUrl`, or inline. */
  function route(contract: Contract) {
    const entry = contract.bindings.entry;
    if (entry && threadEntries.has(entry) && options.threadSolvers)
      return { kind: 'thread' as const, moduleUrl: options.threadSolvers.module.href, entry };
    const definition = options.definitions?.get(contract.id);
    if (!definition?.solve) return undefined;
    const url = options.definitions?.urlOf(contract.id);
    return url
      ? { kind: 'thread' as const, moduleUrl: url, entry: contract.id }
      : { kind: 'inline' as const, definition };
  }

  return {
    name: 'builtin',
    supports(contract: Contract): EngineSupport {
      if (route(contract)) return { status: 'available' };
      if (contract.bindings.entry && !contract.bindings.module) {
        return {
          status: 'refuse',
          reason: `${contract.id}: unknown builtin entry ${contract.bindings.entry} (and no bindings.module names a definition module)`,
        };
      }
      return {
        status: 'refuse',
        reason: `${contract.id}: no builtin solve (bindings.module ${JSON.stringify(contract.bindings.module ?? null)}; loaded: ${options.definitions?.ids().join(', ') || 'none'})`,
      };
    },
    async solve(contract: Contract, inputs, ctx: SolveContext): Promise<EngineResult> {
      const r = route(contract);
      if (!r) throw new Error(`${contract.id} has no builtin solve`);
      const now = new Date();
      if (r.kind === 'inline') {
        try {
          const outputs = await r.definition.solve!(inputs, {
            maxResults: ctx.maxResults,
            signal: ctx.signal,
            now,
          });
          return { outputs };
        } catch (e) {
          throw ctx.signal.aborted ? ctx.signal.reason : toEngineError(e, r.definition.isDomainError);
        }
      }
      pool ??= newPool(options.log ?? ctx.log);
      const reply = await pool.run(
        {
          moduleUrl: r.moduleUrl,
          entry: r.entry,
          inputs,
          maxResults: ctx.maxResults,
          now: now.toISOString(),
        },
        ctx.signal,
      );
      if (reply.ok) return { outputs: reply.outputs };
      if (reply.failure.kind === 'failed') ctx.log.error({ failure: reply.failure.message }, 'solver failed');
      throw solverFailureToError(reply.failure);
    },
    warm() {
      pool ??= newPool(options.log);
      pool.warm(1);
    },
    async close() {
      await pool?.close();
    },
  };
}
