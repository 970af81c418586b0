// The server roles share one shape: no options of their own, configuration from the environment.
import type { Role } from '@kuduso/core';
import type { Command } from '../command.ts';
import type { Starter } from '../serve.ts';

export function serverCommand(
  role: Role,
  summary: string,
  description: string,
  starter: () => Promise<Starter>,
): Command {
  return {
    name: role,
    summary,
    description,
    async run() {
      const [{ serve }, start] = await Promise.all([import('../serve.ts'), starter()]);
      return serve(role, start);
    },
  };
}
