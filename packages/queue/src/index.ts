export * from './errors.ts';
export * from './factory.ts';
export * from './pgboss.ts';
export type * from './types.ts';
