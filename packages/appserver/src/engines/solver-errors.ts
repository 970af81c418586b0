// How a builtin solver's failure becomes an API error. A definition signals infeasible inputs with a domain
// error (`{code, message, field?, hint?}` that its module's isDomainError recognises, or any error with
// status 422 and a code); anything else is an engine fault. The plain-object form crosses the solver-thread
// boundary, where Error subclasses lose their identity.
import { domainError, isKudusoError, KudusoError } from '@kuduso/core';

export type SolverFailure =
  | { kind: 'domain'; code: string; message: string; field?: string; hint?: string }
  | { kind: 'failed'; message: string }
  /** A limit of the engine (stack, memory) the same inputs hit on every attempt: not retryable. */
  | { kind: 'resource'; limit: 'stack' | 'memory'; message: string };

/** The hint of every resource-limit failure: the work, not the luck, has to change. */
export const RESOURCE_HINT =
  'The same inputs hit this limit on every attempt: reduce the work (a larger rotation.step or a narrower rotation range, fewer parcel or exclusion vertices).';

/** Errors V8 throws when a computation outgrows the thread's stack or a single allocation. */
function resourceLimitOf(e: unknown): 'stack' | 'memory' | null {
  if (!(e instanceof RangeError)) return null;
  if (/Maximum call stack size exceeded/.test(e.message)) return 'stack';
  if (/Invalid array length|Array buffer allocation failed|Invalid typed array length/.test(e.message))
    return 'memory';
  return null;
}

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
  const limit = resourceLimitOf(e);
  if (limit) {
    return {
      kind: 'resource',
      limit,
      message:
        limit === 'stack'
          ? 'The solver exceeded its call stack (RangeError: Maximum call stack size exceeded).'
          : `The solver could not allocate memory (${(e as Error).message}).`,
    };
  }
  return { kind: 'failed', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}

/** The API error for a solver failure. Engine fault details go to the log, not to the client. */
export function solverFailureToError(f: SolverFailure): KudusoError {
  if (f.kind === 'domain') return domainError(f.code, f.message, f.field, f.hint);
  if (f.kind === 'resource') {
    return new KudusoError('ENGINE_RESOURCE_LIMIT', {
      message: f.message,
      hint: RESOURCE_HINT,
      extra: { limit: f.limit },
    });
  }
  return new KudusoError('ENGINE_FAILED', { cause: new Error(f.message) });
}

export function toEngineError(e: unknown, isDomainError?: (e: unknown) => boolean): KudusoError {
  if (isKudusoError(e)) return e;
  return solverFailureToError(describeSolverError(e, isDomainError));
}
