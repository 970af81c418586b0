// One solve behind the AppServer's route: the contract and engine bound at start-up, a seat in the request's
// lane, the contract pipeline (./pipeline.ts), then the files stored in the blob store.
import type { BlobStore } from '@kuduso/blob';
import { KudusoError } from '@kuduso/core';
import type { Logger } from '@kuduso/core/node';
import { type StoredArtifactRef, storeArtifacts } from './artifacts.ts';
import type { Binding } from './bindings.ts';
import type { Definitions } from './definitions/load.ts';
import { runContract } from './pipeline.ts';
import type { Lane, Seats } from './seats.ts';

export interface SolveDeps {
  bindings: Map<string, Binding>;
  blobStore: BlobStore;
  seats: Seats;
  definitions?: Definitions;
  /** Fires when the AppServer shuts down: running solves stop and answer 503 (the worker retries). */
  shutdown?: AbortSignal;
  /** Seconds a 429 asks the caller to wait. */
  retryAfterSec?: number;
}

export interface SolveRequest {
  definition: string;
  version: string;
  body: unknown;
  /** Size of the raw body, for manifest.max_payload_bytes. */
  bodyBytes?: number;
  jobId: string;
  correlationId: string;
  tenantId?: string;
  lane?: Lane;
  log: Logger;
  /** Filled in as the solve goes, for the caller's log line. */
  trace?: { seats_in_use?: number };
  /** The caller went away (its connection closed): the engine is aborted. */
  signal?: AbortSignal;
}

export interface SolveResponse {
  outputs: Record<string, unknown>;
  artifacts: StoredArtifactRef[];
}

export function bindingFor(deps: Pick<SolveDeps, 'bindings'>, definition: string, version: string): Binding {
  const id = `${definition}@${version}`;
  const binding = deps.bindings.get(id);
  if (!binding) {
    throw new KudusoError('UNKNOWN_DEFINITION', {
      message: `No definition ${id}.`,
      hint: 'GET /definitions lists what this AppServer runs.',
    });
  }
  return binding;
}

/** A seat in `lane` or 429 NO_FREE_SEAT. */
export function seatTaker(
  deps: Pick<SolveDeps, 'seats' | 'retryAfterSec'>,
  lane: Lane,
  trace?: { seats_in_use?: number },
) {
  return () => {
    const release = deps.seats.tryTake(lane);
    if (!release) {
      throw new KudusoError('NO_FREE_SEAT', {
        message: `All ${deps.seats.total(lane)} ${lane} seats are busy; retry later.`,
        retryAfterSec: deps.retryAfterSec ?? 1,
      });
    }
    if (trace) trace.seats_in_use = deps.seats.inUse();
    return release;
  };
}

/** AbortSignal.any without listeners left behind on long-lived signals. */
export function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length <= 1 ? present[0] : AbortSignal.any(present);
}

export async function solve(deps: SolveDeps, req: SolveRequest): Promise<SolveResponse> {
  const binding = bindingFor(deps, req.definition, req.version);
  const { contract } = binding;
  const result = await runContract({
    contract,
    engine: binding.engine,
    available: binding.available,
    unavailableReason: binding.reason,
    definition: deps.definitions?.get(contract.id),
    inputs: req.body,
    bodyBytes: req.bodyBytes,
    jobId: req.jobId,
    correlationId: req.correlationId,
    tenantId: req.tenantId,
    log: req.log,
    signal: anySignal([deps.shutdown, req.signal]),
    takeSeat: seatTaker(deps, req.lane ?? 'batch', req.trace),
  });
  const artifacts = await storeArtifacts(deps.blobStore, req.jobId, result.files);
  return { outputs: result.outputs, artifacts };
}
