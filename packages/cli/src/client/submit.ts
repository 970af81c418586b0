// `kuduso submit`: the request from a file, POST /jobs/run, the job id on stdout; with --wait the status is
// followed on stderr and the result printed on stdout.
import { CliError, type OptionValues, UsageError } from '../command.ts';
import { readJsonInput } from '../read-json.ts';
import { clientFrom, idPath, printJson } from './api-client.ts';
import { followJob, progressPrinter } from './follow.ts';

interface SubmitOptions {
  values: OptionValues;
  definition?: string;
  appId?: string;
  idempotencyKey?: string;
  wait: boolean;
}

function requestBody(raw: unknown, file: string, opts: SubmitOptions): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new CliError(`${file} must hold a JSON object`);
  }
  const obj = raw as Record<string, unknown>;
  if (opts.definition) {
    const m = /^([a-z][a-z0-9-]*)@(\d+\.\d+\.\d+)$/.exec(opts.definition);
    if (!m)
      throw new UsageError(
        `--definition ${JSON.stringify(opts.definition)} is not name@version, e.g. sitefit@1.0.0`,
      );
    return { app_id: opts.appId ?? 'cli', definition: m[1], version: m[2], inputs: obj };
  }
  if (!('definition' in obj) || !('inputs' in obj)) {
    throw new CliError(
      `${file} has no "definition" and "inputs"; if it holds only the inputs, pass --definition name@version`,
    );
  }
  return { app_id: opts.appId ?? 'cli', ...obj };
}

export async function runSubmit(file: string, opts: SubmitOptions): Promise<number> {
  const body = requestBody(readJsonInput(file), file === '-' ? 'standard input' : file, opts);
  const client = clientFrom(opts.values);
  const headers: Record<string, string> = {};
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  const res = await client.request('POST', '/jobs/run', { body, headers });
  const accepted = res.body as { job_id: string; status: string; cached?: boolean; cached_from?: string };
  if (accepted.cached)
    process.stderr.write(`answered from the result cache (job ${accepted.cached_from ?? accepted.job_id})\n`);
  if (!opts.wait) {
    process.stdout.write(`${accepted.job_id}\n`);
    return 0;
  }
  const progress = progressPrinter();
  const last = await followJob(client, accepted.job_id, (s) => progress.update(s));
  progress.end();
  if (last.status !== 'succeeded') {
    throw new CliError(`job ${last.job_id} ${last.status}${last.last_error ? `: ${last.last_error}` : ''}`);
  }
  const result = await client.request('GET', `/jobs/result/${idPath(last.job_id)}`);
  printJson(result.body);
  return 0;
}
