import { apiOption } from '../client/api-client.ts';
import type { Command } from '../command.ts';

export const status: Command = {
  name: 'status',
  summary: "a job's status as JSON (GET /jobs/status/{id})",
  args: '<job-id>',
  options: apiOption,
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }) {
    const { clientFrom, idPath, printJson } = await import('../client/api-client.ts');
    const { body } = await clientFrom(values).request(
      'GET',
      `/jobs/status/${idPath(positionals[0] as string)}`,
    );
    printJson(body);
    return 0;
  },
};
