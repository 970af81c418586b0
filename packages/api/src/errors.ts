// One error handler for the whole API: every failure leaves as JSON {code, message, field?, hint?} with the
// status of its code. Fastify's own errors (bad JSON, body too large, schema) are mapped to the catalogue.
import { KudusoError, toFieldErrors } from '@kuduso/core';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

export function sendError(reply: FastifyReply, err: KudusoError): FastifyReply {
  if (err.retryAfterSec !== undefined) reply.header('retry-after', String(Math.ceil(err.retryAfterSec)));
  return reply.code(err.status).type('application/json').send(err.toBody());
}

function fromFastify(err: FastifyError): KudusoError | undefined {
  if (err.validation) {
    const errors = toFieldErrors(
      err.validation as never,
      err.validationContext === 'body' ? '' : `/${err.validationContext}`,
    );
    const first = errors[0];
    return new KudusoError('VALIDATION_FAILED', {
      message: first?.message,
      field: first?.field,
      hint: first?.hint,
      errors,
    });
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
  if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new KudusoError('INVALID_JSON', { message: `The body is not valid JSON: ${err.message}` });
  }
  if (err.statusCode === 413) return new KudusoError('PAYLOAD_TOO_LARGE');
  if (err.statusCode === 415) return new KudusoError('UNSUPPORTED_MEDIA_TYPE');
  if (err.statusCode === 400) return new KudusoError('VALIDATION_FAILED', { message: err.message });
  return undefined;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof KudusoError ? error : fromFastify(error);
    if (known) {
      if (known.status >= 500) request.log.error({ err: error, code: known.code }, 'request failed');
      return sendError(reply, known);
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(reply, new KudusoError('INTERNAL'));
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new KudusoError('NOT_FOUND', { message: `No route ${request.method} ${request.url.split('?')[0]}.` }),
    ),
  );
}
