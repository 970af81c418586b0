// The blob store BLOB_BACKEND names.
import { type BlobStore, createFsBlobStore } from '@kuduso/blob';
import type { Config } from '@kuduso/core';

export function createBlobStore(config: Pick<Config, 'blobBackend' | 'blobDir'>): BlobStore {
  if (config.blobBackend === 'fs') return createFsBlobStore(config.blobDir);
  throw new Error(`BLOB_BACKEND=${config.blobBackend} is not available in this build; use fs`);
}
