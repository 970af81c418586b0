// The definitions' own rules the API checks before queueing (beyond the JSON schema), wired here so the API
// package stays free of any definition's code.
import { toEngineError } from '@kuduso/appserver';
import { domainError, KudusoError } from '@kuduso/core';
import { checkSitefitInputs } from '@kuduso/sitefit';

/**
 * Throws a 422 whose field points into the request body (`/inputs/...`): DOMAIN_INVALID with the domain's
 * reason, or MANIFEST_LIMIT (limit max_work) when the work estimate is above the manifest's cap.
 */
export function domainCheck(
  definition: string,
  version: string,
  inputs: Record<string, unknown>,
  manifest?: Readonly<Record<string, unknown>>,
): void {
  if (definition !== 'sitefit') return;
  try {
    const maxWork = manifest?.max_work;
    checkSitefitInputs(version, inputs, { maxWork: typeof maxWork === 'number' ? maxWork : undefined });
  } catch (e) {
    const limit = e as { code?: unknown; limit?: unknown; max?: unknown; actual?: unknown };
    const err = toEngineError(e);
    if (err.status !== 422) throw err;
    const field = err.field ? `/inputs${err.field}` : '/inputs';
    if (limit.code === 'WORK_LIMIT_EXCEEDED') {
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
}
