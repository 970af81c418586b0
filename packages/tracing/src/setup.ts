// The process's one tracer provider, set up from the typed config by openServices (every role, `kuduso dev`,
// the tests). Off by default: with no exporter chosen nothing is recorded, but an incoming `traceparent` still
// passes through (the no-op tracer keeps the caller's span context), so logs and messages keep the caller's
// trace id. Several roles in one process (`kuduso dev`, the test harness) share the provider: the first that
// asks builds it, the last to close flushes and removes it.
import { context, DiagLogLevel, diag, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  type SpanExporter,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';

/** What startTracing reads from the typed config (Config['tracing'] of @kuduso/core). */
export interface TracingSettings {
  exporter: 'none' | 'otlp' | 'console';
  endpoint: string;
  protocol: 'http/protobuf' | 'http/json';
  headers: Record<string, string>;
  serviceName?: string;
  sampleRatio: number;
  timeoutMs: number;
}

export interface Tracing {
  /** Whether spans are recorded and exported in this process. */
  readonly enabled: boolean;
  /** Exports what is buffered now. */
  flush(): Promise<void>;
  /** Drops this user; the last one flushes and removes the provider. */
  close(): Promise<void>;
}

/** Where the SDK's own complaints go (an unreachable collector): the role's logger. */
export interface TracingLog {
  warn(fields: Record<string, unknown>, msg: string): void;
}

let contextReady = false;
let state: { provider: BasicTracerProvider; users: number } | undefined;

/** AsyncLocalStorage carries the active span across awaits (the worker's span reaches the AppServer call). */
export function ensureContextManager(): void {
  if (contextReady) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextReady = true;
}

function exporterFor(s: TracingSettings): SpanExporter {
  if (s.exporter === 'console') return new ConsoleSpanExporter();
  const options = { url: s.endpoint, headers: s.headers, timeoutMillis: s.timeoutMs };
  return s.protocol === 'http/json' ? new OtlpJsonExporter(options) : new OtlpProtoExporter(options);
}

// A collector that is down must not fail a role's shutdown: the last export's failure is a log line.
const reported = (e: unknown) => diag.warn(`span export failed: ${(e as Error).message}`);

function handle(): Tracing {
  let closed = false;
  return {
    enabled: true,
    flush: async () => {
      await state?.provider.forceFlush().catch(reported);
    },
    async close() {
      if (closed || !state) return;
      closed = true;
      if (--state.users > 0) {
        await state.provider.forceFlush().catch(reported);
        return;
      }
      const { provider } = state;
      state = undefined;
      trace.disable();
      await provider.shutdown().catch(reported);
    },
  };
}

const OFF: Tracing = { enabled: false, flush: async () => {}, close: async () => {} };

/** Installs a provider over these processors as the process's (tests use it with an in-memory exporter). */
export function installProvider(serviceName: string, processors: SpanProcessor[], sampleRatio = 1): Tracing {
  ensureContextManager();
  if (state) {
    state.users++;
    return handle();
  }
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(sampleRatio) }),
    spanProcessors: processors,
  });
  trace.setGlobalTracerProvider(provider);
  state = { provider, users: 1 };
  return handle();
}

/** The tracing of one role (called by openServices). */
export function startTracing(settings: TracingSettings, role: string, log?: TracingLog): Tracing {
  ensureContextManager();
  if (state) {
    state.users++;
    return handle();
  }
  if (settings.exporter === 'none') return OFF;
  if (log) {
    // Export failures (collector down) are the SDK's diag errors: one log line each, never an exception.
    const sink = (...args: unknown[]) =>
      log.warn({ component: 'otel', detail: args.map(String).join(' ') }, 'tracing');
    diag.setLogger(
      { error: sink, warn: sink, info: () => {}, debug: () => {}, verbose: () => {} },
      DiagLogLevel.WARN,
    );
  }
  return installProvider(
    settings.serviceName ?? `kuduso-${role}`,
    [new BatchSpanProcessor(exporterFor(settings), { scheduledDelayMillis: 1000 })],
    settings.sampleRatio,
  );
}
