// A protocol-faithful fake of the Azure Service Bus surface the adapter uses (servicebus-surface.ts), for
// tests: no emulator runs here. It follows the service's documented peek-lock semantics:
// - receiveMessages locks up to N active messages (FIFO by sequence number) for LockDuration, with a fresh
//   lock token each time, and increments deliveryCount (1 on the first delivery); it waits up to
//   maxWaitTimeInMs for a first message;
// - complete / abandon / deadLetter / renewMessageLock need the CURRENT lock token of a still-valid lock,
//   otherwise they fail with a ServiceBusError-like { code: 'MessageLockLost' };
// - a lock that expires, or an abandon, makes the message active again; once deliveryCount has reached
//   MaxDeliveryCount it goes to the dead-letter sub-queue instead (reason MaxDeliveryCountExceeded);
// - scheduleMessages keeps messages invisible until scheduledEnqueueTimeUtc;
// - with duplicate detection, a messageId seen within the window is accepted and silently dropped;
// - the dead-letter sub-queue ($DeadLetterQueue) is received / peeked like a queue, with its own locks;
//   peekMessages pages on from the receiver's last peeked sequence number, without locking.
import { randomUUID } from 'node:crypto';
import type {
  SbAdmin,
  SbClient,
  SbMessage,
  SbReceivedMessage,
  SbReceiver,
  SbSender,
} from '../servicebus-surface.ts';

export interface FakeQueueOptions {
  lockDurationMs?: number;
  maxDeliveryCount?: number;
  /** Duplicate detection window (0: off). */
  duplicateWindowMs?: number;
}

interface Stored {
  seq: number;
  message: SbMessage;
  enqueuedAt: number;
  visibleAt: number;
  deliveryCount: number;
  lockToken?: string;
  lockedUntil?: number;
  deadLetterReason?: string;
  deadLetterErrorDescription?: string;
}

class LockLost extends Error {
  readonly code = 'MessageLockLost';
  constructor(what: string) {
    super(
      `The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue (${what}).`,
    );
    this.name = 'ServiceBusError';
  }
}

class FakeQueue {
  readonly active: Stored[] = [];
  readonly dead: Stored[] = [];
  readonly seen = new Map<string, number>();
  readonly o: Required<FakeQueueOptions>;
  seq = 0;
  constructor(o: FakeQueueOptions) {
    this.o = { lockDurationMs: 30_000, maxDeliveryCount: 10, duplicateWindowMs: 600_000, ...o };
  }

  add(m: SbMessage, visibleAt: number): number {
    const now = Date.now();
    if (this.o.duplicateWindowMs && m.messageId) {
      const at = this.seen.get(m.messageId);
      if (at !== undefined && now - at < this.o.duplicateWindowMs) return -1; // accepted, dropped
      this.seen.set(m.messageId, now);
    }
    const seq = ++this.seq;
    this.active.push({
      seq,
      message: structuredClone(m),
      enqueuedAt: Math.max(now, visibleAt),
      visibleAt,
      deliveryCount: 0,
    });
    return seq;
  }

  /** Expired locks: back to active, or to the dead-letter sub-queue past MaxDeliveryCount. */
  sweep(list: Stored[], isDlq: boolean): void {
    const now = Date.now();
    for (const s of [...list]) {
      if (s.lockToken && (s.lockedUntil ?? 0) < now) this.release(list, s, isDlq);
    }
  }

  release(list: Stored[], s: Stored, isDlq: boolean): void {
    s.lockToken = undefined;
    s.lockedUntil = undefined;
    if (!isDlq && s.deliveryCount >= this.o.maxDeliveryCount) {
      list.splice(list.indexOf(s), 1);
      s.deadLetterReason = 'MaxDeliveryCountExceeded';
      s.deadLetterErrorDescription = `Message could not be consumed after ${this.o.maxDeliveryCount} delivery attempts.`;
      this.dead.push(s);
    }
  }
}

function view(s: Stored): SbReceivedMessage {
  return {
    ...structuredClone(s.message),
    lockToken: s.lockToken,
    lockedUntilUtc: s.lockedUntil ? new Date(s.lockedUntil) : undefined,
    deliveryCount: s.deliveryCount,
    sequenceNumber: s.seq,
    enqueuedTimeUtc: new Date(s.enqueuedAt),
    deadLetterReason: s.deadLetterReason,
    deadLetterErrorDescription: s.deadLetterErrorDescription,
  };
}

