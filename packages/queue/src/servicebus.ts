// The Azure Service Bus adapter (@azure/service-bus, peek-lock). Enqueue writes outbox rows; the relay sends
// them with messageId = job id, so the queue's duplicate detection drops a relay's second copy. Consuming:
// receiveMessages in peek-lock; renew = renewMessageLock (the queue's LockDuration is the lease: set it above
// LOCK_RENEW_SEC); complete / deadLetter (reason + description) settle it; retryLater schedules a copy at
// now + delay (scheduledEnqueueTimeUtc) with its own messageId, then completes the original; the queue's
// MaxDeliveryCount dead-letters a message whose consumers keep dying (reason MaxDeliveryCountExceeded).
// Dead letters live in the queue's dead-letter sub-queue: listed by peeking, replayed by receiving the letter,
// writing the job and an outbox row in one transaction, then completing the letter.
import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '@kuduso/db';
import { outboxLag } from '@kuduso/db';
import { LeaseLostError } from './errors.ts';
import { enqueueToOutbox } from './outbox.ts';
import {
  isLockLost,
  type SbAdmin,
  type SbClient,
  type SbMessage,
  type SbReceivedMessage,
  type SbReceiver,
  type SbSender,
} from './servicebus-surface.ts';
import type {
  DeadLetter,
  Delivery,
  EnqueueItem,
  JobMessage,
  Publisher,
  QueueBackendAdapter,
  ReceiveOptions,
  ReplayOptions,
} from './types.ts';

export interface ServiceBusQueueOptions {
  db: Db;
  client: SbClient;
  /** Queue counts for depth(); without it depth() counts only the outbox. */
  admin?: SbAdmin;
  name?: string;
  /** Informational: the queue's LockDuration is what holds (renew well within it). */
  leaseSec: number;
  /** How long receive() waits for a first message when the caller gave no waitMs (default 100 ms). */
  receiveWaitMs?: number;
}

const RETRIES = 'kuduso_retries';
const REASON = 'kuduso_reason';

function sequenceOf(m: SbReceivedMessage): string {
  return String(m.sequenceNumber ?? '');
}

export class ServiceBusQueue implements QueueBackendAdapter, Publisher {
  readonly backend = 'servicebus' as const;
  readonly transactionalSend = false;
  readonly name: string;
  readonly leaseSec: number;
  readonly #o: ServiceBusQueueOptions;
  #sender: SbSender | undefined;
  #receiver: SbReceiver | undefined;
  readonly #held = new Map<string, { msg: SbReceivedMessage; lost: AbortController }>();

  constructor(options: ServiceBusQueueOptions) {
    this.#o = options;
    this.name = options.name ?? 'kuduso-jobs';
    this.leaseSec = options.leaseSec;
  }

