// The definitions' own rules the API checks before queueing (beyond the JSON schema), and the score the
// worker stores: both from the definition modules (bindings.module), so the API and worker packages stay free
// of any definition's code.
import { type Definitions, scoreOf, toEngineError } from '@kuduso/appserver';
import { domainError, KudusoError } from '@kuduso/core';

/**
 * A domainCheck for the API: throws a 422 whose field points into the request body (`/inputs/...`):
 * DOMAIN_INVALID with the domain's reason, or MANIFEST_LIMIT when the definition's error names the manifest
 * limit it exceeds (`{limit, max, actual}`, e.g. a work estimate above max_work).
 */
export function domainCheckFor(definitions: Definitions) {
  return (
    definition: string,
    version: string,
    inputs: Record<string, unknown>,
    manifest?: Readonly<Record<string, unknown>>,
  ): void => {
    const module = definitions.get(`${definition}@${version}`);
    if (!module?.precheck) return;
    try {
      module.precheck(inputs, { manifest: manifest ?? {} });
    } catch (e) {
      const limit = e as { code?: unknown; limit?: unknown; max?: unknown; actual?: unknown };
      const err = toEngineError(e, module.isDomainError);
      if (err.status !== 422) throw err;
      const field = err.field ? `/inputs${err.field}` : '/inputs';
      if (typeof limit.limit === 'string') {
        throw new KudusoError('MANIFEST_LIMIT', {
          message: err.message,
          field,
          hint: err.hint,
          extra: { limit: limit.limit, max: limit.max, actual: limit.actual, reason: limit.code },
        });
      }
      const reason = String(err.extra?.reason ?? err.code);
      throw domainError(reason, err.message, field, err.hint);
    }
  };
}

/** The worker's scoreOf hook. */
export function scoreFor(definitions: Definitions) {
  return (id: string, outputs: Record<string, unknown>) => scoreOf(definitions, id, outputs);
}
