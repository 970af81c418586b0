// The builtin engine's solvers, by bindings.entry. Loaded both in the main thread (to know what this build
// offers) and in solver threads (to run them).
import { buildArtifacts, buildPlanArtifacts, solveSitefitV1, solveSitefitV2 } from '@kuduso/sitefit';
import type { ArtifactFile } from './types.ts';

export interface SolverOptions {
  maxResults?: number;
  signal: AbortSignal;
  now: Date;
}

export type SolverFn = (
  inputs: Record<string, unknown>,
  options: SolverOptions,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

export type ArtifactBuilder = (
  definitionVersion: string,
  inputs: Record<string, unknown>,
  outputs: Record<string, unknown>,
) => ArtifactFile[] | Promise<ArtifactFile[]>;

export interface BuiltinSolver {
  solve: SolverFn;
  /** Files for a result (none without it). */
  artifacts?: ArtifactBuilder;
}

const sitefitArtifacts: ArtifactBuilder = (dv, inputs, outputs) => [
  ...buildArtifacts(dv, inputs, outputs),
  ...buildPlanArtifacts(dv, inputs, outputs),
];

/** The builtin solvers, by bindings.entry. */
export const BUILTIN_SOLVERS: Readonly<Record<string, BuiltinSolver>> = {
  sitefit: { solve: solveSitefitV1 as unknown as SolverFn, artifacts: sitefitArtifacts },
  'sitefit-v2': { solve: solveSitefitV2 as unknown as SolverFn, artifacts: sitefitArtifacts },
};

/** The solver behind a builtin entry; undefined for an unknown entry. */
export function sitefitSolver(entry: string): BuiltinSolver | undefined {
  return BUILTIN_SOLVERS[entry];
}

/** Runs a solver and builds its files. Errors are thrown as the solver threw them (see ./errors.ts). */
export async function runSolver(
  solver: BuiltinSolver,
  definitionVersion: string,
  inputs: Record<string, unknown>,
  options: SolverOptions,
): Promise<{ outputs: Record<string, unknown>; files: ArtifactFile[] }> {
  const outputs = await solver.solve(inputs, options);
  // Files must show what the reply carries: trim to max_results before drawing them.
  const max = options.maxResults;
  if (max !== undefined && Array.isArray(outputs?.results) && outputs.results.length > max) {
    outputs.results = outputs.results.slice(0, max);
  }
  const files = solver.artifacts ? await solver.artifacts(definitionVersion, inputs, outputs) : [];
  return { outputs, files };
}

/** The solver-thread module interface (see solver-thread.ts). */
export const solverFor = sitefitSolver;
