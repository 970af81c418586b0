/**
 * A problem with the caller's geometry or parameters that no retry can fix (the AppServer maps it to 422).
 * `field` is a JSON pointer relative to the inputs, e.g. `/parcel/coordinates`.
 */
export class SitefitDomainError extends Error {
  readonly code: string;
  readonly field: string;
  readonly hint: string;

  constructor(code: string, message: string, field: string, hint: string) {
    super(message);
    this.name = 'SitefitDomainError';
    this.code = code;
    this.field = field;
    this.hint = hint;
  }
}
