import { apiOption } from '../client/api-client.ts';
import { type Command, stringOption } from '../command.ts';

export const result: Command = {
  name: 'result',
  summary: "a finished job's outputs as JSON; --out-dir downloads its artifacts",
  args: '<job-id>',
  options: {
    'out-dir': {
      type: 'string',
      placeholder: '<dir>',
      description: 'download every artifact into this folder',
    },
    ...apiOption,
  },
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }) {
    const { clientFrom, idPath, printJson } = await import('../client/api-client.ts');
    const client = clientFrom(values);
    const outDir = stringOption(values, 'out-dir');
    const { body } = await client.request('GET', `/jobs/result/${idPath(positionals[0] as string)}`);
    if (outDir) await (await import('../client/download.ts')).downloadArtifacts(client, body, outDir);
    printJson(body);
    return 0;
  },
};
