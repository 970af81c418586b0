// The page's client of the public API: JSON in and out, errors as ApiError carrying {code, field, hint}.
import type { FieldError, JsonSchema } from './schema-form.ts';

export class ApiError extends Error implements FieldError {
  status: number;
  code?: string;
  field?: string;
  hint?: string;
  body: Record<string, unknown>;
  constructor(status: number, body: Record<string, unknown>) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.code = body.code as string | undefined;
    this.field = body.field as string | undefined;
    this.hint = body.hint as string | undefined;
  }
  /** Every error the body lists (a 400 may name several fields), the first being the headline. */
  get all(): FieldError[] {
    const list = Array.isArray(this.body.errors) ? (this.body.errors as FieldError[]) : [];
    return list.length ? list : [this];
  }
}

/** Where the page keeps the caller's API token (when the API requires authentication). */
export const TOKEN_KEY = 'kuduso.token';

export function authHeader(): Record<string, string> {
  const token = globalThis.localStorage?.getItem(TOKEN_KEY);
  return token ? { authorization: `Bearer ${token}` } : {};
}

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const res = await fetch(path, {
    ...rest,
    headers: {
      accept: 'application/json',
      ...authHeader(),
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...rest.headers,
    },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { message: text.slice(0, 300) };
  }
  if (!res.ok) throw new ApiError(res.status, (body as Record<string, unknown>) ?? {});
  return body as T;
}

export interface DefinitionSummary {
  id: string;
  definition: string;
  version: string;
  title: string;
  description: string;
  limits: { timeout_sec?: number; max_vertices?: number; max_results?: number };
}

export interface DefinitionDetail extends DefinitionSummary {
  manifest: Record<string, unknown>;
  inputs_schema: JsonSchema;
  outputs_schema: JsonSchema;
  examples: { name: string; inputs: Record<string, unknown> }[];
}

export type JobStatusName = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobStatus {
  job_id: string;
  status: JobStatusName;
  attempts: number;
  max_attempts?: number;
  last_error?: string | null;
  has_result: boolean;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  correlation_id: string;
  app_id?: string;
  definition?: string;
  version?: string;
  retry_at?: string | null;
  [k: string]: unknown;
}

export interface Artifact {
  kind: string;
  url: string;
  expires_at: string;
  label?: string;
}

export interface JobResult {
  results: Record<string, unknown>[];
  artifacts: Artifact[];
  metadata: Record<string, unknown>;
}

let routes: Promise<Set<string>> | null = null;

/** Whether the API serves a route (from its OpenAPI document, read once), so the page never calls a missing one. */
export function hasRoute(method: string, path: string): Promise<boolean> {
  routes ??= api<{ paths?: Record<string, Record<string, unknown>> }>('/openapi.json').then(
    (doc) =>
      new Set(
        Object.entries(doc.paths ?? {}).flatMap(([p, ops]) =>
          Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
        ),
      ),
    () => new Set<string>(),
  );
  return routes.then((set) => set.has(`${method.toUpperCase()} ${path}`));
}

export const isTerminal = (s: JobStatusName) => s === 'succeeded' || s === 'failed' || s === 'cancelled';

export const getDefinitions = () => api<{ definitions: DefinitionSummary[] }>('/definitions');
export const getDefinition = (name: string, version: string) =>
  api<DefinitionDetail>(`/definitions/${encodeURIComponent(name)}/${encodeURIComponent(version)}`);
export const getStatus = (id: string) => api<JobStatus>(`/jobs/status/${encodeURIComponent(id)}`);
export const getResult = (id: string) => api<JobResult>(`/jobs/result/${encodeURIComponent(id)}`);
export const getJobInputs = (id: string) =>
  api<{ definition: string; version: string; app_id: string; inputs: Record<string, unknown> }>(
    `/jobs/${encodeURIComponent(id)}/inputs`,
  );
export const cancelJob = (id: string) =>
  api<JobStatus>(`/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
export const submitJob = (body: { app_id: string; definition: string; version: string; inputs: unknown }) =>
  api<{ job_id: string; status: JobStatusName; cached?: boolean }>('/jobs/run', {
    method: 'POST',
    json: body,
  });

export interface JobListPage {
  items: JobStatus[];
  next_cursor?: string | null;
}

export function listJobs(q: { status?: string; definition?: string; limit?: number; cursor?: string }) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  return api<JobListPage>(`/jobs?${p}`);
}
