import { apiOption } from '../client/api-client.ts';
import { type Command, stringOption } from '../command.ts';

export const submit: Command = {
  name: 'submit',
  summary: 'submit a job from a JSON file (or - for stdin); prints its id, or its result with --wait',
  args: '<request.json|->',
  description: `The file is a POST /jobs/run body {app_id, definition, version, inputs}, or only the inputs with
--definition name@version. Exit codes: 0 accepted (or succeeded with --wait), 1 refused or failed, 2 usage,
3 domain rule (422).`,
  options: {
    definition: {
      type: 'string',
      placeholder: '<name@version>',
      description: 'the file holds only the inputs of this definition',
    },
    'app-id': {
      type: 'string',
      placeholder: '<id>',
      description: 'app_id when the file has none (default: cli)',
    },
    'idempotency-key': {
      type: 'string',
      placeholder: '<key>',
      description: 'retries with this key return the same job',
    },
    wait: {
      type: 'boolean',
      short: 'w',
      description: 'follow the job (progress on stderr) and print its result',
    },
    ...apiOption,
  },
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }) {
    const { runSubmit } = await import('../client/submit.ts');
    return runSubmit(positionals[0] as string, {
      values,
      definition: stringOption(values, 'definition'),
      appId: stringOption(values, 'app-id'),
      idempotencyKey: stringOption(values, 'idempotency-key'),
      wait: values.wait === true,
    });
  },
};
