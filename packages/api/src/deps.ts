// What the API needs from the outside world; the CLI wires real ones, tests wire real ones too.
import type { BlobStore } from '@kuduso/blob';
import type { Config, ContractRegistry } from '@kuduso/core';
import type { Logger } from '@kuduso/core/node';
import type { Db } from '@kuduso/db';
import type { DeadLetterAdmin, Enqueuer, QueueProbe } from '@kuduso/queue';

export interface ApiDeps {
  config: Config;
  registry: ContractRegistry;
  db: Db;
  /** Enqueue in the job's transaction, dead-letter admin, depth for /readyz. */
  queue: Enqueuer & DeadLetterAdmin & QueueProbe;
  blob: BlobStore;
  logger: Logger;
  /** Secret for artifact links (config.signingSecret, or a per-process one in dev). */
  signingSecret: string;
  /**
   * Checks a definition's own rules beyond its schema (throws a 422 KudusoError); optional. Gets the
   * contract's manifest for its limits (e.g. sitefit's max_work).
   */
  domainCheck?: (
    definition: string,
    version: string,
    inputs: Record<string, unknown>,
    manifest?: Readonly<Record<string, unknown>>,
  ) => void;
}
