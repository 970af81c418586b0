import { apiOption } from '../client/api-client.ts';
import { type Command, intOption, stringOption } from '../command.ts';

export const list: Command = {
  name: 'list',
  summary: 'jobs, newest first, as JSON (GET /jobs)',
  description: 'Prints {items, next_cursor}; pass next_cursor back as --cursor for the next page.',
  options: {
    status: {
      type: 'string',
      placeholder: '<status>',
      description: 'queued, running, succeeded, failed or cancelled',
    },
    definition: {
      type: 'string',
      placeholder: '<name[@version]>',
      description: 'only jobs of this definition',
    },
    limit: { type: 'string', placeholder: '<n>', description: 'jobs per page, 1 to 100 (default 20)' },
    cursor: { type: 'string', placeholder: '<cursor>', description: 'the next_cursor of the previous page' },
    ...apiOption,
  },
  async run({ values }) {
    const query = new URLSearchParams();
    for (const k of ['status', 'definition', 'cursor']) {
      const v = stringOption(values, k);
      if (v !== undefined) query.set(k, v);
    }
    const limit = intOption(values, 'limit', undefined, 1, 100);
    if (limit !== undefined) query.set('limit', String(limit));
    const { clientFrom, printJson } = await import('../client/api-client.ts');
    const q = query.size ? `?${query}` : '';
    const { body } = await clientFrom(values).request('GET', `/jobs${q}`);
    printJson(body);
    return 0;
  },
};
