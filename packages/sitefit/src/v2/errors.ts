// Domain errors (HTTP 422) of the v2 solver are the package's SitefitDomainError: one class for the AppServer to
// map, each with a stable code, a JSON pointer into the inputs and a hint.
import { UnsupportedCrsError } from '../crs/errors.ts';
import { SitefitDomainError } from '../errors.ts';

export function domainError(code: string, message: string, field: string, hint = ''): SitefitDomainError {
  return new SitefitDomainError(code, message, field, hint);
}

/** Re-raises the CRS module's error as the package's domain error (same code, field and hint). */
export function asDomainError(e: unknown): unknown {
  if (e instanceof UnsupportedCrsError) return domainError(e.code, e.message, e.field, e.hint);
  return e;
}
