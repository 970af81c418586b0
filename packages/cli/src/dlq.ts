// `kuduso dlq list | show ID | replay ID | replay --all`: dead letters on whatever QUEUE_BACKEND is
// configured, straight through the composition root (the same functions as the admin API). JSON on stdout.
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig } from '@kuduso/core';
import { createLogger } from '@kuduso/core/node';
import { createRelay, type Publisher, replayDeadLetterJob } from '@kuduso/queue';
import { openServices } from '@kuduso/services';

export const DLQ_USAGE = `kuduso dlq list [--limit N]    dead letters, oldest first (JSON)
kuduso dlq show ID             one dead letter (JSON)
kuduso dlq replay ID           its job back to queued, its message back on the queue
kuduso dlq replay --all        every dead letter

Needs DATABASE_URL and the queue settings of the deployment (QUEUE_BACKEND, RABBITMQ_URL, ...).`;

export async function runDlq(argv: string[], env = process.env): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    console.error(`kuduso dlq: ${(e as Error).message}\n\n${DLQ_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(DLQ_USAGE);
    return 0;
  }
  const [action, id, ...extra] = positionals;
  const valid =
    extra.length === 0 &&
    ((action === 'list' && !id) ||
      (action === 'show' && id) ||
      (action === 'replay' && (id ? !values.all : values.all)));
  if (!valid) {
    console.error(`kuduso dlq: expected list, show ID, replay ID or replay --all\n\n${DLQ_USAGE}`);
    return 2;
  }
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(env, 'dlq');
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`kuduso dlq: ${e.message}`);
      return 2;
    }
    throw e;
  }
  // Logs go to stderr: stdout is the command's JSON.
  const logger = createLogger('dlq', env.LOG_LEVEL ?? 'warn', {
    write: (l: string) => void process.stderr.write(l),
  });
  const services = await openServices(config, 'dlq', { logger });
  try {
    const admin = services.deadLetters;
    if (action === 'list') {
      console.log(JSON.stringify(await admin.listDeadLetters(Number(values.limit ?? 100)), null, 2));
      return 0;
    }
    if (action === 'show') {
      const letter = await admin.inspectDeadLetter(String(id));
      if (!letter) {
        console.error(`kuduso dlq: no dead letter ${id}`);
        return 1;
      }
      console.log(JSON.stringify(letter, null, 2));
      return 0;
    }
    const ids = id ? [id] : (await admin.listDeadLetters(100_000)).map((l) => l.id);
    const replayed: string[] = [];
    const missing: string[] = [];
    for (const one of ids) ((await replayDeadLetterJob(admin, one)) ? replayed : missing).push(one);
    // Broker backends replay through the outbox: publish it now rather than wait for a relay process.
    const q = services.queue as unknown as Partial<Publisher>;
    if (!services.queue.transactionalSend && typeof q.publish === 'function') {
      await createRelay({ db: services.db, publisher: q as Publisher, topic: config.queueName }).drain();
    }
    console.log(JSON.stringify({ replayed, missing }, null, 2));
    return missing.length && id ? 1 : 0;
  } finally {
    await services.close();
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { all: { type: 'boolean' }, limit: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}
