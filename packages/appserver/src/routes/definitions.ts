// GET /definitions: what this AppServer runs, on which engine, under which limits, and whether it can now.
import type { FastifyInstance } from 'fastify';
import type { Binding } from '../bindings.ts';
import type { Definitions } from '../definitions/load.ts';

export function definitionRoutes(
  app: FastifyInstance,
  deps: { bindings: Map<string, Binding>; definitions?: Definitions },
): void {
  app.get('/definitions', async () => ({
    definitions: [...deps.bindings.values()].map(({ contract, engine, engineName, available, reason }) => {
      const m = contract.manifest;
      const problems = engine?.problemsOf?.(contract.id) ?? [];
      const ready = available && problems.length === 0;
      const why = reason ?? (problems.length ? problems.join('; ') : undefined);
      return {
        id: contract.id,
        definition: contract.definition,
        version: contract.version,
        title: m.title,
        engine: engineName,
        entry: contract.bindings.entry,
        available,
        ready,
        ...(why ? { reason: why } : {}),
        preview: Boolean(deps.definitions?.get(contract.id)?.preview),
        concurrency_class: m.concurrency_class,
        limits: {
          timeout_sec: m.timeout_sec,
          max_vertices: m.max_vertices,
          max_results: m.max_results,
          max_payload_bytes: m.max_payload_bytes,
        },
      };
    }),
  }));
}
