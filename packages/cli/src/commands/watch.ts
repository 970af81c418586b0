import { apiOption } from '../client/api-client.ts';
import type { Command } from '../command.ts';

export const watch: Command = {
  name: 'watch',
  summary: "a job's status changes as JSON lines until it ends (GET /jobs/{id}/events)",
  args: '<job-id>',
  description: 'Exit code: 0 when the job succeeded, 1 when it failed or was cancelled.',
  options: apiOption,
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }) {
    const { clientFrom } = await import('../client/api-client.ts');
    const { followJob } = await import('../client/follow.ts');
    const last = await followJob(clientFrom(values), positionals[0] as string, (s) =>
      process.stdout.write(`${JSON.stringify(s)}\n`),
    );
    return last.status === 'succeeded' ? 0 : 1;
  },
};
