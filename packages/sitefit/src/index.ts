// @kuduso/sitefit: pure sitefit geometry (no I/O). See ../README.md for the method and its guarantees.
export * from './artifacts/index.ts';
export * from './crs/index.ts';
export * from './v2/index.ts';
