// Threads that run builtin solvers. A thread is reused for the next solve when it finishes normally, and
// terminated when its solve is aborted (timeout, shutdown): a solve promise settles only once its thread has
// finished or exited, so the caller's seat is never freed while the work is still burning CPU.
import { Worker } from 'node:worker_threads';
import { KudusoError } from '@kuduso/core';
import { RESOURCE_HINT, type SolverFailure } from './solver-errors.ts';

export interface SolveRequest {
  id: number;
  /** The definition module the thread loads (cached per thread), and the entry in it. */
  moduleUrl: string;
  entry: string;
  inputs: Record<string, unknown>;
  maxResults?: number;
  /** ISO time the solve started (solvers stamp generated_at with it). */
  now: string;
}

export type SolveReply =
  | { id: number; ok: true; outputs: Record<string, unknown> }
  | { id: number; ok: false; failure: SolverFailure };

const THREAD_URL = new URL('./solver-thread.ts', import.meta.url);

export interface SolverPoolOptions {
  /** Idle threads kept warm; more are started on demand (the seats bound how many run at once). */
  maxIdle?: number;
  onThreadError?: (err: Error) => void;
  /** Heap cap per solver thread: a runaway solve dies alone (502) instead of taking the process down. */
  threadHeapMb?: number;
}

export class SolverPool {
  readonly #idle: Worker[] = [];
  readonly #all = new Set<Worker>();
  readonly #maxIdle: number;
  readonly #onThreadError: (err: Error) => void;
  readonly #threadHeapMb: number;
  #nextId = 1;
  #closed = false;

  constructor(options: SolverPoolOptions = {}) {
    this.#maxIdle = options.maxIdle ?? 4;
    this.#onThreadError = options.onThreadError ?? (() => {});
    this.#threadHeapMb = options.threadHeapMb ?? 1024;
  }

  get threads(): number {
    return this.#all.size;
  }

  #spawn(): Worker {
    const worker = new Worker(THREAD_URL, {
      resourceLimits: { maxOldGenerationSizeMb: this.#threadHeapMb },
    });
    this.#all.add(worker);
    // Permanent listeners: an idle thread that dies is simply forgotten.
    worker.on('error', (err) => this.#onThreadError(err));
    worker.on('exit', () => {
      this.#all.delete(worker);
      const i = this.#idle.indexOf(worker);
      if (i >= 0) this.#idle.splice(i, 1);
    });
    return worker;
  }

  #park(worker: Worker): void {
    if (this.#closed || this.#idle.length >= this.#maxIdle) {
      void worker.terminate();
      return;
    }
    // Idle threads must not keep the process alive on their own.
    worker.unref();
    this.#idle.push(worker);
  }

  /** Runs one solve; rejects with `signal.reason` once the signal fires and the thread has exited. */
  run(req: Omit<SolveRequest, 'id'>, signal: AbortSignal): Promise<SolveReply> {
    if (this.#closed)
      return Promise.reject(new KudusoError('NOT_READY', { message: 'The AppServer is closing.' }));
    if (signal.aborted) return Promise.reject(signal.reason);
    const worker = this.#idle.pop() ?? this.#spawn();
    worker.ref();
    const id = this.#nextId++;
    return new Promise<SolveReply>((resolve, reject) => {
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        signal.removeEventListener('abort', onAbort);
      };
      const onMessage = (reply: SolveReply) => {
        if (reply.id !== id) return;
        cleanup();
        this.#park(worker);
        resolve(reply);
      };
      const onError = (err: Error) => {
        cleanup();
        void worker.terminate().finally(() => reject(this.#crashError(err)));
      };
      const onExit = (code: number) => {
        cleanup();
        reject(
          new KudusoError('ENGINE_FAILED', {
            message: `The solver thread exited with code ${code} before answering (the solver called process.exit or was killed).`,
          }),
        );
      };
      const onAbort = () => {
        cleanup();
        void worker.terminate().finally(() => reject(signal.reason));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      signal.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ ...req, id } satisfies SolveRequest);
    });
  }

  /** The error for a solver thread that died: its cause named, a heap exhaustion marked as a resource limit. */
  #crashError(err: Error): KudusoError {
    if ((err as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return new KudusoError('ENGINE_RESOURCE_LIMIT', {
        message: `The solver ran out of memory (its thread's heap is capped at ${this.#threadHeapMb} MB).`,
        hint: RESOURCE_HINT,
        extra: { limit: 'memory', max_heap_mb: this.#threadHeapMb },
        cause: err,
      });
    }
    return new KudusoError('ENGINE_FAILED', {
      message: `The solver thread crashed (${err.name}${'code' in err ? ` ${String(err.code)}` : ''}).`,
      cause: err,
    });
  }

  /** Starts up to `count` idle threads now, so the first solves do not pay for loading the solvers. */
  warm(count: number): void {
    while (!this.#closed && this.#all.size < count && this.#idle.length < this.#maxIdle)
      this.#park(this.#spawn());
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#idle.length = 0;
    await Promise.all([...this.#all].map((w) => w.terminate()));
  }
}
