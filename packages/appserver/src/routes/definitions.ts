// GET /definitions: what this AppServer runs, on which engine, under which limits.
import type { FastifyInstance } from 'fastify';
import type { Binding } from '../bindings.ts';

export function definitionRoutes(app: FastifyInstance, deps: { bindings: Map<string, Binding> }): void {
  app.get('/definitions', async () => ({
    definitions: [...deps.bindings.values()].map(({ contract, available, reason }) => {
      const m = contract.manifest;
      return {
        id: contract.id,
        definition: contract.definition,
        version: contract.version,
        title: m.title,
        engine: contract.bindings.engine,
        entry: contract.bindings.entry,
        available,
        ...(reason ? { reason } : {}),
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
