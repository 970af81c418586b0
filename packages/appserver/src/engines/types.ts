// What an engine is to the AppServer: something that turns validated inputs into contract outputs (and files),
// stops when its signal fires, and says up front whether it can run a given contract at all.
import type { Contract } from '@kuduso/core';
import type { Logger } from '@kuduso/core/node';

/** A file an engine produced; the AppServer stores it as `jobs/{job_id}/{filename}`. */
export interface ArtifactFile {
  kind: string;
  label: string;
  filename: string;
  contentType: string;
  body: Uint8Array;
}

export interface SolveContext {
  /** Fires at the manifest's timeout_sec (or when the AppServer shuts down): stop working and reject. */
  signal: AbortSignal;
  /** The manifest's max_results, when it has one. */
  maxResults?: number;
  /** The job this solve belongs to (x-job-id), or a generated run id. */
  jobId: string;
  correlationId: string;
  tenantId?: string;
  log: Logger;
}

export interface EngineResult {
  outputs: Record<string, unknown>;
  files?: ArtifactFile[];
}

/**
 * Whether an engine can run a contract. `refuse` stops start-up (a configuration mistake); `unavailable` keeps
 * the contract listed but answers 503 for it (e.g. grasshopper while USE_COMPUTE is off).
 */
export type EngineSupport =
  | { status: 'available' }
  | { status: 'unavailable'; reason: string }
  | { status: 'refuse'; reason: string };

export interface Engine {
  readonly name: string;
  supports(contract: Contract): EngineSupport;
  /**
   * Geometry size checked against manifest.max_vertices, with the field to blame. Engines that know their
   * inputs better than "count every coordinate position" override it (the mock has a pretend size).
   */
  countVertices?(contract: Contract, inputs: Record<string, unknown>): { count: number; field?: string };
  /** Must reject once `ctx.signal` has fired, and only settle when its work has really stopped. */
  solve(contract: Contract, inputs: Record<string, unknown>, ctx: SolveContext): Promise<EngineResult>;
  /** Gets ready ahead of the first solve (e.g. starts a solver thread); called by startAppServer. */
  warm?(): void;
  /** Start-up work with the contracts bound to it (grasshopper: discovery); startAppServer awaits it. */
  start?(contracts: Contract[]): Promise<void>;
  /** Readiness beyond "loaded" (grasshopper: a real probe solve, cached); reported by /readyz. */
  readiness?(): Promise<{ ok: boolean }>;
  /** Why a contract cannot run on this engine right now (undefined or empty: it can). */
  problemsOf?(id: string): string[] | undefined;
  /** Releases threads or connections; called when the AppServer closes. */
  close?(): Promise<void>;
}

export type Engines = Map<string, Engine>;
