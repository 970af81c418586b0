// JSON logs through pino. Every line carries the role; per-job children add correlation_id, job_id,
// tenant_id, app_id and definition (as definition@version), so one grep follows a job through all roles.
import { type Logger, pino } from 'pino';

export type { Logger };

export interface JobLogContext {
  correlation_id: string;
  job_id?: string;
  tenant_id?: string;
  app_id?: string;
  definition?: string;
  version?: string;
}

export function createLogger(role: string, level = 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { role, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', '*.password', '*.secret', '*.apiKey'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A child logger with the job's context; `definition` is rendered as `definition@version`. */
export function jobLogger(parent: Logger, ctx: JobLogContext): Logger {
  const { definition, version, ...rest } = ctx;
  const bindings: Record<string, unknown> = { ...rest };
  if (definition) bindings.definition = version ? `${definition}@${version}` : definition;
  return parent.child(bindings);
}
