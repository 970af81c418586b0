// `kuduso purge [--older-than 30d] [--dry-run] [--batch-size N]`: the retention purge on demand (or as a
// CronJob), with the same code the workers' maintenance task runs. Without --older-than it uses
// RETENTION_DAYS. Prints a JSON report.

import { createBlobStore } from '@kuduso/blob';
import { ConfigError, parseConfig } from '@kuduso/core';
import { createLogger } from '@kuduso/core/node';
import { estimatePurge } from '@kuduso/db';
import { openDatabase } from '@kuduso/services';
import { purgeFinished, retentionCutoff } from '@kuduso/worker';

const USAGE = 'usage: kuduso purge [--older-than 30d|12h|90m] [--dry-run] [--batch-size N]';
const UNIT_MS: Record<string, number> = { d: 86400_000, h: 3600_000, m: 60_000 };

/** '30d' -> milliseconds; null when not a positive whole number of days, hours or minutes. */
export function parseAge(text: string): number | null {
  const m = /^(\d+)([dhm])$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0) return null;
  return Number(m[1]) * UNIT_MS[m[2]];
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function runPurge(args: string[]): Promise<number> {
  const known = new Set(['--older-than', '--dry-run', '--batch-size']);
  const unknown = args.filter((a, i) =>
    a.startsWith('--') ? !known.has(a) : !['--older-than', '--batch-size'].includes(args[i - 1]),
  );
  if (unknown.length) {
    console.error(`kuduso purge: unexpected ${unknown.join(' ')}\n${USAGE}`);
    return 2;
  }
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env, 'dev');
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`kuduso purge: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const ageText = option(args, '--older-than');
  const ageMs = ageText === undefined ? config.retentionDays * UNIT_MS.d : parseAge(ageText);
  if (ageMs === null || ageMs <= 0) {
    console.error(
      ageText === undefined
        ? 'kuduso purge: RETENTION_DAYS is 0 (keep everything); pass --older-than to purge anyway'
        : `kuduso purge: --older-than ${JSON.stringify(ageText)} is not like 30d, 12h or 90m\n${USAGE}`,
    );
    return 2;
  }
  const batchText = option(args, '--batch-size');
  const batchSize = batchText === undefined ? config.retentionBatchSize : Number(batchText);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    console.error(`kuduso purge: --batch-size must be a positive integer\n${USAGE}`);
    return 2;
  }
  const log = createLogger('purge', config.logLevel);
  const db = await openDatabase(config, log, false);
  try {
    const before = retentionCutoff(ageMs / UNIT_MS.d);
    if (args.includes('--dry-run')) {
      const estimate = await estimatePurge(db, before);
      console.log(JSON.stringify({ dry_run: true, before: before.toISOString(), ...estimate }, null, 2));
      return 0;
    }
    const blob = createBlobStore(config);
    const report = await purgeFinished({ db, blob, logger: log }, { before, batchSize });
    console.log(JSON.stringify({ dry_run: false, ...report }, null, 2));
    return report.failed.length ? 1 : 0;
  } finally {
    await db.close();
  }
}
