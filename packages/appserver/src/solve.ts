// One solve, independent of HTTP: contract lookup, input validation, manifest limits, a seat, the engine under
// its timeout, output validation, artifacts. Every step fails with a catalogue error (see errors in README).
import type { BlobStore } from '@kuduso/blob';
import { countPositions, enforceMaxPayload, enforceMaxVertices, KudusoError } from '@kuduso/core';
import type { Logger } from '@kuduso/core/node';
import { type StoredArtifactRef, storeArtifacts } from './artifacts.ts';
import type { Binding } from './bindings.ts';
import { toEngineError } from './engines/solver-errors.ts';
import type { EngineResult } from './engines/types.ts';
import type { Lane, Seats } from './seats.ts';

export interface SolveDeps {
  bindings: Map<string, Binding>;
  blobStore: BlobStore;
  seats: Seats;
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
}

export interface SolveResponse {
  outputs: Record<string, unknown>;
  artifacts: StoredArtifactRef[];
}

/** Rejects with the signal's reason when it fires; never settles otherwise. */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** The contract's validation; input the validator cannot even walk (a stack overflow) is a 400 too. */
function validateInputs(contract: Binding['contract'], body: unknown) {
  try {
    return contract.validateInputs(body);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return {
      ok: false as const,
      errors: [{ code: 'INVALID', message: 'The inputs are nested too deeply to validate.', field: '' }],
    };
  }
}

export async function solve(deps: SolveDeps, req: SolveRequest): Promise<SolveResponse> {
  const id = `${req.definition}@${req.version}`;
  const binding = deps.bindings.get(id);
  if (!binding) {
    throw new KudusoError('UNKNOWN_DEFINITION', {
      message: `No definition ${id}.`,
      hint: 'GET /definitions lists what this AppServer runs.',
    });
  }
  const { contract, engine } = binding;
  enforceMaxPayload(contract, req.bodyBytes);

  const checked = validateInputs(contract, req.body);
  if (!checked.ok) {
    const first = checked.errors[0];
    throw new KudusoError('VALIDATION_FAILED', {
      message: first?.message,
      field: first?.field,
      hint: first?.hint,
      errors: checked.errors,
    });
  }
  const inputs = checked.value;
  // Limits before availability: a request that can never run is refused for good (422), not retried (503).
  enforceMaxVertices(contract, engine?.countVertices?.(contract, inputs) ?? countPositions(inputs));
  if (!binding.available || !engine) {
    throw new KudusoError('UPSTREAM_UNAVAILABLE', {
      message: `${id} cannot run on this AppServer: ${binding.reason ?? 'its engine is unavailable'}.`,
    });
  }

  const lane = req.lane ?? 'batch';
  const release = deps.seats.tryTake(lane);
  if (!release) {
    throw new KudusoError('NO_FREE_SEAT', {
      message: `All ${deps.seats.total(lane)} seats are busy; retry later.`,
      retryAfterSec: deps.retryAfterSec ?? 1,
    });
  }
  const log = req.log;
  if (req.trace) req.trace.seats_in_use = deps.seats.inUse();

  const timeoutMs = contract.manifest.timeout_sec * 1000;
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(
      new KudusoError('ENGINE_TIMEOUT', {
        message: `${id} did not finish within ${contract.manifest.timeout_sec} s (manifest timeout_sec).`,
        hint: 'The same inputs take as long on every attempt: reduce the work (fewer rotations or vertices).',
      }),
    );
  }, timeoutMs);
  const onShutdown = () => controller.abort(deps.shutdown?.reason);
  deps.shutdown?.addEventListener('abort', onShutdown, { once: true });
  if (deps.shutdown?.aborted) onShutdown();

  let result: EngineResult;
  try {
    // Through a promise so that an engine throwing synchronously still releases its seat below.
    const running = Promise.resolve().then(() =>
      engine.solve(contract, inputs, {
        signal: controller.signal,
        maxResults: contract.manifest.max_results,
        jobId: req.jobId,
        correlationId: req.correlationId,
        tenantId: req.tenantId,
        log,
      }),
    );
    // The seat comes back only when the engine has really settled, even if we already answered 504.
    running
      .catch(() => {})
      .finally(() => {
        clearTimeout(timer);
        deps.shutdown?.removeEventListener('abort', onShutdown);
        release();
        if (controller.signal.aborted) log.debug('engine settled after its abort signal; seat released');
      });
    // Answer at the timeout even if an engine is slow to honour its signal; it keeps its seat until it stops.
    result = await Promise.race([running, whenAborted(controller.signal)]);
  } catch (e) {
    if (controller.signal.aborted) throw controller.signal.reason;
    throw toEngineError(e);
  }
  return finish(deps, req, contract, result);
}

async function finish(
  deps: SolveDeps,
  req: SolveRequest,
  contract: Binding['contract'],
  result: EngineResult,
): Promise<SolveResponse> {
  const raw = result.outputs;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    // URLs are minted by the public API when a result is read; the stored outputs carry none.
    if ('artifacts' in raw || 'artifacts' in ((contract.outputsSchema.properties as object) ?? {})) {
      raw.artifacts = [];
    }
    const max = contract.manifest.max_results;
    if (typeof max === 'number' && Array.isArray(raw.results) && raw.results.length > max) {
      req.log.warn(
        { returned: raw.results.length, max_results: max },
        'engine returned too many results; truncated',
      );
      raw.results = raw.results.slice(0, max);
    }
  }
  const checked = contract.validateOutputs(raw);
  if (!checked.ok) {
    req.log.error({ errors: checked.errors }, 'engine outputs break the contract');
    throw new KudusoError('INVALID_ENGINE_OUTPUT', { errors: checked.errors });
  }
  const artifacts = await storeArtifacts(deps.blobStore, req.jobId, result.files ?? []);
  return { outputs: checked.value, artifacts };
}
