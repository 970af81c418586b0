// @kuduso/core: contracts, errors, hashing, configuration. No I/O here (see ./node for the few helpers that do).
export * from './canonical.ts';
export * from './config.ts';
export * from './contracts.ts';
export * from './errors.ts';
export * from './glossary.ts';
export * from './ids.ts';
export * from './manifest.ts';
export * from './signing.ts';
