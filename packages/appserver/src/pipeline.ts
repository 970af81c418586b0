// runContract(): the one contract pipeline, used by the AppServer's solve and preview routes and by
// `kuduso solve`. Payload limit, inputs validated with defaults filled, vertex limit, availability, a seat
// (when the caller has seats), the engine under its timeout and the caller's signal, outputs capped once and
// validated, artifacts built by the definition module. Every step fails with a catalogue error.
import {
  type Contract,
  countPositions,
  enforceMaxPayload,
  enforceMaxVertices,
  KudusoError,
  validationFailed,
} from '@kuduso/core';
import type { Logger } from '@kuduso/core/node';
import type { DefinitionModule } from './definitions/types.ts';
import { toEngineError } from './engines/solver-errors.ts';
import type { ArtifactFile, Engine } from './engines/types.ts';
import type { ReleaseSeat } from './seats.ts';

export interface ContractRun {
  contract: Contract;
  /** Undefined, or `available: false`, answers 503 once the inputs are known to be acceptable. */
  engine?: Engine;
  available?: boolean;
  unavailableReason?: string;
  definition?: DefinitionModule;
  /** The contract's inputs as received. */
  inputs: unknown;
  /** Size of the raw body, for manifest.max_payload_bytes. */
  bodyBytes?: number;
  jobId: string;
  correlationId: string;
  tenantId?: string;
  log: Logger;
  /** The caller's own stop (AppServer shutdown, a cancelled job): the engine is aborted with its reason. */
  signal?: AbortSignal;
  /** Defaults to manifest.timeout_sec. */
  timeoutMs?: number;
  /** Takes a seat or throws (429); the seat is held until the engine has really settled. */
  takeSeat?: () => ReleaseSeat;
  /** Preview: the definition's preview(inputs, request) replaces the engine; outputs are its answer as is. */
  preview?: Record<string, unknown>;
  /** Skip building artifacts (previews, callers that do not store them). */
  skipArtifacts?: boolean;
}

export interface ContractRunResult {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  files: ArtifactFile[];
}

/** Rejects with the signal's reason when it fires; never settles otherwise. */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** The contract's validation; input the validator cannot even walk (a stack overflow) is a 400 too. */
export function validateContractInputs(
  contract: Contract,
  raw: unknown,
  prefix = '',
): Record<string, unknown> {
  let checked: ReturnType<Contract['validateInputs']>;
  try {
    checked = contract.validateInputs(raw, prefix);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    checked = {
      ok: false,
      errors: [{ code: 'INVALID', message: 'The inputs are nested too deeply to validate.', field: '' }],
    };
  }
  if (!checked.ok) throw validationFailed(checked.errors);
  return checked.value;
}

/** Trims results to manifest.max_results: the one place results are capped. */
export function capResults(contract: Contract, outputs: Record<string, unknown>, log?: Logger): void {
  const max = contract.manifest.max_results;
  if (typeof max === 'number' && Array.isArray(outputs.results) && outputs.results.length > max) {
    log?.warn(
      { returned: outputs.results.length, max_results: max },
      'engine returned too many results; truncated',
    );
    outputs.results = outputs.results.slice(0, max);
  }
}

function checkOutputs(run: ContractRun, raw: unknown): Record<string, unknown> {
  const { contract } = run;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new KudusoError('INVALID_ENGINE_OUTPUT', { message: 'The engine returned no outputs object.' });
  }
  const outputs = raw as Record<string, unknown>;
  // URLs are minted by the public API when a result is read; the stored outputs carry none.
  if ('artifacts' in outputs || 'artifacts' in ((contract.outputsSchema.properties as object) ?? {})) {
    outputs.artifacts = [];
  }
  capResults(contract, outputs, run.log);
  const checked = contract.validateOutputs(outputs);
  if (!checked.ok) {
    run.log.error({ errors: checked.errors }, 'engine outputs break the contract');
    throw new KudusoError('INVALID_ENGINE_OUTPUT', { errors: checked.errors });
  }
  return checked.value;
}

export async function runContract(run: ContractRun): Promise<ContractRunResult> {
  const { contract, engine, definition } = run;
  const id = contract.id;
  enforceMaxPayload(contract, run.bodyBytes);
  const inputs = validateContractInputs(contract, run.inputs);
  // Limits before availability: a request that can never run is refused for good (422), not retried (503).
  enforceMaxVertices(contract, engine?.countVertices?.(contract, inputs) ?? countPositions(inputs));
  const previewFn = run.preview ? definition?.preview : undefined;
  if (!previewFn && (!engine || run.available === false)) {
    throw new KudusoError('UPSTREAM_UNAVAILABLE', {
      message: `${id} cannot run here: ${run.unavailableReason ?? 'its engine is unavailable'}.`,
    });
  }
  const release = run.takeSeat?.() ?? (() => {});

  const timeoutMs = run.timeoutMs ?? contract.manifest.timeout_sec * 1000;
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(
      new KudusoError('ENGINE_TIMEOUT', {
        message: `${id} did not finish within ${timeoutMs / 1000} s${run.timeoutMs ? '' : ' (manifest timeout_sec)'}.`,
        hint: 'The same inputs take as long on every attempt: reduce the work (fewer rotations or vertices).',
        extra: { limit: 'timeout_sec', max: timeoutMs / 1000 },
      }),
    );
  }, timeoutMs);
  const onStop = () => controller.abort(run.signal?.reason);
  run.signal?.addEventListener('abort', onStop, { once: true });
  if (run.signal?.aborted) onStop();

  let raw: unknown;
  try {
    // Through a promise so that an engine throwing synchronously still releases its seat below.
    const running = Promise.resolve().then(async () =>
      previewFn
        ? {
            outputs: (await previewFn(inputs, run.preview!, { signal: controller.signal })) as Record<
              string,
              unknown
            >,
          }
        : engine!.solve(contract, inputs, {
            signal: controller.signal,
            maxResults: contract.manifest.max_results,
            jobId: run.jobId,
            correlationId: run.correlationId,
            tenantId: run.tenantId,
            log: run.log,
          }),
    );
    // The seat comes back only when the engine has really settled, even if we already answered 504.
    running
      .catch(() => {})
      .finally(() => {
        clearTimeout(timer);
        run.signal?.removeEventListener('abort', onStop);
        release();
        if (controller.signal.aborted) run.log.debug('engine settled after its abort signal; seat released');
      });
    // Answer at the timeout even if an engine is slow to honour its signal; it keeps its seat until it stops.
    const result = await Promise.race([running, whenAborted(controller.signal)]);
    if (previewFn) return { inputs, outputs: result.outputs, files: [] };
    raw = result.outputs;
    const outputs = checkOutputs(run, raw);
    const given = (result as { files?: ArtifactFile[] }).files;
    const files =
      given ??
      (run.skipArtifacts || !definition?.artifacts ? [] : await definition.artifacts(inputs, outputs));
    return { inputs, outputs, files };
  } catch (e) {
    if (controller.signal.aborted && raw === undefined) throw controller.signal.reason;
    throw toEngineError(e, definition?.isDomainError);
  }
}
