// One RabbitMQ connection that heals itself: connects with backoff, declares the queues, and after a broker
// or connection loss reconnects (with backoff and jitter), declares again and tells its owner, who resumes
// consuming. Two channels: a confirm channel for publishing (publisher confirms) and a consume channel with
// prefetch. Every channel close that we did not ask for is treated as a connection loss.
import amqp, { type Channel, type ChannelModel, type ConfirmChannel } from 'amqplib';

export interface RabbitConnectionOptions {
  url: string;
  prefetch: number;
  /** Shown in the broker's connection list (operators, and tests that close it from the broker side). */
  connectionName?: string;
  /** Declares the queues on a fresh connection. */
  declare(ch: ConfirmChannel): Promise<void>;
  /** A new connection is up (generation counts them). */
  onUp(generation: number): void;
  /** The connection was lost: everything delivered on it is back on the broker. */
  onDown(generation: number, err?: Error): void;
  reconnect?: { baseMs: number; maxMs: number };
  onEvent?: (event: string, fields?: Record<string, unknown>) => void;
}

export interface Live {
  generation: number;
  model: ChannelModel;
  publish: ConfirmChannel;
  consume: Channel;
}

export class RabbitConnection {
  readonly #o: RabbitConnectionOptions;
  #live: Live | undefined;
  #generation = 0;
  #stopping = false;
  #connecting: Promise<Live> | undefined;
  #waiters: ((live: Live) => void)[] = [];
  #failures = 0;

  constructor(options: RabbitConnectionOptions) {
    this.#o = options;
  }

  get live(): Live | undefined {
    return this.#live;
  }

  /** Connects (retrying with backoff until it works or stop() is called). */
  start(): Promise<Live> {
    this.#stopping = false;
    return this.#live ? Promise.resolve(this.#live) : this.#connectLoop();
  }

  /** The live connection, waiting up to timeoutMs for a reconnect. */
  async ready(timeoutMs: number): Promise<Live> {
    if (this.#live) return this.#live;
    if (this.#stopping) throw new Error('RabbitMQ connection is stopped');
    return new Promise<Live>((resolve, reject) => {
      const t = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== done);
        reject(new Error(`RabbitMQ unavailable (no connection within ${timeoutMs} ms)`));
      }, timeoutMs);
      const done = (live: Live) => {
        clearTimeout(t);
        resolve(live);
      };
      this.#waiters.push(done);
    });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    const live = this.#live;
    this.#live = undefined;
    await live?.model.close().catch(() => {});
  }

  #connectLoop(): Promise<Live> {
    this.#connecting ??= (async () => {
      const { baseMs, maxMs } = this.#o.reconnect ?? { baseMs: 200, maxMs: 10_000 };
      for (;;) {
        if (this.#stopping) throw new Error('RabbitMQ connection is stopped');
        try {
          const live = await this.#open();
          this.#failures = 0;
          return live;
        } catch (e) {
          this.#failures++;
          const ms =
            Math.min(maxMs, baseMs * 2 ** Math.min(this.#failures - 1, 16)) * (0.5 + Math.random() / 2);
          this.#o.onEvent?.('rabbitmq connect failed; retrying', {
            err: (e as Error).message,
            retry_in_ms: Math.round(ms),
          });
          await new Promise((r) => setTimeout(r, ms));
        }
      }
    })().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #open(): Promise<Live> {
    const model = await amqp.connect(this.#o.url, {
      timeout: 5000,
      clientProperties: { connection_name: this.#o.connectionName ?? 'kuduso' },
    });
    const generation = ++this.#generation;
    let down = false;
    const lost = (err?: Error) => {
      if (down) return;
      down = true;
      if (this.#live?.generation === generation) this.#live = undefined;
      model.close().catch(() => {});
      this.#o.onDown(generation, err);
      if (!this.#stopping) {
        this.#o.onEvent?.('rabbitmq connection lost; reconnecting', { err: err?.message });
        this.#connectLoop().catch(() => {});
      }
    };
    model.on('error', (err: Error) => lost(err));
    model.on('close', (err?: Error) => lost(err));
    try {
      const publish = await model.createConfirmChannel();
      const consume = await model.createChannel();
      for (const ch of [publish, consume]) {
        ch.on('error', (err: Error) => lost(err));
        ch.on('close', () => lost(new Error('channel closed')));
      }
      await consume.prefetch(this.#o.prefetch);
      await this.#o.declare(publish);
      const live = { generation, model, publish, consume };
      if (down) throw new Error('RabbitMQ connection lost while opening');
      this.#live = live;
      this.#o.onUp(generation);
      for (const w of this.#waiters.splice(0)) w(live);
      this.#o.onEvent?.('rabbitmq connected', { generation });
      return live;
    } catch (e) {
      down = true;
      await model.close().catch(() => {});
      throw e;
    }
  }
}
