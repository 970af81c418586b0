// The RabbitMQ adapter (amqplib). Topology, declared at start:
// - `<name>`: a quorum queue with a delivery limit (x-delivery-limit) whose dead letters go, through the
//   default exchange, to `<name>.dead` (a backstop for consumers that die before they can decide);
// - `<name>.dead`: a classic queue that nothing consumes; dead letters carry their reason in headers;
// - `<name>.delay.<ms>`: classic queues with a message TTL that dead-letter back into `<name>`, one per
//   delay bucket (delays are rounded UP to 1/2/5 x 10^k ms, so a retry never comes early).
// Enqueue writes outbox rows (the relay publishes them with confirms). Consuming: manual acks, prefetch =
// WORKER_CONCURRENCY. The lease is kept by this client: a delivery not renewed within leaseSec is nacked back
// to the queue (and its `lost` signal aborted); a dead consumer's connection closes and the broker requeues.
// retryLater / deadLetter publish a copy (confirmed) before acking the original: at least once.
import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '@kuduso/db';
import { outboxLag } from '@kuduso/db';
import type { ConfirmChannel, ConsumeMessage, GetMessage } from 'amqplib';
import { LeaseLostError } from './errors.ts';
import { enqueueToOutbox } from './outbox.ts';
import { RabbitConnection } from './rabbitmq-connection.ts';
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

export interface RabbitQueueOptions {
  db: Db;
  url: string;
  /** Queue name (default 'kuduso-jobs'). */
  name?: string;
  leaseSec: number;
  /** Unacked messages this consumer holds at most (WORKER_CONCURRENCY). */
  prefetch?: number;
  /** Deliveries before the broker itself dead-letters a message (default 50). */
  maxDeliveries?: number;
  reconnect?: { baseMs: number; maxMs: number };
  /** The connection's name on the broker (default `kuduso <queue name>`). */
  connectionName?: string;
  /** How long publish() waits for a reconnect before failing (default 10 s). */
  publishWaitMs?: number;
  onEvent?: (event: string, fields?: Record<string, unknown>) => void;
}

interface Held {
  msg: ConsumeMessage;
  generation: number;
  timer: NodeJS.Timeout;
  lost: AbortController;
}

const H = {
  retries: 'x-kuduso-retries',
  reason: 'x-kuduso-reason',
  deadAt: 'x-kuduso-dead-at',
  deadId: 'x-kuduso-dead-id',
};

/** The delay bucket at or above `sec`: 1, 2 or 5 x 10^k ms (at least 10 ms). */
export function delayBucketMs(sec: number): number {
  const ms = Math.max(10, Math.ceil(sec * 1000));
  const p = 10 ** Math.floor(Math.log10(ms));
  for (const m of [1, 2, 5, 10]) if (m * p >= ms) return m * p;
  return 10 * p;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0) || 0;
}

export class RabbitQueue implements QueueBackendAdapter, Publisher {
  readonly backend = 'rabbitmq' as const;
  readonly transactionalSend = false;
  readonly name: string;
  readonly deadLetterName: string;
  readonly leaseSec: number;
  readonly #o: RabbitQueueOptions;
  readonly #conn: RabbitConnection;
  readonly #buffer: ConsumeMessage[] = [];
  readonly #held = new Map<string, Held>();
  readonly #delays = new Set<number>();
  #declaredDelays = new Map<number, number>();
  #consuming = false;
  #arrived: (() => void) | undefined;

