// The CRS domain error. It is created through a factory so the CRS code can stay independent of who raises the
// 422 (the v2 solver wraps it into the package's SitefitDomainError).
export class UnsupportedCrsError extends Error {
  readonly code = 'UNSUPPORTED_CRS';
  readonly status = 422;
  readonly field: string;
  readonly hint: string;
  constructor(crs: string, field: string, hint: string) {
    super(`Unsupported CRS ${JSON.stringify(crs)}`);
    this.name = 'UnsupportedCrsError';
    this.field = field;
    this.hint = hint;
  }
}
