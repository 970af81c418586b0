// The error catalogue: every error a client can see has a stable code, an HTTP status and a retry verdict.
// Codes never change meaning once published; add new ones instead.

export interface ErrorSpec {
  status: number;
  /** Whether the same request can succeed later without being changed (drives worker retries). */
  retryable: boolean;
  message: string;
}

export const ERROR_CATALOGUE = {
  // 400: the request does not match its schema
  VALIDATION_FAILED: { status: 400, retryable: false, message: 'The request does not match the schema.' },
  INVALID_JSON: { status: 400, retryable: false, message: 'The body is not valid JSON.' },
  INVALID_JOB_ID: { status: 400, retryable: false, message: 'The job id is not a UUID.' },
  INVALID_HEADER: { status: 400, retryable: false, message: 'A header has an invalid value.' },
  BAD_REQUEST: { status: 400, retryable: false, message: 'The request is not valid HTTP.' },
  // 401/403
  UNAUTHORIZED: { status: 401, retryable: false, message: 'Authentication is required.' },
  FORBIDDEN: { status: 403, retryable: false, message: 'Not allowed.' },
  ARTIFACT_LINK_INVALID: { status: 403, retryable: false, message: 'The artifact link is not valid.' },
  ARTIFACT_LINK_EXPIRED: { status: 403, retryable: false, message: 'The artifact link has expired.' },
  // 404
  NOT_FOUND: { status: 404, retryable: false, message: 'No such route.' },
  UNKNOWN_DEFINITION: { status: 404, retryable: false, message: 'No such definition or version.' },
  JOB_NOT_FOUND: { status: 404, retryable: false, message: 'No such job.' },
  ARTIFACT_NOT_FOUND: { status: 404, retryable: false, message: 'No such artifact.' },
  // 405/409/413/415
  METHOD_NOT_ALLOWED: { status: 405, retryable: false, message: 'Method not allowed.' },
  REQUEST_TIMEOUT: { status: 408, retryable: true, message: 'The request did not arrive in time.' },
  RESULT_NOT_READY: { status: 409, retryable: true, message: 'The job has not finished.' },
  JOB_FAILED: { status: 409, retryable: false, message: 'The job failed; it has no result.' },
  JOB_FINISHED: {
    status: 409,
    retryable: false,
    message: 'The job has already finished; it cannot be cancelled.',
  },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    retryable: false,
    message: 'This Idempotency-Key was used with a different request.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, message: 'The request body is too large.' },
  ARTIFACT_TOO_LARGE: {
    status: 413,
    retryable: false,
    message: 'An artifact file is larger than the store accepts (ARTIFACT_MAX_BYTES).',
  },
  URI_TOO_LONG: { status: 414, retryable: false, message: 'The URL is too long.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false, message: 'Send application/json.' },
  HEADERS_TOO_LARGE: { status: 431, retryable: false, message: 'The request headers are too large.' },
  // 422: valid shape, impossible content
  DOMAIN_INVALID: { status: 422, retryable: false, message: 'The inputs are not valid for this definition.' },
  MANIFEST_LIMIT: { status: 422, retryable: false, message: 'The inputs exceed a limit of this definition.' },
  // 429/5xx
  RATE_LIMITED: { status: 429, retryable: true, message: 'Too many requests.' },
  TOO_MANY_ACTIVE_JOBS: {
    status: 429,
    retryable: true,
    message: 'The tenant has too many jobs queued or running.',
  },
  // 499 (nginx's convention): nobody reads this answer, it only names the outcome in logs.
  CALLER_GONE: {
    status: 499,
    retryable: true,
    message: 'The caller closed the connection or its deadline passed; the solve was aborted.',
  },
  NO_FREE_SEAT: { status: 429, retryable: true, message: 'Every compute seat is busy; retry later.' },
  INTERNAL: { status: 500, retryable: true, message: 'An unexpected error occurred.' },
  ENGINE_FAILED: { status: 502, retryable: true, message: 'The compute engine failed.' },
  ENGINE_AUTH_FAILED: {
    status: 502,
    retryable: false,
    message: 'The compute engine refused the AppServer credentials (an operator must fix COMPUTE_API_KEY).',
  },
  INVALID_ENGINE_OUTPUT: {
    status: 502,
    retryable: false,
    message: 'The engine returned outputs that break the contract.',
  },
  NOT_READY: { status: 503, retryable: true, message: 'The service is not ready.' },
  UPSTREAM_UNAVAILABLE: { status: 503, retryable: true, message: 'A dependency is unavailable.' },
  DATABASE_UNAVAILABLE: {
    status: 503,
    retryable: true,
    message: 'The database is unavailable (restarting, in recovery or unreachable); retry later.',
  },
  // The engine's own solve budget (the manifest's timeout_sec, or Rhino.Compute's COMPUTE_TIMEOUT_SEC) ran out for
  // these inputs: the same inputs take as long on every attempt, so it is deterministic and not retried (issue 9
  // item 2). A timeout of the transport is something else: the worker getting no answer at all from the AppServer
  // (outcome `timeout`, counted as an attempt, issue 7) or losing it mid-call (`unreachable`, an outage).
  ENGINE_TIMEOUT: {
    status: 504,
    retryable: false,
    message: "The computation took longer than the definition's time limit (timeout_sec).",
  },
  // A solve that hits a memory or stack limit does so on every attempt with the same inputs.
  ENGINE_RESOURCE_LIMIT: {
    status: 502,
    retryable: false,
    message: 'The computation exceeded a resource limit of the engine (memory, stack).',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** One problem with a request, pointing at the offending field (a JSON pointer) where there is one. */
export interface FieldError {
  code: string;
  message: string;
  field?: string;
  hint?: string;
}

/** The JSON body of every error response. */
export interface ErrorBody extends FieldError {
  errors?: FieldError[];
  [extra: string]: unknown;
}

export interface KudusoErrorOptions {
  message?: string;
  field?: string;
  hint?: string;
  errors?: FieldError[];
  /** Extra JSON fields for the body, e.g. the job status on a 409. */
  extra?: Record<string, unknown>;
  /** Seconds a client should wait before trying again (429/503). */
  retryAfterSec?: number;
  cause?: unknown;
}

export class KudusoError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly field?: string;
  readonly hint?: string;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;
  readonly retryAfterSec?: number;

  constructor(code: ErrorCode, options: KudusoErrorOptions = {}) {
    const spec: ErrorSpec = ERROR_CATALOGUE[code];
    super(options.message ?? spec.message, { cause: options.cause });
    this.name = 'KudusoError';
    this.code = code;
    this.status = spec.status;
    this.retryable = spec.retryable;
    this.field = options.field;
    this.hint = options.hint;
    this.errors = options.errors;
    this.extra = options.extra;
    this.retryAfterSec = options.retryAfterSec;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.field !== undefined) body.field = this.field;
    if (this.hint !== undefined) body.hint = this.hint;
    if (this.errors !== undefined) body.errors = this.errors;
    if (this.extra) Object.assign(body, this.extra);
    return body;
  }
}

/** A 422 from a definition's own rules, e.g. a self-intersecting parcel; `reason` is the domain's code. */
export function domainError(reason: string, message: string, field?: string, hint?: string): KudusoError {
  return new KudusoError('DOMAIN_INVALID', {
    message,
    field,
    hint,
    errors: [{ code: reason, message, field, hint }],
    extra: { reason },
  });
}

export function isKudusoError(e: unknown): e is KudusoError {
  return e instanceof KudusoError;
}

/** The status a code maps to; unknown codes (from another component's body) count as 500. */
export function statusOf(code: string): number {
  return (ERROR_CATALOGUE as Record<string, ErrorSpec>)[code]?.status ?? 500;
}

/** A 400 carrying every schema problem; the first one is also the body's own message and field. */
export function validationFailed(errors: FieldError[]): KudusoError {
  const [first] = errors;
  return new KudusoError('VALIDATION_FAILED', {
    message: first?.message,
    field: first?.field,
    hint: first?.hint,
    errors,
  });
}
