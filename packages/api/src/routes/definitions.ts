// Definitions discovery: what can be run, its limits, and its schemas and examples, straight from the contracts.
import { type Contract, KudusoError } from '@kuduso/core';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';

/**
 * The limits a client can plan against. max_work (where a manifest has one, e.g. sitefit) is checked at submit:
 * inputs whose work estimate exceeds it are refused with 422 MANIFEST_LIMIT, so a client can size its inputs.
 */
function limitsOf(m: Contract['manifest']) {
  return {
    timeout_sec: m.timeout_sec,
    max_vertices: m.max_vertices,
    max_results: m.max_results,
    ...(typeof m.max_work === 'number' ? { max_work: m.max_work, max_work_unit: m.max_work_unit } : {}),
  };
}

function summary(c: Contract) {
  const m = c.manifest;
  return {
    id: c.id,
    definition: c.definition,
    version: c.version,
    title: m.title ?? c.definition,
    description: m.description ?? '',
    engine: c.bindings.engine,
    limits: limitsOf(m),
    links: {
      self: `/definitions/${c.definition}/${c.version}`,
      inputs_schema: `/definitions/${c.definition}/${c.version}/inputs.schema.json`,
      outputs_schema: `/definitions/${c.definition}/${c.version}/outputs.schema.json`,
    },
  };
}

const params = {
  type: 'object',
  required: ['definition', 'version'],
  properties: { definition: { type: 'string', maxLength: 64 }, version: { type: 'string', maxLength: 32 } },
} as const;

export async function definitionRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const find = (definition: string, version: string): Contract => {
    const c = deps.registry.get(definition, version);
    if (!c)
      throw new KudusoError('UNKNOWN_DEFINITION', { message: `No definition ${definition}@${version}.` });
    return c;
  };

  app.get(
    '/definitions',
    { schema: { tags: ['definitions'], summary: 'Every definition and version' } },
    async () => ({
      definitions: deps.registry.list().map(summary),
    }),
  );

  app.get<{ Params: { definition: string; version: string } }>(
    '/definitions/:definition/:version',
    { schema: { tags: ['definitions'], summary: 'One definition: manifest, schemas, examples', params } },
    async (request) => {
      const c = find(request.params.definition, request.params.version);
      return {
        ...summary(c),
        manifest: c.manifest,
        inputs_schema: c.inputsSchema,
        outputs_schema: c.outputsSchema,
        examples: c.examples.valid.map((e) => ({ name: e.name, inputs: e.inputs })),
      };
    },
  );

  app.get<{ Params: { definition: string; version: string } }>(
    '/definitions/:definition/:version/inputs.schema.json',
    { schema: { tags: ['definitions'], summary: 'The inputs JSON schema', params } },
    async (request) => find(request.params.definition, request.params.version).inputsSchema,
  );

  app.get<{ Params: { definition: string; version: string } }>(
    '/definitions/:definition/:version/outputs.schema.json',
    { schema: { tags: ['definitions'], summary: 'The outputs JSON schema', params } },
    async (request) => find(request.params.definition, request.params.version).outputsSchema,
  );
}
