export * from './errors.ts';
export * from './factory.ts';
export * from './outbox.ts';
export * from './pgboss.ts';
export * from './rabbitmq.ts';
export * from './relay.ts';
export type * from './types.ts';
