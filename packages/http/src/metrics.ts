// Prometheus metrics (prom-client), one registry per role. Every label is bounded: route templates (never
// raw URLs), methods, status codes, definitions from the registry, engines, lanes, outcomes. No tenant or job
// id is ever a label. Node's own metrics (event loop lag, heap, GC) come with every registry.
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry };

/** Seconds, from 5 ms to 5 minutes: HTTP requests and solves alike. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export function createMetricsRegistry(role: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ role });
  collectDefaultMetrics({ register: registry, prefix: 'kuduso_', eventLoopMonitoringPrecision: 20 });
  return registry;
}

/** Request durations by route template and status, and GET /metrics (no authentication: scrape it inside). */
export function registerHttpMetrics(app: FastifyInstance, registry: Registry): void {
  const duration = new Histogram({
    name: 'kuduso_http_request_duration_seconds',
    help: 'HTTP request durations by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  app.get(
    '/metrics',
    {
      config: { public: true },
      logLevel: 'warn',
      schema: { tags: ['health'], summary: 'Prometheus metrics', security: [] },
    },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );
}