  get #send(): SbSender {
    this.#sender ??= this.#o.client.createSender(this.name);
    return this.#sender;
  }

  get #recv(): SbReceiver {
    this.#receiver ??= this.#o.client.createReceiver(this.name, { receiveMode: 'peekLock' });
    return this.#receiver;
  }

  /** Service Bus queues are created by infrastructure (Terraform/Bicep), not declared by clients. */
  async start(): Promise<void> {}

  async stop(): Promise<void> {
    // Unsettled messages' locks lapse and they come back (deliveryCount + 1).
    this.#held.clear();
    await this.#receiver?.close();
    await this.#sender?.close();
    this.#receiver = undefined;
    this.#sender = undefined;
  }

  enqueue(tx: Executor, items: EnqueueItem[]): Promise<void> {
    return enqueueToOutbox(tx, this.name, items);
  }

  async publish(items: EnqueueItem[]): Promise<void> {
    const now: SbMessage[] = [];
    for (const item of items) {
      const m = toSb(item.message, item.messageId ?? item.message.job_id, {});
      if (item.delaySec) await this.#send.scheduleMessages(m, new Date(Date.now() + item.delaySec * 1000));
      else now.push(m);
    }
    if (now.length) await this.#send.sendMessages(now);
  }

  async receive(options: ReceiveOptions = {}): Promise<Delivery[]> {
    const got = await this.#recv.receiveMessages(options.max ?? 1, {
      maxWaitTimeInMs: options.waitMs ?? this.#o.receiveWaitMs ?? 100,
    });
    return got.map((msg) => {
      const id = String(msg.lockToken);
      const lost = new AbortController();
      this.#held.set(id, { msg, lost });
      return {
        id,
        message: msg.body as JobMessage,
        deliveryCount: (msg.deliveryCount ?? 1) + Number(msg.applicationProperties?.[RETRIES] ?? 0),
        lost: lost.signal,
      };
    });
  }

  #holding(d: Delivery, action: string) {
    const h = this.#held.get(d.id);
    if (!h) throw new LeaseLostError(d.id, action);
    return h;
  }

  /** Runs a settle call; a lost lock becomes LeaseLostError (and aborts the delivery's `lost` signal). */
  async #settle(
    d: Delivery,
    action: string,
    fn: (msg: SbReceivedMessage) => Promise<unknown>,
  ): Promise<void> {
    const h = this.#holding(d, action);
    try {
      await fn(h.msg);
      if (action !== 'renew') this.#held.delete(d.id);
    } catch (e) {
      if (!isLockLost(e)) throw e;
      this.#held.delete(d.id);
      h.lost.abort('lease-lost');
      throw new LeaseLostError(d.id, action);
    }
  }

  async renew(d: Delivery): Promise<void> {
    await this.#settle(d, 'renew', (m) => this.#recv.renewMessageLock(m));
  }

  async complete(d: Delivery): Promise<void> {
    // A no-op when the lock was lost: the message is with another consumer, who finds the job finished.
    await this.#settle(d, 'complete', (m) => this.#recv.completeMessage(m)).catch((e) => {
      if (!(e instanceof LeaseLostError)) throw e;
    });
  }

  async retryLater(d: Delivery, delaySec: number, reason: string): Promise<void> {
    const h = this.#holding(d, 'retryLater');
    // The copy's own messageId: duplicate detection must not drop it as a repeat of the original.
    const copy = toSb(
      h.msg.body as JobMessage,
      `${(h.msg.body as JobMessage).job_id}:retry:${d.deliveryCount}:${randomUUID().slice(0, 8)}`,
      {
        [RETRIES]: d.deliveryCount,
        [REASON]: reason.slice(0, 1000),
      },
    );
    if (delaySec > 0) await this.#send.scheduleMessages(copy, new Date(Date.now() + delaySec * 1000));
    else await this.#send.sendMessages(copy);
    await this.#settle(d, 'retryLater', (m) => this.#recv.completeMessage(m));
  }

  async deadLetter(d: Delivery, reason: string): Promise<void> {
    await this.#settle(d, 'deadLetter', (m) =>
      this.#recv.deadLetterMessage(m, {
        deadLetterReason: reason.split(':')[0].slice(0, 200),
        deadLetterErrorDescription: reason.slice(0, 4000),
      }),
    );
  }

  async listDeadLetters(limit = 100): Promise<DeadLetter[]> {
    // A fresh receiver per listing: peeking pages from where the receiver's last peek ended.
    const dlq = this.#o.client.createReceiver(this.name, {
      receiveMode: 'peekLock',
      subQueueType: 'deadLetter',
    });
    try {
      const out: DeadLetter[] = [];
      while (out.length < limit) {
        const page = await dlq.peekMessages(Math.min(250, limit - out.length));
        if (page.length === 0) break;
        out.push(...page.map(toDeadLetter));
      }
      return out;
    } finally {
      await dlq.close();
    }
  }

  async inspectDeadLetter(id: string): Promise<DeadLetter | null> {
    return (await this.listDeadLetters(100_000)).find((l) => l.id === id) ?? null;
  }

  async replayDeadLetter(id: string, options: ReplayOptions = {}): Promise<boolean> {
    const dlq = this.#o.client.createReceiver(this.name, {
      receiveMode: 'peekLock',
      subQueueType: 'deadLetter',
    });
    const others: SbReceivedMessage[] = [];
    try {
      for (;;) {
        const page = await dlq.receiveMessages(50, { maxWaitTimeInMs: 200 });
        if (page.length === 0) return false;
        const found = page.find((m) => sequenceOf(m) === id);
        others.push(...page.filter((m) => m !== found));
        if (!found) continue;
        const message = found.body as JobMessage;
        await this.#o.db.transaction(async (tx) => {
          await options.onReplay?.(tx, message);
          await enqueueToOutbox(tx, this.name, [
            { message, messageId: `${message.job_id}:replay:${randomUUID().slice(0, 8)}` },
          ]);
        });
        await dlq.completeMessage(found);
        return true;
      }
    } finally {
      for (const m of others) await dlq.abandonMessage(m).catch(() => {});
      await dlq.close();
    }
  }

  async depth(): Promise<number> {
    const outbox = (await outboxLag(this.#o.db, this.name)).pending;
    if (!this.#o.admin) return outbox;
    const p = await this.#o.admin.getQueueRuntimeProperties(this.name);
    return p.activeMessageCount + p.scheduledMessageCount + outbox;
  }
}

function toSb(message: JobMessage, messageId: string, props: Record<string, string | number>): SbMessage {
  return {
    body: message,
    messageId,
    correlationId: message.correlation_id,
    contentType: 'application/json',
    applicationProperties: props,
  };
}

function toDeadLetter(m: SbReceivedMessage): DeadLetter {
  const reason =
    m.deadLetterReason === 'MaxDeliveryCountExceeded'
      ? `gave up after ${m.deliveryCount ?? '?'} deliveries (MaxDeliveryCountExceeded): ${m.deadLetterErrorDescription ?? ''}`.trim()
      : (m.deadLetterErrorDescription ?? m.deadLetterReason ?? 'unknown');
  return {
    id: sequenceOf(m),
    message: m.body as JobMessage,
    reason,
    dead_lettered_at: (m.enqueuedTimeUtc ?? new Date()).toISOString(),
  };
}

export function createServiceBusQueue(options: ServiceBusQueueOptions): ServiceBusQueue {
  return new ServiceBusQueue(options);
}
