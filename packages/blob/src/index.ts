// @kuduso/blob: where artifact files live: a local folder, or Azure Blob Storage (Azurite in tests).
export * from './azure-store.ts';
export * from './factory.ts';
export * from './fs-store.ts';
export * from './limits.ts';
export * from './types.ts';
