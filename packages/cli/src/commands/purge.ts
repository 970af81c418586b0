import { type Command, stringOption } from '../command.ts';

export const purge: Command = {
  name: 'purge',
  summary:
    'delete finished jobs, results, artifacts and blobs older than --older-than (default RETENTION_DAYS)',
  description:
    'Prints a JSON report. environment: DATABASE_URL (or the dev data folder), BLOB_BACKEND, RETENTION_DAYS',
  options: {
    'older-than': { type: 'string', placeholder: '<age>', description: 'like 30d, 12h or 90m' },
    'dry-run': { type: 'boolean', description: 'count what would go, delete nothing' },
    'batch-size': {
      type: 'string',
      placeholder: '<n>',
      description: 'rows per batch (default RETENTION_BATCH_SIZE)',
    },
  },
  async run({ values }) {
    // runPurge checks the values itself (the same messages as the maintenance task's configuration).
    const args: string[] = [];
    for (const name of ['older-than', 'batch-size']) {
      const v = stringOption(values, name);
      if (v !== undefined) args.push(`--${name}`, v);
    }
    if (values['dry-run']) args.push('--dry-run');
    return (await import('../purge.ts')).runPurge(args);
  },
};
