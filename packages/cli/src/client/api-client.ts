// The client commands' view of a running API: one base URL (--api, KUDUSO_API), an optional bearer token
// (KUDUSO_TOKEN), and every failure turned into a sentence: unreachable, an error body (code, message,
// fields, hint), or an answer that is not JSON.
import { CliError, type OptionSpec, type OptionValues } from '../command.ts';

export const DEFAULT_API = 'http://127.0.0.1:8000';

export const apiOption: Record<string, OptionSpec> = {
  api: {
    type: 'string',
    placeholder: '<url>',
    description: `the API to talk to (default: $KUDUSO_API or ${DEFAULT_API}); $KUDUSO_TOKEN is sent as a bearer token`,
  },
};

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface ApiClient {
  readonly base: string;
  request(
    method: string,
    path: string,
    opts?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse>;
  /** The raw response (streams, downloads); still an error sentence when the API cannot be reached. */
  raw(url: string, init?: RequestInit): Promise<Response>;
}

interface ErrorBody {
  code?: string;
  message?: string;
  field?: string;
  hint?: string;
  errors?: { field?: string; message?: string }[];
}

/** `400 VALIDATION_FAILED: message`, then one line per field and the hint. */
export function describeApiError(status: number, body: unknown): string {
  const b = (body && typeof body === 'object' ? body : {}) as ErrorBody;
  const lines = [`${status} ${b.code ?? 'ERROR'}: ${b.message ?? 'the API refused the request'}`];
  if (b.field && !b.errors?.length) lines.push(`  at ${b.field}`);
  for (const e of b.errors ?? []) lines.push(`  ${e.field ?? ''}: ${e.message ?? ''}`);
  if (b.hint) lines.push(`  hint: ${b.hint}`);
  return lines.join('\n');
}

function unreachable(base: string, e: unknown): CliError {
  const cause = (e as { cause?: NodeJS.ErrnoException }).cause;
  const reason: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'unknown host',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'timed out',
  };
  const why = (cause?.code && reason[cause.code]) ?? cause?.message ?? (e as Error).message;
  return new CliError(
    `cannot reach the API at ${base} (${why}); start it with \`npm start\`, or point --api or KUDUSO_API at it`,
  );
}

export function clientFrom(values: OptionValues, env = process.env): ApiClient {
  const given = typeof values.api === 'string' ? values.api : env.KUDUSO_API || DEFAULT_API;
  let base: string;
  try {
    const u = new URL(given);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    base = u.href.replace(/\/+$/, '');
  } catch {
    throw new CliError(`--api ${JSON.stringify(given)} is not an http(s) URL`, 2);
  }
  const auth: Record<string, string> = env.KUDUSO_TOKEN
    ? { authorization: `Bearer ${env.KUDUSO_TOKEN}` }
    : {};
  const raw = async (url: string, init: RequestInit = {}) => {
    try {
      return await fetch(url, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
    } catch (e) {
      throw unreachable(base, e);
    }
  };
  return {
    base,
    raw,
    async request(method, path, opts = {}) {
      const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      const res = await raw(`${base}${path}`, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
      const text = await res.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        throw new CliError(`${method} ${base}${path} answered ${res.status} with a body that is not JSON`);
      }
      if (res.status >= 400)
        throw new CliError(describeApiError(res.status, body), res.status === 422 ? 3 : 1);
      return { status: res.status, headers: res.headers, body };
    },
  };
}

/** A job id as a path segment: the API judges its shape; the client only keeps the URL well-formed. */
export function idPath(id: string): string {
  return encodeURIComponent(id);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
