// What callers need from a queue, whatever carries the messages (pg-boss, RabbitMQ, Azure Service Bus), split
// by who calls it: the API enqueues inside its own transaction (Enqueuer), the worker consumes (Consumer), an
// operator looks at and replays dead letters (DeadLetterAdmin). One object per backend implements them all
// (QueueBackendAdapter); each caller is typed against the narrow port it uses.
import type { Executor } from '@kuduso/db';

export type QueueBackend = 'pgboss' | 'rabbitmq' | 'servicebus';

/** The message body: enough to find the job row and to log with context before reading it. */
export interface JobMessage {
  job_id: string;
  tenant_id: string;
  app_id: string;
  definition: string;
  version: string;
  correlation_id: string;
  /** W3C trace context of the API request that queued it; the worker's span continues that trace. */
  traceparent?: string;
}

/** One received message, leased to this consumer until completed, retried, dead-lettered or expired. */
export interface Delivery {
  /** The backend's id of this delivery (pg-boss: its job id; brokers: their message id / tag). */
  readonly id: string;
  readonly message: JobMessage;
  /** 1 on the first delivery; more after a lease lapsed, the consumer died, or retryLater. */
  readonly deliveryCount: number;
  /** Aborted when this consumer is known to have lost the message (lease lapsed, channel closed). */
  readonly lost?: AbortSignal;
}

export interface DeadLetter {
  id: string;
  message: JobMessage;
  reason: string;
  dead_lettered_at: string;
}

export interface EnqueueItem {
  message: JobMessage;
  priority?: number;
  /** Deliver no earlier than this many seconds from now. */
  delaySec?: number;
  /** The broker's message id (default: the job id, so a relay's duplicate is detected). */
  messageId?: string;
}

/**
 * Enqueue inside the caller's open transaction: the job row and its message commit (or vanish) together.
 * pg-boss writes its message row there; broker backends write an outbox row there for the relay.
 */
export interface Enqueuer {
  readonly backend: QueueBackend;
  enqueue(tx: Executor, items: EnqueueItem[]): Promise<void>;
}

export interface ReceiveOptions {
  /** At most this many deliveries (default 1). */
  max?: number;
  /** Kept for the pg-boss tests: must not exceed the queue's lease. */
  leaseSec?: number;
  /** Wait up to this long for a first message when none is ready (default: return at once). */
  waitMs?: number;
}

export interface Consumer {
  readonly backend: QueueBackend;
  /** Seconds a delivery stays leased without renew(). */
  readonly leaseSec: number;
  /** Up to `max` deliveries, each leased for leaseSec seconds; [] when none is ready. */
  receive(options?: ReceiveOptions): Promise<Delivery[]>;
  /** Extends the lease; throws LeaseLostError when the delivery is no longer this consumer's. */
  renew(delivery: Delivery, leaseSec?: number): Promise<void>;
  /** Done with it (a no-op when the lease was already lost). */
  complete(delivery: Delivery): Promise<void>;
  /** Hands the message back to be delivered again after delaySec (backoff decided by the caller). */
  retryLater(delivery: Delivery, delaySec: number, reason: string): Promise<void>;
  /** Moves the message where it is never retried automatically, with the reason. */
  deadLetter(delivery: Delivery, reason: string): Promise<void>;
}

export interface ReplayOptions {
  /** Runs in the transaction that re-enqueues (e.g. to put the job row back to queued). */
  onReplay?: (tx: Executor, message: JobMessage) => Promise<void>;
}

export interface DeadLetterAdmin {
  readonly backend: QueueBackend;
  /** Oldest first, at most `limit` (default 100). */
  listDeadLetters(limit?: number): Promise<DeadLetter[]>;
  /** One dead letter by id; null when unknown. */
  inspectDeadLetter(id: string): Promise<DeadLetter | null>;
  /** Sends it back to the main queue; false when the id is unknown (or another replay took it). */
  replayDeadLetter(id: string, options?: ReplayOptions): Promise<boolean>;
}

/** Readiness, metrics and autoscaling. */
export interface QueueProbe {
  readonly backend: QueueBackend;
  /** Messages waiting (ready or delayed). */
  depth(): Promise<number>;
}

export interface QueueLifecycle {
  /** Declares queues / installs schema; idempotent. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Everything one backend offers; the composition root hands out the narrow ports. */
export interface QueueBackendAdapter extends Enqueuer, Consumer, DeadLetterAdmin, QueueProbe, QueueLifecycle {
  /** True when enqueue() writes the message itself (pg-boss); false when it writes outbox rows for a relay. */
  readonly transactionalSend: boolean;
}

/** Kept name: the whole queue as one object. */
export type Queue = QueueBackendAdapter;

/** A broker a relay publishes outbox rows to (with confirms). */
export interface Publisher {
  readonly backend: QueueBackend;
  /** Resolves once the broker has confirmed every message (at least once; message id = job id). */
  publish(items: EnqueueItem[]): Promise<void>;
}
