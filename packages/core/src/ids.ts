// Identifiers crossing the API boundary.
import { randomUUID } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Correlation ids come from clients: printable, bounded, nothing that could forge a log line.
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function isUuid(s: string): boolean {
  return UUID.test(s);
}

export function newId(): string {
  return randomUUID();
}

export function isValidCorrelationId(s: string): boolean {
  return CORRELATION_ID.test(s);
}
