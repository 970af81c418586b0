// The OpenAPI document as a playground: every definition version's inputs and outputs schemas from its
// contract, the request examples from its examples/valid (the first one is what "Try it out" pre-fills),
// and every error response with the catalogue codes it can carry. Route schemas validate requests; this
// only enriches the document (fastify-swagger's transformObject), so validation stays exactly as it is.
import { type Contract, type ContractRegistry, ERROR_CATALOGUE } from '@kuduso/core';

type Json = Record<string, unknown>;

const schemaKey = (c: Contract, part: 'inputs' | 'outputs') => `${c.definition}-${c.version}-${part}`;
const ref = (key: string) => ({ $ref: `#/components/schemas/${key}` });

/** A contract schema moved under components.schemas[key]: its own `#/...` refs re-pointed there. */
export function embedSchema(schema: unknown, key: string, top = true): unknown {
  if (Array.isArray(schema)) return schema.map((s) => embedSchema(s, key, false));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema as Json)) {
    // $schema/$id would change how an OpenAPI 3.1 tool resolves refs (the $id becomes their base URI).
    if (top && (k === '$schema' || k === '$id')) continue;
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/'))
      out[k] = `#/components/schemas/${key}/${v.slice(2)}`;
    else out[k] = embedSchema(v, key, false);
  }
  return out;
}

/** The example "Try it out" starts from: the contract's `typical.json`, else its first valid example. */
function mainExample(c: Contract) {
  return c.examples.valid.find((e) => e.name === 'typical.json') ?? c.examples.valid[0];
}

export function runExamples(registry: ContractRegistry): Record<string, { summary: string; value: Json }> {
  const out: Record<string, { summary: string; value: Json }> = {};
  for (const c of registry.list()) {
    const ex = mainExample(c);
    if (!ex) continue;
    out[c.id] = {
      summary: `${c.id}: examples/valid/${ex.name}`,
      value: {
        app_id: c.definition,
        definition: c.definition,
        version: c.version,
        inputs: ex.inputs as Json,
      },
    };
  }
  return out;
}

/** Catalogue codes by HTTP status. */
function codesByStatus(): Map<number, string[]> {
  const by = new Map<number, string[]>();
  for (const [code, spec] of Object.entries(ERROR_CATALOGUE))
    by.set(spec.status, [...(by.get(spec.status) ?? []), code]);
  return by;
}

function errorResponse(codes: string[]): Json {
  const first = codes[0] as string;
  const message = (ERROR_CATALOGUE as Record<string, { message: string }>)[first]?.message ?? '';
  return {
    description: `Error. \`code\` is one of: ${codes.join(', ')}.`,
    headers: {
      'x-correlation-id': { schema: { type: 'string' }, description: "The request's correlation id." },
    },
    content: {
      'application/json': {
        schema: { allOf: [ref('ErrorBody'), { type: 'object', properties: { code: { enum: codes } } }] },
        example: { code: first, message },
      },
    },
  };
}

/** Statuses every operation can answer besides its own (faults, shutdown). */
const ALWAYS = [500, 503];

export function enrichOpenApi(doc: Json, registry: ContractRegistry): Json {
  const contracts = registry.list();
  doc.components ??= {};
  const components = doc.components as Json;
  components.schemas ??= {};
  const schemas = components.schemas as Json;
  for (const c of contracts) {
    schemas[schemaKey(c, 'inputs')] = embedSchema(c.inputsSchema, schemaKey(c, 'inputs'));
    schemas[schemaKey(c, 'outputs')] = embedSchema(c.outputsSchema, schemaKey(c, 'outputs'));
  }
  // fastify-swagger names the shared error schema after its $id; make it addressable as ErrorBody.
  schemas.ErrorBody ??= findErrorBody(schemas);

  const byStatus = codesByStatus();
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  for (const operations of Object.values(paths)) {
    for (const op of Object.values(operations)) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      const responses = op.responses as Record<string, Json>;
      for (const s of ALWAYS) responses[String(s)] ??= {};
      for (const status of Object.keys(responses)) {
        const n = Number(status);
        if (n >= 400 && byStatus.has(n)) responses[status] = errorResponse(byStatus.get(n) as string[]);
      }
    }
  }

  const run = paths['/jobs/run']?.post;
  const media = (run?.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
  const body = media?.['application/json'];
  if (run && body) {
    const generic = body.schema as Json;
    const props = (generic.properties ?? {}) as Json;
    body.schema = {
      oneOf: contracts.map((c) => ({
        ...generic,
        title: c.id,
        properties: {
          ...props,
          definition: { type: 'string', const: c.definition },
          version: { type: 'string', const: c.version },
          inputs: {
            ...ref(schemaKey(c, 'inputs')),
            description: `The inputs of ${c.id} (its inputs.schema.json).`,
          },
        },
      })),
    };
    body.examples = runExamples(registry);
    delete body.example;
    const responses = run.responses as Record<string, Json>;
    setExample(responses['202'], {
      job_id: '6c1f2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
      status: 'queued',
      correlation_id: 'demo-1',
    });
    setExample(responses['200'], {
      job_id: '6c1f2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
      status: 'succeeded',
      correlation_id: 'demo-2',
      cached: true,
      cached_from: 'demo-1',
    });
  }
  const result = paths['/jobs/result/{id}']?.get;
  if (result) {
    const responses = result.responses as Record<string, Json>;
    responses['200'] = {
      description: "The contract's outputs (per definition version); artifact URLs are minted at read time.",
      content: {
        'application/json': { schema: { oneOf: contracts.map((c) => ref(schemaKey(c, 'outputs'))) } },
      },
    };
  }
  return doc;
}

function setExample(response: Json | undefined, value: Json): void {
  const media = (response?.content as Record<string, Json> | undefined)?.['application/json'];
  if (media) media.example = value;
}

function findErrorBody(schemas: Json): Json {
  for (const s of Object.values(schemas)) {
    const props = (s as Json)?.properties as Json | undefined;
    if (props?.code && props?.message && (s as Json).additionalProperties === true) return s as Json;
  }
  return {
    type: 'object',
    required: ['code', 'message'],
    properties: { code: { type: 'string' }, message: { type: 'string' } },
  };
}
