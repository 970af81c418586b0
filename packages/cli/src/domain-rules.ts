// The definitions' own rules the API checks before queueing (beyond the JSON schema), and the score the
// worker stores: both from the definition modules (bindings.module), so the API and worker packages stay free
// of any definition's code.
import { type Definitions, scoreOf, toEngineError } from '@kuduso/appserver';
import { domainError } from '@kuduso/core';

/** A domainCheck for the API: throws a 422 whose field points into the request body (`/inputs/...`). */
export function domainCheckFor(definitions: Definitions) {
  return (definition: string, version: string, inputs: Record<string, unknown>): void => {
    const module = definitions.get(`${definition}@${version}`);
    if (!module?.precheck) return;
    try {
      module.precheck(inputs);
    } catch (e) {
      const err = toEngineError(e, module.isDomainError);
      if (err.status !== 422) throw err;
      const reason = String(err.extra?.reason ?? err.code);
      throw domainError(reason, err.message, err.field ? `/inputs${err.field}` : '/inputs', err.hint);
    }
  };
}

/** The worker's scoreOf hook. */
export function scoreFor(definitions: Definitions) {
  return (id: string, outputs: Record<string, unknown>) => scoreOf(definitions, id, outputs);
}
