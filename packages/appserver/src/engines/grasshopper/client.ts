// Rhino.Compute over HTTP: JSON in and out, the RhinoComputeKey header on every call, every failure as a
// catalogue error. A request stops for real (the socket is closed) when the caller's signal fires or
// COMPUTE_TIMEOUT_SEC passes.
import { KudusoError } from '@kuduso/core';

export interface ComputeClientOptions {
  /** e.g. http://compute:6500/ */
  url: string;
  apiKey?: string;
  /** One request's limit in ms. */
  timeoutMs: number;
}

export interface ComputeResponse {
  status: number;
  /** Parsed JSON, or undefined when the body is not JSON (then `text` holds it). */
  json?: unknown;
  text: string;
}

export class ComputeClient {
  readonly #base: string;
  readonly #apiKey?: string;
  readonly #timeoutMs: number;

  constructor(options: ComputeClientOptions) {
    this.#base = options.url.endsWith('/') ? options.url : `${options.url}/`;
    this.#apiKey = options.apiKey;
    this.#timeoutMs = options.timeoutMs;
  }

  /**
   * Any answer Compute gives, except 401/403 (502 ENGINE_AUTH_FAILED, not retryable: a wrong key never heals
   * by itself). No answer: 503 UPSTREAM_UNAVAILABLE; too slow: 504 ENGINE_TIMEOUT; the caller's signal: its reason.
   */
  async request(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<ComputeResponse> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.#apiKey) headers.RhinoComputeKey = this.#apiKey;
    let res: Response;
    let text: string;
    try {
      res = await fetch(new URL(path.replace(/^\//, ''), this.#base), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: combined,
      });
      text = await res.text();
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted) {
        throw new KudusoError('ENGINE_TIMEOUT', {
          message: `Rhino.Compute did not answer ${method} /${path.replace(/^\//, '')} within ${this.#timeoutMs / 1000} s (COMPUTE_TIMEOUT_SEC).`,
        });
      }
      throw new KudusoError('UPSTREAM_UNAVAILABLE', {
        message: 'Rhino.Compute is unreachable.',
        retryAfterSec: 5,
        cause: e,
      });
    }
    if (res.status === 401 || res.status === 403) {
      throw new KudusoError('ENGINE_AUTH_FAILED', {
        message: `Rhino.Compute answered ${res.status} to the AppServer: set COMPUTE_API_KEY to the server's RhinoComputeKey.`,
      });
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  }
}
