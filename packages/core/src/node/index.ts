// @kuduso/core/node: the few helpers of core that touch the process (files, stdout).
export * from './load-contracts.ts';
export * from './logger.ts';
