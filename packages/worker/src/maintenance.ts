// The maintenance task: data retention. Finished jobs older than RETENTION_DAYS go with their results,
// artifact rows and blobs, one batch per transaction. Within a batch the blobs are deleted first and the rows
// only after, in the transaction that locked them: a blob that cannot be deleted keeps its job's rows (the
// next run tries again), and a blob already gone is not an error, so a run cut short is simply run again.
import type { BlobStore } from '@kuduso/blob';
import type { Config } from '@kuduso/core';
import type { Logger } from '@kuduso/core/node';
import { type Db, deleteFinishedJobs, lockPurgeBatch } from '@kuduso/db';

export interface PurgeDeps {
  db: Db;
  blob: BlobStore;
  logger?: Logger;
}

export interface PurgeOptions {
  /** Jobs that ended before this instant are purged. */
  before: Date;
  batchSize: number;
  /** Stop after this many batches (a scheduled run leaves the rest for the next one). */
  maxBatches?: number;
}

export interface PurgeReport {
  before: string;
  jobs: number;
  artifacts: number;
  blobs_deleted: number;
  /** Artifact rows whose blob was already gone. */
  blobs_missing: number;
  /** Jobs kept because one of their blobs could not be deleted; retried by the next run. */
  failed: { job_id: string; error: string }[];
  batches: number;
}

export async function purgeFinished(deps: PurgeDeps, opts: PurgeOptions): Promise<PurgeReport> {
  const report: PurgeReport = {
    before: opts.before.toISOString(),
    jobs: 0,
    artifacts: 0,
    blobs_deleted: 0,
    blobs_missing: 0,
    failed: [],
    batches: 0,
  };
  const failedIds = new Set<string>();
  while (report.batches < (opts.maxBatches ?? Number.POSITIVE_INFINITY)) {
    const { taken, deleted } = await deps.db.transaction(async (tx) => {
      const batch = await lockPurgeBatch(tx, opts.before, opts.batchSize);
      const ids: string[] = [];
      for (const job of batch) {
        // A job that failed in this run is locked again but not retried now: the next run will.
        if (failedIds.has(job.job_id)) continue;
        const results = await Promise.allSettled(job.storage_keys.map((k) => deps.blob.delete(k)));
        const bad = results.find((r) => r.status === 'rejected');
        if (bad) {
          failedIds.add(job.job_id);
          report.failed.push({
            job_id: job.job_id,
            error: String((bad.reason as Error)?.message ?? bad.reason),
          });
          continue;
        }
        for (const r of results) {
          if ((r as PromiseFulfilledResult<boolean>).value) report.blobs_deleted++;
          else report.blobs_missing++;
        }
        ids.push(job.job_id);
      }
      const gone = await deleteFinishedJobs(tx, ids);
      report.jobs += gone.jobs;
      report.artifacts += gone.artifacts;
      return { taken: batch.length, deleted: ids.length };
    });
    report.batches++;
    // A short batch was the last; a batch with nothing deletable would only lock the same jobs again.
    if (taken < opts.batchSize || deleted === 0) break;
  }
  deps.logger?.info({ ...report, failed: report.failed.length }, 'retention purge done');
  for (const f of report.failed)
    deps.logger?.warn(f, 'retention purge kept a job: a blob could not be deleted');
  return report;
}

export function retentionCutoff(days: number, now = new Date()): Date {
  return new Date(now.getTime() - days * 86400_000);
}

export interface Maintenance {
  /** Resolves when the current run (if any) has finished; no run starts after. */
  stop(): Promise<void>;
}

/**
 * Runs the retention purge every MAINTENANCE_INTERVAL_SEC, first after a random part of the interval so
 * replicas started together do not purge in step. Nothing runs when RETENTION_DAYS is 0.
 */
export function startMaintenance(
  deps: PurgeDeps & {
    config: Pick<Config, 'retentionDays' | 'maintenanceIntervalSec' | 'retentionBatchSize'>;
    logger: Logger;
  },
): Maintenance {
  const { config, logger } = deps;
  if (config.retentionDays === 0) return { stop: async () => {} };
  let current: Promise<unknown> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout;
  const run = () => {
    if (stopped || current) return;
    current = purgeFinished(deps, {
      before: retentionCutoff(config.retentionDays),
      batchSize: config.retentionBatchSize,
      maxBatches: 50,
    })
      .catch((e: Error) => logger.error({ err: e.message }, 'retention purge failed; retried next interval'))
      .finally(() => {
        current = null;
      });
  };
  const intervalMs = config.maintenanceIntervalSec * 1000;
  timer = setTimeout(
    () => {
      run();
      timer = setInterval(run, intervalMs);
      timer.unref();
    },
    Math.floor(Math.random() * intervalMs),
  );
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(timer);
      await current;
    },
  };
}
