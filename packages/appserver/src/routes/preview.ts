// POST /preview/{definition}:{version} — the preview lane: one small synchronous evaluation (for a site fit: one
// placement's validity, min setback and KPIs) with its own seats (APPSERVER_PREVIEW_SEATS), a tight timeout and
// a bounded LRU cache keyed on the canonical inputs. Body: `{inputs: <contract inputs>, ...}`; the rest (e.g.
// `placement`) is for the definition's preview. A definition without a preview runs its engine's solve instead.
import { canonicalJson, KudusoError, newId, sha256Hex } from '@kuduso/core';
import type { Logger } from '@kuduso/core/node';
import type { FastifyInstance } from 'fastify';
import { requireServiceToken } from '../auth.ts';
import { runContract, validateContractInputs } from '../pipeline.ts';
import { LruCache } from '../preview-cache.ts';
import { bindingFor, type SolveDeps, seatTaker } from '../solve.ts';
import { splitTarget } from './solve.ts';

export interface PreviewOptions {
  /** Entries kept in the LRU cache (default 512; 0 turns it off). */
  cacheSize?: number;
  /** Timeout of one preview in ms (default 2000). */
  timeoutMs?: number;
}

const schema = {
  summary: 'Evaluate one small preview synchronously (own seats, cached)',
  params: {
    type: 'object',
    required: ['target'],
    properties: { target: { type: 'string', description: '{definition}:{version}, e.g. mydef:1.0.0' } },
  },
  body: { type: 'object', required: ['inputs'], properties: { inputs: { type: 'object' } } },
} as const;

export function previewRoutes(
  app: FastifyInstance,
  deps: SolveDeps & PreviewOptions & { serviceToken?: string | readonly string[] },
): void {
  const cache = new LruCache<Record<string, unknown>>(deps.cacheSize ?? 512);
  const timeoutMs = deps.timeoutMs ?? 2000;
  app.post<{ Params: { target: string }; Body: Record<string, unknown> }>(
    '/preview/:target',
    { schema, onRequest: requireServiceToken(deps.serviceToken), logLevel: 'warn' },
    async (request) => {
      const { definition, version } = splitTarget(request.params.target);
      const binding = bindingFor(deps, definition, version);
      const { contract } = binding;
      const module = deps.definitions?.get(contract.id);
      const started = performance.now();
      // The key is the request with the inputs' defaults filled in: equal requests hit whatever their spelling.
      const inputs = validateContractInputs(contract, request.body.inputs, '/inputs');
      const key = sha256Hex(canonicalJson({ id: contract.id, ...request.body, inputs }));
      const hit = cache.get(key);
      if (hit) return { outputs: hit, cache_hit: true, duration_ms: performance.now() - started };
      if (!module?.preview && !binding.engine) {
        throw new KudusoError('UNKNOWN_DEFINITION', { message: `${contract.id} has no preview.` });
      }
      const result = await runContract({
        contract,
        engine: binding.engine,
        available: binding.available,
        unavailableReason: binding.reason,
        definition: module,
        inputs,
        bodyBytes: request.bodyBytes,
        jobId: `preview-${newId()}`,
        correlationId: request.id,
        log: request.log as unknown as Logger,
        signal: deps.shutdown,
        timeoutMs,
        takeSeat: seatTaker(deps, 'preview'),
        preview: module?.preview ? request.body : undefined,
        skipArtifacts: true,
      });
      cache.set(key, result.outputs);
      return { outputs: result.outputs, cache_hit: false, duration_ms: performance.now() - started };
    },
  );
}
