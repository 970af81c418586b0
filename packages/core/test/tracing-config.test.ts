// The OTEL_* variables as the typed config reads them: off by default, on with an endpoint, the standard's
// defaults and precedence, and bad values named without echoing header values (they hold API keys).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, parseConfig } from '@kuduso/core';

const tracing = (env: Record<string, string>) => parseConfig(env, 'dev').tracing;

test('tracing is off by default and needs no variable', () => {
  const t = tracing({});
  assert.equal(t.exporter, 'none');
  assert.equal(t.endpoint, 'http://localhost:4318/v1/traces');
  assert.equal(t.protocol, 'http/protobuf');
  assert.deepEqual(t.headers, {});
  assert.equal(t.sampleRatio, 1);
});

test('OTEL_EXPORTER_OTLP_ENDPOINT turns OTLP on; the traces endpoint is used as given', () => {
  const t = tracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318/' });
  assert.equal(t.exporter, 'otlp');
  assert.equal(t.endpoint, 'http://jaeger:4318/v1/traces');
  const own = tracing({
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector.example/custom/path',
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
  });
  assert.equal(own.endpoint, 'https://collector.example/custom/path');
  assert.equal(own.protocol, 'http/json');
  // otlp without an endpoint: the standard's localhost:4318.
  assert.equal(tracing({ OTEL_TRACES_EXPORTER: 'otlp' }).exporter, 'otlp');
});

test('OTEL_TRACES_EXPORTER=none and OTEL_SDK_DISABLED win over an endpoint', () => {
  assert.equal(
    tracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }).exporter,
    'none',
  );
  assert.equal(
    tracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }).exporter,
    'none',
  );
  assert.equal(tracing({ OTEL_TRACES_EXPORTER: 'console' }).exporter, 'console');
});

test('headers, service name, sampler ratio and timeout', () => {
  const t = tracing({
    OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=abc%20def, X-Team=geo',
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-team=traces',
    OTEL_SERVICE_NAME: 'kuduso-prod',
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: '0.25',
    OTEL_EXPORTER_OTLP_TIMEOUT: '5000',
  });
  assert.deepEqual(t.headers, { 'x-api-key': 'abc def', 'x-team': 'traces' });
  assert.equal(t.serviceName, 'kuduso-prod');
  assert.equal(t.sampleRatio, 0.25);
  assert.equal(t.timeoutMs, 5000);
});

test('bad values are named; a header value is never echoed', () => {
  try {
    tracing({
      OTEL_TRACES_EXPORTER: 'zipkin',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url',
      OTEL_EXPORTER_OTLP_HEADERS: 'no-equals-sign-secret-value',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '2',
    });
    assert.fail('expected a ConfigError');
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    const text = e.problems.join('\n');
    for (const name of [
      'OTEL_TRACES_EXPORTER',
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_HEADERS',
      'OTEL_TRACES_SAMPLER_ARG',
    ])
      assert.ok(text.includes(name), name);
    assert.ok(!text.includes('secret-value'), 'the header value is not echoed');
  }
});
