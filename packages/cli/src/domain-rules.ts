// The definitions' own rules the API checks before queueing (beyond the JSON schema), wired here so the API
// package stays free of any definition's code.
import { toEngineError } from '@kuduso/appserver';
import { domainError } from '@kuduso/core';
import { checkSitefitInputs } from '@kuduso/sitefit';

/** Throws a 422 whose field points into the request body (`/inputs/...`). */
export function domainCheck(definition: string, version: string, inputs: Record<string, unknown>): void {
  if (definition !== 'sitefit') return;
  try {
    checkSitefitInputs(version, inputs);
  } catch (e) {
    const err = toEngineError(e);
    if (err.status !== 422) throw err;
    const reason = String(err.extra?.reason ?? err.code);
    throw domainError(reason, err.message, err.field ? `/inputs${err.field}` : '/inputs', err.hint);
  }
}
