// A stand-in for an OpenTelemetry collector: a node http server that accepts OTLP/HTTP export requests
// (POST /v1/traces, JSON or protobuf) and keeps them, and decodes the JSON ones into spans.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
  path: string;
}

export interface OtlpSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

export interface OtlpReceiver {
  url: string;
  got: Received[];
  /** Every span of the JSON requests received so far, with its resource's service.name. */
  spans(): OtlpSpan[];
  close(): Promise<void>;
}

interface JsonExport {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: Omit<OtlpSpan, 'service'>[] }[];
  }[];
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks), path: req.url ?? '' });
      const json = String(req.headers['content-type']).includes('json');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    got,
    spans() {
      const out: OtlpSpan[] = [];
      for (const g of got) {
        if (!String(g.headers['content-type']).includes('json')) continue;
        for (const rs of (JSON.parse(g.body.toString()) as JsonExport).resourceSpans) {
          const service =
            rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const ss of rs.scopeSpans)
            for (const s of ss.spans)
              out.push({
                service,
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId || undefined,
                name: s.name,
              });
        }
      }
      return out;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
