// The artifact size cap, shared by every backend so a file that one store refuses no other store accepts.

/** Thrown by put() when a body exceeds the store's cap; callers turn it into a 413 or a clear job error. */
export class BlobTooLargeError extends Error {
  override name = 'BlobTooLargeError';
  readonly key: string;
  readonly sizeBytes: number;
  readonly maxBytes: number;
  constructor(key: string, sizeBytes: number, maxBytes: number) {
    super(`blob ${key} is ${sizeBytes} bytes, over the ${maxBytes}-byte artifact cap`);
    this.key = key;
    this.sizeBytes = sizeBytes;
    this.maxBytes = maxBytes;
  }
}

export function assertWithinCap(key: string, body: Uint8Array, maxBytes: number | undefined): void {
  if (maxBytes !== undefined && body.byteLength > maxBytes) {
    throw new BlobTooLargeError(key, body.byteLength, maxBytes);
  }
}