  constructor(options: RabbitQueueOptions) {
    this.#o = options;
    this.name = options.name ?? 'kuduso-jobs';
    this.deadLetterName = `${this.name}.dead`;
    this.leaseSec = options.leaseSec;
    this.#conn = new RabbitConnection({
      url: options.url,
      prefetch: options.prefetch ?? 1,
      connectionName: options.connectionName ?? `kuduso ${this.name}`,
      reconnect: options.reconnect,
      onEvent: options.onEvent,
      declare: (ch) => this.#declare(ch),
      onUp: () => {
        if (this.#consuming) void this.#consume();
      },
      onDown: (generation) => {
        // Everything delivered on that connection is back on the broker: drop it here, abort running work.
        this.#buffer.length = 0;
        for (const [id, h] of this.#held) {
          if (h.generation !== generation) continue;
          clearTimeout(h.timer);
          this.#held.delete(id);
          h.lost.abort('lease-lost');
        }
      },
    });
  }

  async #declare(ch: ConfirmChannel): Promise<void> {
    await ch.assertQueue(this.deadLetterName, { durable: true });
    await ch.assertQueue(this.name, {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-delivery-limit': this.#o.maxDeliveries ?? 50,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': this.deadLetterName,
      },
    });
  }

  async #delayQueue(ch: ConfirmChannel, generation: number, ms: number): Promise<string> {
    const q = `${this.name}.delay.${ms}`;
    if (this.#declaredDelays.get(ms) !== generation) {
      await ch.assertQueue(q, {
        durable: true,
        arguments: {
          'x-message-ttl': ms,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': this.name,
        },
      });
      this.#declaredDelays.set(ms, generation);
      this.#delays.add(ms);
    }
    return q;
  }

  async start(): Promise<void> {
    await this.#conn.start();
  }

  async stop(): Promise<void> {
    this.#consuming = false;
    for (const h of this.#held.values()) clearTimeout(h.timer);
    this.#held.clear();
    // Closing the connection hands every unacked message back to the broker.
    await this.#conn.stop();
  }

  enqueue(tx: Executor, items: EnqueueItem[]): Promise<void> {
    return enqueueToOutbox(tx, this.name, items);
  }

  /** Publisher (for the relay): every message confirmed by the broker before this resolves. */
  async publish(items: EnqueueItem[]): Promise<void> {
    if (items.length === 0) return;
    const live = await this.#conn.ready(this.#o.publishWaitMs ?? 10_000);
    for (const item of items) {
      const target = item.delaySec
        ? await this.#delayQueue(live.publish, live.generation, delayBucketMs(item.delaySec))
        : this.name;
      live.publish.sendToQueue(target, Buffer.from(JSON.stringify(item.message)), {
        persistent: true,
        messageId: item.messageId ?? item.message.job_id,
        correlationId: item.message.correlation_id,
        contentType: 'application/json',
      });
    }
    await live.publish.waitForConfirms();
  }

  async #consume(): Promise<void> {
    const live = this.#conn.live;
    if (!live) return;
    try {
      await live.consume.consume(
        this.name,
        (msg) => {
          if (!msg) return; // cancelled by the broker: the reconnect path consumes again
          this.#buffer.push(msg);
          this.#arrived?.();
        },
        { noAck: false },
      );
    } catch (e) {
      this.#o.onEvent?.('rabbitmq consume failed', { err: (e as Error).message });
    }
  }

  async receive(options: ReceiveOptions = {}): Promise<Delivery[]> {
    if (!this.#consuming) {
      this.#consuming = true;
      await this.#conn.start();
      await this.#consume();
    }
    if (this.#buffer.length === 0 && options.waitMs) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, options.waitMs);
        function done() {
          clearTimeout(t);
          resolve();
        }
        this.#arrived = done;
      });
      this.#arrived = undefined;
    }
    const live = this.#conn.live;
    if (!live) return [];
    const out: Delivery[] = [];
    while (out.length < (options.max ?? 1) && this.#buffer.length) {
      const msg = this.#buffer.shift() as ConsumeMessage;
      const id = `${live.generation}:${msg.fields.deliveryTag}`;
      const lost = new AbortController();
      const held: Held = { msg, generation: live.generation, lost, timer: this.#leaseTimer(id) };
      this.#held.set(id, held);
      const headers = msg.properties.headers ?? {};
      out.push({
        id,
        message: JSON.parse(msg.content.toString()) as JobMessage,
        deliveryCount: 1 + num(headers['x-delivery-count']) + num(headers[H.retries]),
        lost: lost.signal,
      });
    }
    return out;
  }

  /** The lease lapses: the message goes back to the queue for someone else. */
  #leaseTimer(id: string): NodeJS.Timeout {
    const t = setTimeout(() => {
      const h = this.#take(id);
      if (!h) return;
      this.#conn.live?.consume.nack(h.msg, false, true);
      h.lost.abort('lease-lost');
    }, this.leaseSec * 1000);
    t.unref();
    return t;
  }

  /** The delivery's record if this consumer still holds it on the live connection (removed from the map). */
  #take(id: string): Held | undefined {
    const h = this.#held.get(id);
    if (!h) return undefined;
    this.#held.delete(id);
    clearTimeout(h.timer);
    return h.generation === this.#conn.live?.generation ? h : undefined;
  }

  #holding(d: Delivery, action: string): Held {
    const h = this.#held.get(d.id);
    if (!h || h.generation !== this.#conn.live?.generation) throw new LeaseLostError(d.id, action);
    return h;
  }

  async renew(d: Delivery): Promise<void> {
    const h = this.#holding(d, 'renew');
    clearTimeout(h.timer);
    h.timer = this.#leaseTimer(d.id);
  }

  async complete(d: Delivery): Promise<void> {
    const h = this.#take(d.id);
    if (h) this.#conn.live?.consume.ack(h.msg);
  }

  /** Publishes a copy (to a delay queue, or dead letters), waits for the confirm, then acks the original. */
  async #forward(
    d: Delivery,
    action: string,
    target: (ch: ConfirmChannel, gen: number) => Promise<string>,
    headers: Record<string, unknown>,
  ): Promise<void> {
    const h = this.#holding(d, action);
    const live = this.#conn.live;
    if (!live) throw new LeaseLostError(d.id, action);
    const queue = await target(live.publish, live.generation);
    // A copy is a new message to the broker: its own delivery counters start again, ours carry on.
    const { 'x-delivery-count': _count, 'x-death': _death, ...kept } = h.msg.properties.headers ?? {};
    live.publish.sendToQueue(queue, h.msg.content, {
      messageId: h.msg.properties.messageId,
      correlationId: h.msg.properties.correlationId,
      contentType: h.msg.properties.contentType,
      persistent: true,
      headers: { ...kept, ...headers },
    });
    await live.publish.waitForConfirms();
    const held = this.#take(d.id);
    if (!held) throw new LeaseLostError(d.id, action);
    live.consume.ack(held.msg);
  }

  async retryLater(d: Delivery, delaySec: number, reason: string): Promise<void> {
    // The copy's deliveryCount = this one's + 1 (see receive()).
    const retries = d.deliveryCount;
    this.#holding(d, 'retryLater');
    await this.#forward(
      d,
      'retryLater',
      async (ch, gen) => (delaySec > 0 ? this.#delayQueue(ch, gen, delayBucketMs(delaySec)) : this.name),
      { [H.retries]: retries, [H.reason]: reason.slice(0, 1000) },
    );
  }

  async deadLetter(d: Delivery, reason: string): Promise<void> {
    await this.#forward(d, 'deadLetter', async () => this.deadLetterName, {
      [H.reason]: reason.slice(0, 4000),
      [H.deadAt]: new Date().toISOString(),
      [H.deadId]: randomUUID(),
    });
  }

  /** Reads the dead-letter queue without consuming it: got on a channel of its own that is closed unacked. */
  async #browse<T>(
    fn: (next: () => Promise<GetMessage | false>, ack: (m: GetMessage) => void) => Promise<T>,
  ): Promise<T> {
    const live = await this.#conn.ready(this.#o.publishWaitMs ?? 10_000);
    const ch = await live.model.createChannel();
    ch.on('error', () => {});
    try {
      return await fn(
        () => ch.get(this.deadLetterName, { noAck: false }),
        (m) => ch.ack(m),
      );
    } finally {
      await ch.close().catch(() => {});
    }
  }

  async listDeadLetters(limit = 100): Promise<DeadLetter[]> {
    return this.#browse(async (next) => {
      const out: DeadLetter[] = [];
      while (out.length < limit) {
        const m = await next();
        if (!m) break;
        out.push(toDeadLetter(m));
      }
      return out;
    });
  }

  async inspectDeadLetter(id: string): Promise<DeadLetter | null> {
    return (await this.listDeadLetters(100_000)).find((l) => l.id === id) ?? null;
  }

  async replayDeadLetter(id: string, options: ReplayOptions = {}): Promise<boolean> {
    return this.#browse(async (next, ack) => {
      for (;;) {
        const m = await next();
        if (!m) return false;
        const letter = toDeadLetter(m);
        if (letter.id !== id) continue;
        // Back through the outbox (the relay publishes it); the letter is acked only once that committed.
        await this.#o.db.transaction(async (tx) => {
          await options.onReplay?.(tx, letter.message);
          await enqueueToOutbox(tx, this.name, [{ message: letter.message }]);
        });
        ack(m);
        return true;
      }
    });
  }

  async depth(): Promise<number> {
    const live = await this.#conn.ready(this.#o.publishWaitMs ?? 10_000);
    let n = (await live.publish.checkQueue(this.name)).messageCount;
    for (const ms of this.#delays)
      n += (await live.publish.checkQueue(`${this.name}.delay.${ms}`)).messageCount;
    return n + (await outboxLag(this.#o.db, this.name)).pending;
  }

  /** Deletes this queue's topology (tests with random names clean up after themselves). */
  async deleteQueues(extraDelaysMs: number[] = []): Promise<void> {
    const live = await this.#conn.ready(5000);
    const ch = await live.model.createChannel();
    ch.on('error', () => {});
    for (const q of [
      this.name,
      this.deadLetterName,
      ...[...new Set([...this.#delays, ...extraDelaysMs])].map((ms) => `${this.name}.delay.${ms}`),
    ]) {
      await ch.deleteQueue(q).catch(() => {});
    }
    await ch.close().catch(() => {});
  }
}

function toDeadLetter(m: GetMessage): DeadLetter {
  const headers = m.properties.headers ?? {};
  const message = JSON.parse(m.content.toString()) as JobMessage;
  const death = (
    headers['x-death'] as { reason?: string; count?: number; time?: { value?: number } | Date }[] | undefined
  )?.[0];
  const reason =
    typeof headers[H.reason] === 'string' && headers[H.deadId]
      ? String(headers[H.reason])
      : death
        ? `gave up after ${num(headers['x-delivery-count']) + 1} deliveries (${death.reason ?? 'dead-lettered by the broker'})${headers[H.reason] ? `: ${headers[H.reason]}` : ''}`
        : String(headers[H.reason] ?? 'unknown');
  return {
    id: String(headers[H.deadId] ?? m.properties.messageId ?? message.job_id),
    message,
    reason,
    dead_lettered_at: String(headers[H.deadAt] ?? new Date().toISOString()),
  };
}

export function createRabbitQueue(options: RabbitQueueOptions): RabbitQueue {
  return new RabbitQueue(options);
}
