// What the worker and the API need from a queue, whatever carries the messages (pg-boss, RabbitMQ, Service Bus).
import type { Executor } from '@kuduso/db';

/** The message body: enough to find the job row and to log with context before reading it. */
export interface JobMessage {
  job_id: string;
  tenant_id: string;
  app_id: string;
  definition: string;
  version: string;
  correlation_id: string;
}

/** One received message, leased to this consumer until completed, retried, dead-lettered or expired. */
export interface Delivery {
  /** The broker's id of this message (for pg-boss: its job id). */
  readonly id: string;
  readonly message: JobMessage;
  /** 1 on the first delivery; more after lease expiry or retryLater. */
  readonly deliveryCount: number;
}

export interface DeadLetter {
  id: string;
  message: JobMessage;
  reason: string;
  dead_lettered_at: string;
}

export interface SendOptions {
  /** Send inside the caller's open transaction, so the job row and its message commit together. */
  tx?: Executor;
  /** Deliver no earlier than this many seconds from now. */
  delaySec?: number;
  priority?: number;
}

export interface Queue {
  readonly backend: 'pgboss' | 'rabbitmq' | 'servicebus';
  /** True when send() can join a database transaction (no outbox needed). */
  readonly transactionalSend: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  send(message: JobMessage, options?: SendOptions): Promise<void>;
  /** Several messages in one round trip (group commit of many accepted jobs), inside `tx` when given. */
  sendMany(items: { message: JobMessage; priority?: number }[], options?: { tx?: Executor }): Promise<void>;
  /** Up to `max` (default 1) messages, each leased for leaseSec seconds; [] when none is ready. */
  receive(options: { leaseSec: number; max?: number }): Promise<Delivery[]>;
  /** Extends the lease; call it well before leaseSec runs out. */
  renew(delivery: Delivery, leaseSec: number): Promise<void>;
  complete(delivery: Delivery): Promise<void>;
  /** Hands the message back to be delivered again after delaySec (backoff decided by the caller). */
  retryLater(delivery: Delivery, delaySec: number, reason: string): Promise<void>;
  /** Moves the message where it is never retried automatically, with the reason. */
  deadLetter(delivery: Delivery, reason: string): Promise<void>;
  listDeadLetters(limit?: number): Promise<DeadLetter[]>;
  /**
   * Sends a dead-lettered message back to the main queue; false when the id is unknown. `onReplay` runs in the
   * same transaction (e.g. to put the job row back to queued), so the row and the message change together.
   */
  replayDeadLetter(
    id: string,
    options?: { onReplay?: (tx: Executor, message: JobMessage) => Promise<void> },
  ): Promise<boolean>;
  /** Messages waiting (ready or delayed), for readiness, metrics and autoscaling. */
  depth(): Promise<number>;
}
