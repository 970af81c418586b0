import { type Command, stringOption } from '../command.ts';

export const dlq: Command = {
  name: 'dlq',
  summary: 'dead letters on any queue backend: list | show <id> | replay <id> | replay --all',
  args: '<list|show|replay> [id]',
  description: `Prints JSON. Replaying puts the job back to queued with a fresh attempt budget and its message back on the
queue (broker backends: through the outbox, published at once). The admin API does the same:
GET /admin/dead-letters[/:id], POST /admin/dead-letters/:id/replay.

environment: DATABASE_URL, QUEUE_BACKEND and its broker settings, QUEUE_NAME`,
  options: {
    all: { type: 'boolean', description: 'with replay: every dead letter' },
    limit: { type: 'string', placeholder: '<n>', description: 'with list: at most this many (default 100)' },
  },
  positionals: { min: 1, max: 2 },
  async run({ values, positionals }) {
    const args = [...positionals];
    if (values.all) args.push('--all');
    const limit = stringOption(values, 'limit');
    if (limit !== undefined) args.push('--limit', limit);
    return (await import('../dlq.ts')).runDlq(args);
  },
};
