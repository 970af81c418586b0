// How a builtin solver's failure becomes an API error. A definition signals infeasible inputs with a domain
// error (`{code, message, field?, hint?}` that its module's isDomainError recognises, or any error with
// status 422 and a code); anything else is an engine fault. The plain-object form crosses the solver-thread
// boundary, where Error subclasses lose their identity.
import { domainError, isKudusoError, KudusoError } from '@kuduso/core';

export type SolverFailure =
  | { kind: 'domain'; code: string; message: string; field?: string; hint?: string }
  | { kind: 'failed'; message: string };

/** A field as a JSON pointer: definitions may name fields `parcel.coordinates` or `/parcel/coordinates`. */
function pointer(field: unknown): string | undefined {
  if (typeof field !== 'string' || field === '') return undefined;
  return field.startsWith('/') ? field : `/${field.replace(/\./g, '/')}`;
}

export function describeSolverError(e: unknown, isDomainError?: (e: unknown) => boolean): SolverFailure {
  const err = e as { status?: unknown; code?: unknown; message?: unknown; field?: unknown; hint?: unknown };
  const isDomain =
    e instanceof Error && typeof err.code === 'string' && (isDomainError?.(e) === true || err.status === 422);
  if (isDomain) {
    return {
      kind: 'domain',
      code: err.code as string,
      message: String(err.message),
      field: pointer(err.field),
      hint: typeof err.hint === 'string' ? err.hint : undefined,
    };
  }
  return { kind: 'failed', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}

/** The API error for a solver failure. Engine fault details go to the log, not to the client. */
export function solverFailureToError(f: SolverFailure): KudusoError {
  if (f.kind === 'domain') return domainError(f.code, f.message, f.field, f.hint);
  return new KudusoError('ENGINE_FAILED', { cause: new Error(f.message) });
}

export function toEngineError(e: unknown, isDomainError?: (e: unknown) => boolean): KudusoError {
  if (isKudusoError(e)) return e;
  return solverFailureToError(describeSolverError(e, isDomainError));
}
