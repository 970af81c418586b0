// The builtin engine: TypeScript solvers chosen by bindings.entry. The real ones (@kuduso/sitefit) run in
// solver threads so a timeout can stop them for real; solvers injected by tests run inline, on the signal.
import type { Contract } from '@kuduso/core';
import { BUILTIN_SOLVERS, type BuiltinSolver, runSolver, sitefitSolver } from './builtin-solvers.ts';
import { solverFailureToError, toEngineError } from './solver-errors.ts';
import { SolverPool } from './solver-pool.ts';
import type { Engine, EngineResult, EngineSupport, SolveContext } from './types.ts';

/** A manifest without max_results sets no cap; sitefit's solvers expect a number either way. */
const NO_CAP = Number.MAX_SAFE_INTEGER;

export interface BuiltinEngineOptions {
  /** Extra or replacement solvers by entry, run in the calling thread (tests, embedding). */
  solvers?: Record<string, BuiltinSolver>;
  /** Entries served in solver threads by another module exporting solverFor(entry) (tests). */
  threadSolvers?: { module: URL; entries: string[] };
  /** Where solver-thread crashes are reported when no solve is running. */
  log?: SolveContext['log'];
  /** Warm solver threads kept between solves. */
  maxIdleThreads?: number;
  /** Heap cap per solver thread in MiB (default 1024). */
  threadHeapMb?: number;
}

export function createBuiltinEngine(options: BuiltinEngineOptions = {}): Engine {
  const injected = options.solvers ?? {};
  const threadEntries = new Set(options.threadSolvers?.entries ?? []);
  let pool: SolverPool | undefined;
  const newPool = (log?: SolveContext['log']) =>
    new SolverPool({
      maxIdle: options.maxIdleThreads,
      threadHeapMb: options.threadHeapMb,
      solversModule: options.threadSolvers?.module,
      onThreadError: (err) => log?.error({ err }, 'solver thread error'),
    });

  return {
    name: 'builtin',
    supports(contract: Contract): EngineSupport {
      const entry = contract.bindings.entry;
      if (!entry)
        return { status: 'refuse', reason: `${contract.id}: bindings.entry is required for engine builtin` };
      if (injected[entry] || threadEntries.has(entry) || sitefitSolver(entry)) return { status: 'available' };
      const known = [
        ...new Set([...Object.keys(BUILTIN_SOLVERS), ...Object.keys(injected), ...threadEntries]),
      ];
      return {
        status: 'refuse',
        reason: `${contract.id}: unknown builtin entry ${entry} (known: ${known.join(', ')})`,
      };
    },
    async solve(contract: Contract, inputs, ctx: SolveContext): Promise<EngineResult> {
      const entry = contract.bindings.entry!;
      const now = new Date();
      const inline = injected[entry];
      if (inline) {
        try {
          return await runSolver(inline, contract.id, inputs, {
            maxResults: ctx.maxResults ?? NO_CAP,
            signal: ctx.signal,
            now,
          });
        } catch (e) {
          throw ctx.signal.aborted ? ctx.signal.reason : toEngineError(e);
        }
      }
      pool ??= newPool(options.log ?? ctx.log);
      const reply = await pool.run(
        {
          entry,
          definitionVersion: contract.id,
          inputs,
          maxResults: ctx.maxResults ?? NO_CAP,
          now: now.toISOString(),
        },
        ctx.signal,
      );
      if (reply.ok) return { outputs: reply.outputs, files: reply.files };
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
