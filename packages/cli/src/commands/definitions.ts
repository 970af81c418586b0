import { apiOption } from '../client/api-client.ts';
import type { Command } from '../command.ts';

export const definitions: Command = {
  name: 'definitions',
  summary: 'what the API can run, as JSON (GET /definitions)',
  options: apiOption,
  async run({ values }) {
    const { clientFrom, printJson } = await import('../client/api-client.ts');
    const { body } = await clientFrom(values).request('GET', '/definitions');
    printJson(body);
    return 0;
  },
};
