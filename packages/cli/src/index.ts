// @kuduso/cli: the composition root. The `kuduso` command is ./main.ts.
export * from './domain-rules.ts';
export * from './roles.ts';
