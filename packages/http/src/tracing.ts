// A server span per request (API and AppServer), child of the caller's `traceparent` when it sends a valid
// one (a malformed one is ignored: a new trace starts, no error). The span is active inside the route handler,
// so calls the handler makes (the API's preview to the AppServer) carry it, and it is on request.span for
// routes that hand it on by hand (POST /jobs/run puts request.traceparent into the queue message). Every log
// line of the request carries trace_id and span_id beside correlation_id. Probes and /metrics are not traced.
import {
  contextFrom,
  type Span,
  SpanKind,
  SpanStatusCode,
  startSpan,
  traceFields,
  traceparentOf,
  withSpan,
} from '@kuduso/tracing';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    span?: Span;
    /** The `traceparent` naming this request's span (undefined without a valid trace). */
    traceparent?: string;
  }
}

const UNTRACED = new Set(['/livez', '/readyz', '/health', '/metrics']);

export function registerTracing(app: FastifyInstance): void {
  app.decorateRequest('span', undefined);
  app.decorateRequest('traceparent', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (UNTRACED.has(path)) return;
    const route = request.routeOptions.url ?? 'unmatched';
    const span = startSpan(`${request.method} ${route}`, {
      parent: contextFrom(request.headers),
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': request.method,
        'http.route': route,
        'url.path': path,
        'kuduso.correlation_id': request.id,
      },
    });
    request.span = span;
    request.traceparent = traceparentOf(span);
    const fields = traceFields(span);
    if (fields.trace_id) {
      request.log = request.log.child(fields);
      reply.log = request.log;
    }
  });
  const end = (span: Span | undefined, status?: number) => {
    if (!span) return;
    if (status !== undefined) {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  };
  app.addHook('onResponse', async (request, reply) => end(request.span, reply.statusCode));
  app.addHook('onRequestAbort', async (request) => end(request.span));
  // The handler runs with the span active (hooks registered later see it too only through request.span).
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function traced(this: unknown, request, reply) {
      const span = request.span;
      return span
        ? withSpan(span, () => handler.call(this as never, request, reply))
        : handler.call(this as never, request, reply);
    };
  });
}
