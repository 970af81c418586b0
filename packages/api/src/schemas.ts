// JSON schemas of the public routes: they validate requests and document the API in /openapi.json.
export const errorBody = {
  $id: 'ErrorBody',
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'Stable error code.' },
    message: { type: 'string' },
    field: { type: 'string', description: 'JSON pointer of the offending field.' },
    hint: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          code: { type: 'string' },
          message: { type: 'string' },
          field: { type: 'string' },
          hint: { type: 'string' },
        },
      },
    },
  },
  additionalProperties: true,
} as const;

const errorRef = { $ref: 'ErrorBody#' };

export const runBody = {
  type: 'object',
  additionalProperties: false,
  required: ['app_id', 'definition', 'version', 'inputs'],
  properties: {
    app_id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
    definition: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9-]*$' },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' },
    inputs: { type: 'object', description: "Validated against the definition's inputs.schema.json." },
    priority: { type: 'integer', minimum: -100, maximum: 100, default: 0 },
  },
} as const;

export const runHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
    'x-correlation-id': { type: 'string' },
  },
} as const;

export const accepted = {
  type: 'object',
  required: ['job_id', 'status', 'correlation_id'],
  properties: {
    job_id: { type: 'string', format: 'uuid' },
    status: { type: 'string' },
    correlation_id: { type: 'string' },
    cached: { type: 'boolean' },
    cached_from: {
      type: 'string',
      description: 'With cached: the correlation id of the job that computed it.',
    },
  },
} as const;

export const jobIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 200 } },
} as const;

export const statusBody = {
  type: 'object',
  required: ['job_id', 'status', 'attempts', 'has_result', 'created_at', 'correlation_id'],
  properties: {
    job_id: { type: 'string' },
    status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] },
    attempts: { type: 'integer' },
    last_error: { type: 'string' },
    has_result: { type: 'boolean' },
    app_id: { type: 'string' },
    definition: { type: 'string' },
    version: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    started_at: { type: ['string', 'null'], format: 'date-time' },
    ended_at: { type: ['string', 'null'], format: 'date-time' },
    correlation_id: { type: 'string' },
  },
} as const;

export const errorResponses = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, errorRef]));
