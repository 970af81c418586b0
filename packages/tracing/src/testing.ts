// An in-memory exporter installed as the process's tracer provider, for tests that assert on spans.
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { installProvider, type Tracing } from './setup.ts';

export type { ReadableSpan };

export interface MemoryTracing extends Tracing {
  /** Every span ended so far. */
  spans(): ReadableSpan[];
  reset(): void;
}

export function installMemoryTracing(serviceName = 'kuduso-test'): MemoryTracing {
  const exporter = new InMemorySpanExporter();
  const tracing = installProvider(serviceName, [new SimpleSpanProcessor(exporter)]);
  return {
    ...tracing,
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
  };
}
