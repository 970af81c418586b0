// One error handler: a KudusoError leaves as its body and status; Fastify's own errors (bad JSON, body too
// large, wrong media type, schema) are mapped to the catalogue; anything else is a 500 INTERNAL that names no
// internals (the details go to the log with the correlation id).
import { KudusoError, toFieldErrors } from '@kuduso/core';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { type RouteTable, recordRoutes } from './routes-table.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The routes and their methods (for 405 and for tests that walk every route). */
    kudusoRoutes: RouteTable;
  }
  interface FastifyRequest {
    /** Byte length of the raw JSON body (for manifest.max_payload_bytes). */
    bodyBytes?: number;
  }
}

/** Deepest nesting of arrays/objects in JSON text (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/** No contract nests this deep; deeper input would only exhaust the validator's stack. */
export const MAX_JSON_DEPTH = 64;

export function sendError(reply: FastifyReply, err: KudusoError): FastifyReply {
  if (err.retryAfterSec !== undefined)
    reply.header('retry-after', String(Math.max(1, Math.ceil(err.retryAfterSec))));
  if (err.status === 401 && !reply.hasHeader('www-authenticate')) reply.header('www-authenticate', 'Bearer');
  return reply.code(err.status).type('application/json').send(err.toBody());
}

function fromFastify(err: FastifyError): KudusoError | undefined {
  if (err.validation) {
    const ctx = err.validationContext;
    const errors = toFieldErrors(err.validation as never, ctx === 'body' ? '' : `/${ctx}`);
    const first = errors[0];
    const code = ctx === 'headers' ? 'INVALID_HEADER' : 'VALIDATION_FAILED';
    return new KudusoError(code, { message: first?.message, field: first?.field, hint: first?.hint, errors });
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new KudusoError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new KudusoError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new KudusoError('INVALID_JSON', { message: 'The body is empty; send a JSON object.' });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new KudusoError('INVALID_HEADER', { message: 'Content-Length does not match the body.' });
  }
  if (err.statusCode === 413) return new KudusoError('PAYLOAD_TOO_LARGE');
  if (err.statusCode === 415) return new KudusoError('UNSUPPORTED_MEDIA_TYPE');
  if (err.statusCode === 400)
    return new KudusoError('VALIDATION_FAILED', { message: shorten(err.message, 200) });
  if (err.statusCode === 404) return new KudusoError('NOT_FOUND');
  if (err.statusCode === 405) return new KudusoError('METHOD_NOT_ALLOWED');
  if (err.statusCode === 408) return new KudusoError('REQUEST_TIMEOUT');
  if (err.statusCode === 414) return new KudusoError('URI_TOO_LONG');
  if (err.statusCode === 431) return new KudusoError('HEADERS_TOO_LARGE');
  if (err.statusCode === 503) return new KudusoError('UPSTREAM_UNAVAILABLE');
  // Any other client error Fastify raises (FST_ERR_*): a 400 in our shape, never its raw message.
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
    return new KudusoError('BAD_REQUEST', {
      message: `The request was refused (${err.code ?? err.statusCode}).`,
    });
  return undefined;
}

/** What of a request an error message may quote: never more than a short prefix. */
export function shorten(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * The JSON error shape for everything a Fastify server answers: our errors, Fastify's (schema, body, media
 * type), unknown paths (404) and known paths with another method (405 with Allow). Framework-level errors
 * answered before any hook (414, 431, bad URL) need `frameworkErrorOptions` in the Fastify constructor.
 */
export function registerErrorHandling(app: FastifyInstance): RouteTable {
  const routes = recordRoutes(app);
  app.decorate('kudusoRoutes', routes);
  // Our own JSON parser: it measures the body and turns every parse failure into a 400 INVALID_JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.bodyBytes = body.length;
    if (body.length === 0) {
      done(new KudusoError('INVALID_JSON', { message: 'The body is empty; send a JSON object.' }));
      return;
    }
    const text = body.toString('utf8');
    if (jsonDepth(text) > MAX_JSON_DEPTH) {
      done(
        new KudusoError('INVALID_JSON', { message: `The body nests deeper than ${MAX_JSON_DEPTH} levels.` }),
      );
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(
        new KudusoError('INVALID_JSON', { message: `The body is not valid JSON: ${(e as Error).message}` }),
      );
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof KudusoError ? error : fromFastify(error);
    if (known) {
      if (known.status >= 500) request.log.error({ err: error, code: known.code }, 'request failed');
      return sendError(reply, known);
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(reply, new KudusoError('INTERNAL'));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = routes.allowed(path);
    if (allowed.length && !allowed.includes(request.method)) {
      reply.header('allow', allowed.join(', '));
      return sendError(
        reply,
        new KudusoError('METHOD_NOT_ALLOWED', {
          message: `${shorten(request.method)} is not allowed here; use ${allowed.join(', ')}.`,
        }),
      );
    }
    return sendError(
      reply,
      new KudusoError('NOT_FOUND', { message: `No route ${shorten(request.method)} ${shorten(path)}.` }),
    );
  });
  return routes;
}

/**
 * While the server closes, new requests get our own 503 body (Fastify's built-in one has another shape), with
 * Retry-After so clients and workers come back to another replica.
 */
export function registerClosingGuard(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async () => {
    if (closing) {
      throw new KudusoError('UPSTREAM_UNAVAILABLE', {
        message: 'The server is shutting down.',
        retryAfterSec: 1,
      });
    }
  });
}
