// A definition module: what a definition's own package gives the generic roles. Every part is optional but
// `entry`; an engine other than builtin (grasshopper) still uses precheck, summary, artifacts and preview.
import type { ArtifactFile } from '../engines/types.ts';

export interface DefinitionSolveOptions {
  /** The manifest's max_results (a hint: the pipeline caps the results once, after the engine). */
  maxResults?: number;
  signal: AbortSignal;
  now: Date;
}

type Json = Record<string, unknown>;

export interface DefinitionModule {
  /** `definition@version`, e.g. `mydef@1.0.0`: the contract it serves. */
  entry: string;
  /** The builtin engine's computation: validated inputs (defaults filled) -> contract outputs. */
  solve?(inputs: Json, options: DefinitionSolveOptions): Json | Promise<Json>;
  /**
   * Cheap domain rules the API runs before queueing, with the contract's manifest (its limits); throws an error
   * `isDomainError` recognises (one that also names `{limit, max, actual}` becomes 422 MANIFEST_LIMIT).
   */
  precheck?(inputs: Json, ctx?: { manifest: Readonly<Record<string, unknown>> }): void;
  /** Files for a result, built from the capped outputs (stored by the AppServer, written by `kuduso solve`). */
  artifacts?(inputs: Json, outputs: Json): ArtifactFile[] | Promise<ArtifactFile[]>;
  /** What the database keeps next to the outputs (result.score). */
  summary?(outputs: Json): { score: number | null };
  /**
   * The preview lane's evaluation: `request` is the preview body (its `inputs` validated as `inputs`); stop
   * when the signal fires (the lane's tight timeout), the seat is held until it settles.
   */
  preview?(inputs: Json, request: Json, ctx: { signal: AbortSignal }): unknown;
  /** Whether a thrown error is the definition's "these inputs cannot work" (422), not an engine fault. */
  isDomainError?(e: unknown): boolean;
}