export class FakeServiceBus implements SbClient, SbAdmin {
  readonly #queues = new Map<string, FakeQueue>();
  readonly #defaults: FakeQueueOptions;
  closed = false;

  constructor(defaults: FakeQueueOptions = {}) {
    this.#defaults = defaults;
  }

  /** Creates a queue with its properties (what Terraform does for the real one). */
  createQueue(name: string, options: FakeQueueOptions = {}): void {
    this.#queues.set(name, new FakeQueue({ ...this.#defaults, ...options }));
  }

  #queue(name: string): FakeQueue {
    let q = this.#queues.get(name);
    if (!q) {
      q = new FakeQueue(this.#defaults);
      this.#queues.set(name, q);
    }
    return q;
  }

  createSender(queueName: string): SbSender {
    const q = this.#queue(queueName);
    return {
      sendMessages: async (messages) => {
        for (const m of [messages].flat()) q.add(m, Date.now());
      },
      scheduleMessages: async (messages, at) => [messages].flat().map((m) => q.add(m, at.getTime())),
      close: async () => {},
    };
  }

  createReceiver(queueName: string, options: { subQueueType?: 'deadLetter' } = {}): SbReceiver {
    const q = this.#queue(queueName);
    const isDlq = options.subQueueType === 'deadLetter';
    const list = () => (isDlq ? q.dead : q.active);
    let peekedUpTo = 0;
    const locked = (m: SbReceivedMessage, what: string): Stored => {
      q.sweep(list(), isDlq);
      const s = list().find((x) => x.lockToken && x.lockToken === m.lockToken);
      if (!s || (s.lockedUntil ?? 0) < Date.now()) throw new LockLost(what);
      return s;
    };
    return {
      receiveMessages: async (max, o = {}) => {
        const until = Date.now() + (o.maxWaitTimeInMs ?? 60_000);
        for (;;) {
          q.sweep(list(), isDlq);
          const now = Date.now();
          const ready = list()
            .filter((s) => !s.lockToken && s.visibleAt <= now)
            .sort((a, b) => a.seq - b.seq)
            .slice(0, max);
          if (ready.length || now >= until) {
            for (const s of ready) {
              s.lockToken = randomUUID();
              s.lockedUntil = now + q.o.lockDurationMs;
              s.deliveryCount++;
            }
            return ready.map(view);
          }
          await new Promise((r) => setTimeout(r, Math.min(10, until - now)));
        }
      },
      peekMessages: async (max) => {
        const page = list()
          .filter((s) => s.seq > peekedUpTo && (isDlq || s.visibleAt <= Date.now()))
          .sort((a, b) => a.seq - b.seq)
          .slice(0, max);
        if (page.length) peekedUpTo = page[page.length - 1].seq;
        return page.map((s) => ({ ...view(s), lockToken: undefined }));
      },
      completeMessage: async (m) => {
        const s = locked(m, 'complete');
        list().splice(list().indexOf(s), 1);
      },
      abandonMessage: async (m) => {
        q.release(list(), locked(m, 'abandon'), isDlq);
      },
      deadLetterMessage: async (m, o = {}) => {
        if (isDlq) throw new Error('a dead-lettered message cannot be dead-lettered again');
        const s = locked(m, 'deadLetter');
        q.active.splice(q.active.indexOf(s), 1);
        s.lockToken = undefined;
        s.lockedUntil = undefined;
        s.deadLetterReason = o.deadLetterReason;
        s.deadLetterErrorDescription = o.deadLetterErrorDescription;
        q.dead.push(s);
      },
      renewMessageLock: async (m) => {
        const s = locked(m, 'renew');
        s.lockedUntil = Date.now() + q.o.lockDurationMs;
        return new Date(s.lockedUntil);
      },
      close: async () => {},
    };
  }

  async getQueueRuntimeProperties(queueName: string) {
    const q = this.#queue(queueName);
    const now = Date.now();
    return {
      activeMessageCount: q.active.filter((s) => s.visibleAt <= now).length,
      scheduledMessageCount: q.active.filter((s) => s.visibleAt > now).length,
      deadLetterMessageCount: q.dead.length,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
