import { serverCommand } from './server-command.ts';

export const relay = serverCommand(
  'relay',
  'publishes the outbox to the broker (QUEUE_BACKEND=rabbitmq|servicebus; needs DATABASE_URL)',
  `Several relays may run at once (rows are claimed FOR UPDATE SKIP LOCKED). With QUEUE_BACKEND=pgboss there is
no outbox and the relay idles. \`kuduso dev\` runs one itself; RELAY_IN_API=true runs one inside \`api\`.

environment: DATABASE_URL, QUEUE_BACKEND, RABBITMQ_URL or SERVICEBUS_CONN/SERVICEBUS_QUEUE, QUEUE_NAME, RELAY_BATCH`,
  async () => (await import('../roles.ts')).runRelay,
);
