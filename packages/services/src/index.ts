// @kuduso/services: the composition root (openServices) and the factories it uses.
export * from './open.ts';
export * from './secret.ts';
