// OTEL_EXPORTER_OTLP_ENDPOINT alone turns tracing on: a job's spans arrive at a real OTLP/HTTP receiver (a
// node http server here, standing in for a collector or Jaeger at :4318/v1/traces), with the service name,
// the API key header of OTEL_EXPORTER_OTLP_HEADERS, and the caller's trace id. Once as http/json (decoded and
// checked span by span), once as the standard's default http/protobuf (the trace id's bytes in the body).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { mockJob, startStack, submit } from '../harness.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
  path: string;
}

async function receiver() {
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
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

for (const protocol of ['http/json', 'http/protobuf']) {
  test(`OTEL_EXPORTER_OTLP_ENDPOINT sends the job's spans (${protocol})`, { timeout: 60_000 }, async () => {
    const otlp = await receiver();
    const trace = randomBytes(16).toString('hex');
    try {
      const stack = await startStack('pg', {
        env: {
          OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
          OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
          OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=otlp%20secret',
          OTEL_SERVICE_NAME: 'kuduso-otlp-test',
        },
      });
      try {
        const r = await submit(stack, mockJob({ value: 1 }), {
          traceparent: `00-${trace}-${randomBytes(8).toString('hex')}-01`,
        });
        assert.equal(r.status, 202);
        await stack.waitFor(String(r.body.job_id), ['succeeded']);
      } finally {
        await stack.close(); // flushes the exporter
      }
      assert.ok(otlp.got.length > 0, 'spans arrived');
      for (const g of otlp.got) {
        assert.equal(g.path, '/v1/traces');
        assert.equal(g.headers['x-api-key'], 'otlp secret');
      }
      if (protocol === 'http/json') {
        type Span = { traceId: string; name: string };
        const spans: Span[] = [];
        for (const g of otlp.got) {
          assert.match(String(g.headers['content-type']), /application\/json/);
          const doc = JSON.parse(g.body.toString()) as {
            resourceSpans: {
              resource: { attributes: { key: string; value: { stringValue?: string } }[] };
              scopeSpans: { spans: Span[] }[];
            }[];
          };
          for (const rs of doc.resourceSpans) {
            const name = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
            assert.equal(name, 'kuduso-otlp-test');
            for (const ss of rs.scopeSpans) spans.push(...ss.spans);
          }
        }
        const names = spans.filter((s) => s.traceId === trace).map((s) => s.name);
        for (const n of ['POST /jobs/run', 'job mock@1.0.0', 'POST /gh/:target/solve'])
          assert.ok(names.includes(n), `${n} in ${names}`);
      } else {
        const all = Buffer.concat(otlp.got.map((g) => g.body));
        for (const g of otlp.got) assert.equal(g.headers['content-type'], 'application/x-protobuf');
        assert.ok(all.includes(Buffer.from(trace, 'hex')), 'the trace id is in the protobuf body');
        assert.ok(all.includes(Buffer.from('job mock@1.0.0')), "the worker's span is in it");
        assert.ok(all.includes(Buffer.from('kuduso-otlp-test')), 'the service name is in it');
      }
    } finally {
      await otlp.close();
    }
  });
}
