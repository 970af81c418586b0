// The one place a blob backend is chosen from the typed configuration: every role and the dev process use it.
import type { Config } from '@kuduso/core';
import { createAzureBlobStore } from './azure-store.ts';
import { createFsBlobStore } from './fs-store.ts';
import type { BlobStore } from './types.ts';

export type BlobConfig = Pick<
  Config,
  | 'blobBackend'
  | 'blobDir'
  | 'blobContainer'
  | 'azureStorageConnectionString'
  | 'azureStorageAccountUrl'
  | 'azureClientId'
  | 'artifactMaxBytes'
>;

export function createBlobStore(config: BlobConfig): BlobStore {
  if (config.blobBackend === 'azure') {
    return createAzureBlobStore({
      container: config.blobContainer,
      connectionString: config.azureStorageConnectionString,
      accountUrl: config.azureStorageAccountUrl,
      managedIdentityClientId: config.azureClientId,
      maxBytes: config.artifactMaxBytes,
    });
  }
  return createFsBlobStore(config.blobDir, { maxBytes: config.artifactMaxBytes });
}
