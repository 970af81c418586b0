// Replaying a dead letter as an operator means: the job row back to queued with a fresh attempt budget and
// its message back on the queue, in one transaction (pg-boss) or with the letter removed only after that
// transaction committed (brokers: the message goes out through the outbox). One function for the admin API
// and `kuduso dlq replay`.
import { requeueFailedJob } from '@kuduso/db';
import type { DeadLetterAdmin } from './types.ts';

export function replayDeadLetterJob(admin: DeadLetterAdmin, id: string): Promise<boolean> {
  return admin.replayDeadLetter(id, {
    onReplay: async (tx, message) => {
      await requeueFailedJob(tx, message.job_id);
    },
  });
}
