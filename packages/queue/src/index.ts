export * from './errors.ts';
export * from './pgboss.ts';
export type * from './types.ts';
