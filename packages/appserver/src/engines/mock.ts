// The mock engine (contracts with bindings.engine = "mock", used by tests and benchmarks): echoes `value` after
// `delay_ms`, and fails on request so retries, dead-letters, 429s and timeouts can be exercised end to end.
import { type Contract, countPositions, domainError, KudusoError } from '@kuduso/core';
import { abortableDelay } from './abort.ts';
import type { Engine, EngineResult, SolveContext } from './types.ts';

interface MockInputs {
  value: number;
  delay_ms?: number;
  fail_first?: number;
  fail_status?: number;
  fail_always?: boolean;
  key?: string;
  vertices?: number;
}

/** KudusoError with the status the test asked for (500 is not the catalogue's status for ENGINE_FAILED). */
function withStatus(err: KudusoError, status: number): KudusoError {
  Object.defineProperty(err, 'status', { value: status });
  return err;
}

function failure(status: number, attempt: number): KudusoError {
  const message = `mock: failing on purpose with ${status} (attempt ${attempt})`;
  switch (status) {
    case 400:
      return new KudusoError('VALIDATION_FAILED', { message, field: '/fail_status' });
    case 422:
      return domainError('MOCK_FAILURE', message, '/fail_status', 'Set fail_first to 0 to succeed.');
    case 429:
      return new KudusoError('NO_FREE_SEAT', { message, retryAfterSec: 1 });
    case 503:
      return new KudusoError('UPSTREAM_UNAVAILABLE', { message });
    case 502:
      return new KudusoError('ENGINE_FAILED', { message });
    default:
      return withStatus(new KudusoError('ENGINE_FAILED', { message }), status);
  }
}

export interface MockEngineOptions {
  /** How many job ids/keys to remember attempts for; the oldest are forgotten first. */
  maxKeys?: number;
}

export function createMockEngine(options: MockEngineOptions = {}): Engine {
  const maxKeys = options.maxKeys ?? 10_000;
  // Attempts per job id (or `key`): fail_first counts across calls for the same job.
  const attempts = new Map<string, number>();

  return {
    name: 'mock',
    supports: () => ({ status: 'available' }),
    countVertices(_contract, inputs) {
      const pretend = typeof inputs.vertices === 'number' ? inputs.vertices : 0;
      const real = countPositions(inputs);
      return { count: real.count + pretend, field: pretend > 0 ? '/vertices' : real.field };
    },
    async solve(contract: Contract, raw, ctx: SolveContext): Promise<EngineResult> {
      const inputs = raw as unknown as MockInputs;
      const counterKey = inputs.key ?? ctx.jobId;
      const attempt = (attempts.get(counterKey) ?? 0) + 1;
      attempts.delete(counterKey); // re-insert so the map stays in least-recently-used order
      attempts.set(counterKey, attempt);
      if (attempts.size > maxKeys) attempts.delete(attempts.keys().next().value!);

      if (inputs.delay_ms) await abortableDelay(inputs.delay_ms, ctx.signal);
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if (inputs.fail_always || attempt <= (inputs.fail_first ?? 0)) {
        throw failure(inputs.fail_status ?? 500, attempt);
      }
      const generatedAt = new Date().toISOString();
      const outputs = {
        results: [{ id: 'r1', value: inputs.value, attempt }],
        artifacts: [],
        metadata: {
          definition: contract.definition,
          version: contract.version,
          engine: 'mock',
          generated_at: generatedAt,
          warnings: [],
        },
      };
      const echo = { job_id: ctx.jobId, value: inputs.value, attempt, generated_at: generatedAt };
      return {
        outputs,
        files: [
          {
            kind: 'json',
            label: 'Echo',
            filename: 'echo.json',
            contentType: 'application/json',
            body: new TextEncoder().encode(JSON.stringify(echo)),
          },
        ],
      };
    },
  };
}
