// Spans and the W3C trace context as Kuduso carries it: the `traceparent` header at the API and the
// AppServer, a `traceparent` field in the queue message. A malformed value is ignored (a new trace starts).
import {
  type Attributes,
  type Context,
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ensureContextManager } from './setup.ts';

export { type Span, SpanKind, SpanStatusCode };

const w3c = new W3CTraceContextPropagator();

export function tracer() {
  return trace.getTracer('kuduso');
}

/** The remote parent named by headers (or a message) with `traceparent`/`tracestate`; the root when none is valid. */
export function contextFrom(carrier: object | undefined): Context {
  if (!carrier) return ROOT_CONTEXT;
  return w3c.extract(ROOT_CONTEXT, carrier, {
    ...defaultTextMapGetter,
    get: (c, key) => {
      const v = (c as Record<string, unknown>)[key];
      return typeof v === 'string' ? v : undefined;
    },
  });
}

/** The `traceparent` that makes the receiver's span a child of this one; undefined without a valid trace. */
export function traceparentOf(span: Span | undefined): string | undefined {
  if (!span || !trace.isSpanContextValid(span.spanContext())) return undefined;
  const carrier: Record<string, string> = {};
  w3c.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
  return carrier.traceparent;
}

/** Adds `traceparent` (and `tracestate`) for the active span to outgoing headers. */
export function injectTraceHeaders(headers: Record<string, string>, ctx: Context = context.active()): void {
  w3c.inject(ctx, headers, defaultTextMapSetter);
}

/** `{trace_id, span_id}` for log lines, or nothing when there is no valid trace. */
export function traceFields(span: Span | undefined): { trace_id?: string; span_id?: string } {
  const sc = span?.spanContext();
  if (!sc || !trace.isSpanContextValid(sc)) return {};
  return { trace_id: sc.traceId, span_id: sc.spanId };
}

export interface SpanOptions {
  parent?: Context;
  kind?: SpanKind;
  attributes?: Attributes;
}

export function startSpan(name: string, options: SpanOptions = {}): Span {
  return tracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    options.parent ?? context.active(),
  );
}

/** Runs fn with `span` active (so calls it makes carry it); does not end it. */
export function withSpan<T>(span: Span, fn: () => T): T {
  ensureContextManager();
  return context.with(trace.setSpan(context.active(), span), fn);
}

/** A span around fn, active inside it, ended after it; a throw is recorded as the span's error. */
export async function inSpan<T>(
  name: string,
  options: SpanOptions,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const span = startSpan(name, options);
  try {
    return await withSpan(span, () => fn(span));
  } catch (e) {
    span.recordException(e as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
    throw e;
  } finally {
    span.end();
  }
}
