// OTEL_EXPORTER_OTLP_ENDPOINT alone turns tracing on: a job's spans arrive at a real OTLP/HTTP receiver (a
// node http server here, standing in for a collector or Jaeger at :4318/v1/traces), with the service name,
// the API key header of OTEL_EXPORTER_OTLP_HEADERS, and the caller's trace id. Once as http/json (decoded and
// checked span by span), once as the standard's default http/protobuf (the trace id's bytes in the body).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { mockJob, startStack, submit } from '../harness.ts';
import { startOtlpReceiver } from '../support/otlp-receiver.ts';

for (const protocol of ['http/json', 'http/protobuf']) {
  test(`OTEL_EXPORTER_OTLP_ENDPOINT sends the job's spans (${protocol})`, { timeout: 60_000 }, async () => {
    const otlp = await startOtlpReceiver();
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
        for (const g of otlp.got) assert.match(String(g.headers['content-type']), /application\/json/);
        const spans = otlp.spans();
        assert.ok(spans.every((sp) => sp.service === 'kuduso-otlp-test'));
        const names = spans.filter((sp) => sp.traceId === trace).map((sp) => sp.name);
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
