// @kuduso/blob: where artifact files live (a folder now; Azure Blob in a later issue).
export * from './fs-store.ts';
export * from './types.ts';
