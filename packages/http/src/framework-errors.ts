// Errors answered before any route or hook runs: a URL Fastify cannot decode (400), a path parameter over
// maxParamLength (414), and what Node's HTTP parser refuses (431 header overflow, 408 timeout, 400 malformed
// request). They leave in the same JSON error shape as every other answer, with a correlation id, and never
// echo the offending input.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { KudusoError, newId } from '@kuduso/core';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { sendError } from './errors.ts';

/** Longest request line we read as "a long header" rather than "a long URL" when the parser overflows. */
const LONG_REQUEST_LINE = 4096;

function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  // No onRequest hook ran: echo the correlation id here.
  reply.header('x-correlation-id', request.id);
  const mapped =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new KudusoError('URI_TOO_LONG', { hint: 'A job id is a UUID (36 characters).' })
      : err.code === 'FST_ERR_BAD_URL'
        ? new KudusoError('BAD_REQUEST', { message: 'The URL is not valid (a broken %-escape?).' })
        : new KudusoError('INTERNAL');
  if (mapped.status >= 500) request.log.error({ err }, 'framework error');
  sendError(reply, mapped);
}

/** The request line (method, URL) is what overflowed when no line break came early. */
function requestLineTooLong(err: Error & { rawPacket?: Buffer }): boolean {
  const raw = err.rawPacket;
  if (!raw) return false;
  const eol = raw.indexOf('\r\n');
  return eol < 0 ? raw.length > LONG_REQUEST_LINE : eol > LONG_REQUEST_LINE;
}

export function errorForClientError(err: NodeJS.ErrnoException & { rawPacket?: Buffer }): KudusoError {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return requestLineTooLong(err) ? new KudusoError('URI_TOO_LONG') : new KudusoError('HEADERS_TOO_LARGE');
    case 'HPE_URI_TOO_LONG':
      return new KudusoError('URI_TOO_LONG');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new KudusoError('REQUEST_TIMEOUT');
    default:
      return new KudusoError('BAD_REQUEST', { message: 'The request is not valid HTTP.' });
  }
}

function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const e = errorForClientError(err);
  const body = JSON.stringify(e.toBody());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${e.status} ${STATUS_CODES[e.status]}\r\n` +
        'content-type: application/json; charset=utf-8\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        `x-correlation-id: ${newId()}\r\n` +
        'connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(err);
}

/** Fastify options routing its framework-level errors into the JSON error shape. */
export const frameworkErrorOptions: Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> = {
  frameworkErrors,
  clientErrorHandler,
};
