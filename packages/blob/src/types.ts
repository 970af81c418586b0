// Where artifact files live. Keys are relative paths such as `jobs/<job_id>/placements.geojson`.
export interface StoredBlob {
  key: string;
  contentType: string;
  sizeBytes: number;
  /** Hex SHA-256 of the bytes. */
  checksum: string;
}

export interface BlobStore {
  readonly backend: 'fs' | 'azure';
  put(key: string, body: Uint8Array, contentType: string): Promise<StoredBlob>;
  /** null when the key does not exist. */
  get(key: string): Promise<{ body: Uint8Array; contentType: string } | null>;
  /**
   * A URL the client can fetch directly until expiresAt, when the backend can mint one (Azure SAS);
   * null when the API must serve the bytes itself behind its own signed link (fs).
   */
  directUrl(key: string, expiresAt: Date): Promise<string | null>;
  /** Removes the blob; false when it was already gone (so a retried purge is not an error). */
  delete(key: string): Promise<boolean>;
  /** Readiness probe. */
  check(): Promise<void>;
}
