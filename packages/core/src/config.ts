// Configuration is read once, at start-up, from environment variables into this typed object. Every bad or
// missing value is reported together, by name, before anything starts. Secrets are never echoed.
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';

export type QueueBackend = 'pgboss' | 'rabbitmq' | 'servicebus';
export type BlobBackend = 'fs' | 'azure';
export type Role = 'dev' | 'api' | 'worker' | 'appserver' | 'migrate' | 'relay' | 'dlq';
export type AuthMode = 'none' | 'jwt';

/** How the API authenticates callers (AUTH_MODE and the JWT_* variables). */
export interface AuthConfig {
  mode: AuthMode;
  /** AUTH_MODE=none: every request acts as this tenant (AUTH_DEFAULT_TENANT, 'public'). */
  defaultTenant: string;
  /** HS256 shared secret (JWT_SECRET), e.g. Supabase's JWT secret. */
  jwtSecret?: string;
  /** RS256/ES256 keys (JWT_JWKS_URL), fetched, cached and re-fetched when an unknown key id appears. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  clockSkewSec: number;
  /** Claim holding the tenant; a dotted path reaches into objects (app_metadata.tenant_id). */
  tenantClaim: string;
  /** Role name that opens the dead-letter and operator routes. */
  adminRole: string;
}

/**
 * OpenTelemetry tracing from the standard OTEL_* variables. Off unless an exporter is chosen: OTEL_TRACES_EXPORTER
 * (otlp | console | none), and `otlp` is implied by OTEL_EXPORTER_OTLP_ENDPOINT or _TRACES_ENDPOINT.
 */
export interface TracingConfig {
  exporter: 'none' | 'otlp' | 'console';
  /** The full traces URL: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
  endpoint: string;
  /** OTEL_EXPORTER_OTLP_PROTOCOL / _TRACES_PROTOCOL: http/protobuf (the standard's default) or http/json. */
  protocol: 'http/protobuf' | 'http/json';
  /** OTEL_EXPORTER_OTLP_HEADERS (+ _TRACES_HEADERS): `k=v,k2=v2`, e.g. a vendor's API key; a secret. */
  headers: Record<string, string>;
  /** OTEL_SERVICE_NAME; default `kuduso-<role>`. */
  serviceName?: string;
  /** OTEL_TRACES_SAMPLER_ARG for the parent-based ratio sampler (1: every trace). */
  sampleRatio: number;
  /** OTEL_EXPORTER_OTLP_TIMEOUT (ms) per export request. */
  timeoutMs: number;
}

/** Per-tenant limits on submissions (0 turns one off). */
export interface LimitsConfig {
  /** Sustained POST /jobs/run rate per tenant (RATE_LIMIT_PER_MIN). */
  ratePerMin: number;
  /** Submissions a tenant may make at once above the sustained rate (RATE_LIMIT_BURST). */
  rateBurst: number;
  /** Queued + running jobs one tenant may have (TENANT_MAX_ACTIVE_JOBS). */
  maxActiveJobs: number;
}

export interface Config {
  host: string;
  port: number;
  appserverPort: number;
  /** Base URL of the AppServer, or the seed's template with {definition} and {version}. */
  appServerUrl: string;
  databaseUrl?: string;
  /** pg pool: wait for a connection (new or from the pool) at most this long (DB_CONNECT_TIMEOUT_MS). */
  dbConnectTimeoutMs: number;
  /** pg client: give up on a query's answer after this long, e.g. a frozen server (DB_QUERY_TIMEOUT_MS). */
  dbQueryTimeoutMs: number;
  /** PostgreSQL's statement_timeout for the pool's sessions (DB_STATEMENT_TIMEOUT_MS). */
  dbStatementTimeoutMs: number;
  dataDir: string;
  contractsDirs?: string[];
  queueBackend: QueueBackend;
  queueName: string;
  rabbitmqUrl?: string;
  servicebusConn?: string;
  blobBackend: BlobBackend;
  blobDir: string;
  azureStorageConnectionString?: string;
  /** https://<account>.blob.core.windows.net: Azure Blob through a managed identity instead of a key. */
  azureStorageAccountUrl?: string;
  /** Client id of the user-assigned managed identity (Azure Blob, and whatever else signs in as it). */
  azureClientId?: string;
  blobContainer: string;
  /** Largest artifact file a store accepts; a bigger one fails the job with ARTIFACT_TOO_LARGE. */
  artifactMaxBytes: number;
  /** Finished jobs (and their results, artifacts and blobs) older than this are purged; 0 keeps everything. */
  retentionDays: number;
  /** How often a worker runs the maintenance task (retention purge). */
  maintenanceIntervalSec: number;
  /** Jobs purged per batch (one transaction each). */
  retentionBatchSize: number;
  artifactUrlTtlSec: number;
  signingSecret?: string;
  /** During a rotation, links signed with this one are still honoured (ARTIFACT_SIGNING_SECRET_PREVIOUS). */
  signingSecretPrevious?: string;
  publicUrl?: string;
  /** Hosts (host or host:port, `*.example.com`) artifact links may name besides the listen address (ALLOWED_HOSTS). */
  allowedHosts: string[];
  /** Proxies (IPs or CIDRs) whose X-Forwarded-Host/-Proto are believed (TRUSTED_PROXIES). */
  trustedProxies: string[];
  resultCacheTtlSec: number;
  /** How often a running job's lease is renewed (LOCK_RENEW_SEC, default 10). */
  lockRenewSec: number;
  /** How long a delivery stays leased without renewal (LEASE_SEC, default max(30, 3 x LOCK_RENEW_SEC)). */
  leaseSec: number;
  /** Deliveries of one job that died without settling before it is dead-lettered as poison (POISON_DELIVERIES). */
  poisonDeliveries: number;
  /** Outbox rows a relay publishes per round (RELAY_BATCH). */
  relayBatch: number;
  /** Run the outbox relay inside the api process too (RELAY_IN_API; broker backends only). */
  relayInApi: boolean;
  jobTimeoutSec?: number;
  maxAttempts: number;
  retryBaseSec: number;
  retryMaxSec: number;
  workerConcurrency: number;
  appserverSeats: number;
  appserverToken?: string;
  /** During a token rotation the AppServer also accepts this one (APPSERVER_TOKEN_PREVIOUS). */
  appserverTokenPrevious?: string;
  maxBodyBytes: number;
  useCompute: boolean;
  computeUrl?: string;
  computeApiKey?: string;
  /** COMPUTE_TIMEOUT_SEC: one Rhino.Compute HTTP request (the manifest's timeout_sec still bounds a solve). */
  computeTimeoutSec: number;
  /** ENGINE_OVERRIDES=`sitefit@1.0.0=grasshopper,other@1.0.0=builtin`: the engine per definition. */
  engineOverrides: Record<string, string>;
  /** APPSERVER_PREVIEW_SEATS: concurrent previews, apart from the batch seats. */
  appserverPreviewSeats: number;
  /** APPSERVER_PREVIEW_TIMEOUT_MS and APPSERVER_PREVIEW_CACHE (entries). */
  appserverPreviewTimeoutMs: number;
  appserverPreviewCache: number;
  logLevel: string;
  auth: AuthConfig;
  /** Static operator token (ADMIN_TOKEN): its bearer acts as an admin. */
  adminToken?: string;
  limits: LimitsConfig;
  /** The worker's metrics and health listener (METRICS_PORT; the worker role listens on 9464 when unset). */
  metricsPort?: number;
  /** Origins allowed to call the API from a browser (CORS_ORIGINS, comma separated); none by default. */
  corsOrigins: string[];
  tracing: TracingConfig;
}

/** `api.example.com`, `api.example.com:8443`, `*.example.com`, `[::1]:8000`. */
export function isHostPattern(entry: string): boolean {
  return (
    /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i.test(entry) ||
    /^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(entry)
  );
}

/** An IPv4/IPv6 address, or one with a /prefix. */
export function isAddressOrCidr(entry: string): boolean {
  const [ip, prefix, ...rest] = entry.split('/');
  if (rest.length || !ip) return false;
  const family = isIP(ip);
  if (!family) return false;
  if (prefix === undefined) return true;
  const n = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && n >= 0 && n <= (family === 4 ? 32 : 128);
}

/** Whether a bind address only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  readonly env: Env;
  constructor(env: Env) {
    this.env = env;
  }

  str(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  int(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push(`${name}=${JSON.stringify(raw)}: expected an integer from ${min} to ${max}`);
      return fallback;
    }
    return n;
  }

  num(name: string, fallback: number, min: number): number {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) {
      this.problems.push(`${name}=${JSON.stringify(raw)}: expected a number >= ${min}`);
      return fallback;
    }
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name}=${JSON.stringify(raw)}: expected one of ${allowed.join(', ')}`);
      return fallback;
    }
    return raw as T;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.str(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name}=${JSON.stringify(raw)}: expected true or false`);
    return fallback;
  }

  url(name: string, protocols: string[]): string | undefined {
    const raw = this.str(name);
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw.replace('{definition}', 'd').replace('{version}', 'v'));
      if (!protocols.includes(u.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      // The value may hold a password: name the variable, never print it.
      this.problems.push(`${name}: not a valid ${protocols.join(' or ')} URL`);
      return undefined;
    }
  }

  /** A comma-separated list whose every entry passes `valid` (named in the problem otherwise). */
  list(name: string, valid: (entry: string) => boolean, expected: string): string[] {
    const entries = (this.str(name) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = entries.filter((e) => !valid(e));
    if (bad.length)
      this.problems.push(
        `${name}: ${bad.map((b) => JSON.stringify(b)).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not ${expected}`,
      );
    return entries.filter(valid);
  }

  need(name: string, why: string): void {
    if (this.str(name) === undefined) this.problems.push(`${name} is required ${why}`);
  }
}

/** `a@1.0.0=grasshopper,b@2.0.0=builtin`; every malformed pair is named. */
function engineOverrides(r: Reader): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = r.str('ENGINE_OVERRIDES');
  if (raw === undefined) return out;
  for (const pair of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([a-z][a-z0-9-]*@\d+\.\d+\.\d+)=([a-z][a-z0-9-]*)$/.exec(pair);
    if (!m) r.problems.push(`ENGINE_OVERRIDES: ${JSON.stringify(pair)} is not definition@x.y.z=engine`);
    else out[m[1]] = m[2];
  }
  return out;
}

/** Parses the environment for a role; throws ConfigError listing every problem. */
export function parseConfig(env: Env, role: Role = 'dev'): Config {
  const r = new Reader(env);
  const dataDir = r.str('KUDUSO_DATA_DIR') ?? '.kuduso';
  const appserverPort = r.int('APPSERVER_PORT', 8080, 0, 65535);
  const queueBackend = r.oneOf<QueueBackend>('QUEUE_BACKEND', ['pgboss', 'rabbitmq', 'servicebus'], 'pgboss');
  const blobBackend = r.oneOf<BlobBackend>('BLOB_BACKEND', ['fs', 'azure'], 'fs');
  const lockRenewSec = r.int('LOCK_RENEW_SEC', 10, 1, 3600);
  const leaseSec = r.int('LEASE_SEC', Math.max(30, lockRenewSec * 3), 10, 7200);
  const jobTimeout =
    r.str('JOB_TIMEOUT_SEC') === undefined ? undefined : r.int('JOB_TIMEOUT_SEC', 240, 1, 86400);
  const config: Config = {
    host: r.str('HOST') ?? '127.0.0.1',
    port: r.int('PORT', 8000, 0, 65535),
    appserverPort,
    appServerUrl: r.url('APP_SERVER_URL', ['http:', 'https:']) ?? `http://127.0.0.1:${appserverPort}`,
    databaseUrl: r.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    dbConnectTimeoutMs: r.int('DB_CONNECT_TIMEOUT_MS', 3000, 100, 600_000),
    dbQueryTimeoutMs: r.int('DB_QUERY_TIMEOUT_MS', 6000, 100, 3_600_000),
    dbStatementTimeoutMs: r.int('DB_STATEMENT_TIMEOUT_MS', 5000, 100, 3_600_000),
    dataDir,
    contractsDirs: r
      .str('CONTRACTS_DIR')
      ?.split(/[,:]/)
      .map((s) => s.trim())
      .filter(Boolean),
    queueBackend,
    queueName: r.str('SERVICEBUS_QUEUE') ?? r.str('QUEUE_NAME') ?? 'kuduso-jobs',
    rabbitmqUrl: r.url('RABBITMQ_URL', ['amqp:', 'amqps:']),
    servicebusConn: r.str('SERVICEBUS_CONN'),
    blobBackend,
    blobDir: r.str('BLOB_DIR') ?? `${dataDir}/blobs`,
    azureStorageConnectionString: r.str('AZURE_STORAGE_CONNECTION_STRING'),
    azureStorageAccountUrl: r.url('AZURE_STORAGE_ACCOUNT_URL', ['http:', 'https:']),
    azureClientId: r.str('AZURE_CLIENT_ID'),
    blobContainer: r.str('BLOB_CONTAINER') ?? 'artifacts',
    artifactMaxBytes: r.int('ARTIFACT_MAX_BYTES', 50 * 1024 * 1024, 1),
    retentionDays: r.int('RETENTION_DAYS', 30, 0, 36500),
    maintenanceIntervalSec: r.int('MAINTENANCE_INTERVAL_SEC', 3600, 1, 7 * 86400),
    retentionBatchSize: r.int('RETENTION_BATCH_SIZE', 200, 1, 10000),
    artifactUrlTtlSec: r.int('ARTIFACT_URL_TTL_SEC', 900, 1, 7 * 86400),
    signingSecret: r.str('ARTIFACT_SIGNING_SECRET'),
    signingSecretPrevious: r.str('ARTIFACT_SIGNING_SECRET_PREVIOUS'),
    publicUrl: r.url('PUBLIC_URL', ['http:', 'https:']),
    allowedHosts: r
      .list('ALLOWED_HOSTS', isHostPattern, 'a host, host:port or *.domain')
      .map((h) => h.toLowerCase()),
    trustedProxies: r.list('TRUSTED_PROXIES', isAddressOrCidr, 'an IP address or CIDR (10.0.0.0/8)'),
    resultCacheTtlSec: r.int('RESULT_CACHE_TTL', 300, 0),
    lockRenewSec,
    leaseSec,
    poisonDeliveries: r.int('POISON_DELIVERIES', 5, 1, 1000),
    relayBatch: r.int('RELAY_BATCH', 256, 1, 10_000),
    relayInApi: r.bool('RELAY_IN_API', false),
    jobTimeoutSec: jobTimeout,
    maxAttempts: r.int('MAX_ATTEMPTS', 5, 1, 100),
    retryBaseSec: r.num('RETRY_BASE_SEC', 2, 0),
    retryMaxSec: r.num('RETRY_MAX_SEC', 300, 0),
    workerConcurrency: r.int('WORKER_CONCURRENCY', 1, 1, 256),
    appserverSeats: r.int('APPSERVER_SEATS', Math.max(1, availableParallelism()), 1, 1024),
    appserverToken: r.str('APPSERVER_TOKEN'),
    appserverTokenPrevious: r.str('APPSERVER_TOKEN_PREVIOUS'),
    maxBodyBytes: r.int('MAX_BODY_BYTES', 1024 * 1024, 1024),
    useCompute: r.bool('USE_COMPUTE', false),
    computeUrl: r.url('COMPUTE_URL', ['http:', 'https:']),
    computeApiKey: r.str('COMPUTE_API_KEY'),
    computeTimeoutSec: r.num('COMPUTE_TIMEOUT_SEC', 240, 0.001),
    engineOverrides: engineOverrides(r),
    appserverPreviewSeats: r.int('APPSERVER_PREVIEW_SEATS', 2, 0, 1024),
    appserverPreviewTimeoutMs: r.int('APPSERVER_PREVIEW_TIMEOUT_MS', 2000, 1, 600_000),
    appserverPreviewCache: r.int('APPSERVER_PREVIEW_CACHE', 512, 0, 1_000_000),
    logLevel: r.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    auth: readAuth(r),
    adminToken: r.str('ADMIN_TOKEN'),
    limits: {
      // `kuduso dev` is one person's machine: no limits unless asked for.
      ratePerMin: r.int('RATE_LIMIT_PER_MIN', role === 'dev' ? 0 : 600, 0),
      rateBurst: r.int('RATE_LIMIT_BURST', role === 'dev' ? 0 : 60, 0),
      maxActiveJobs: r.int('TENANT_MAX_ACTIVE_JOBS', role === 'dev' ? 0 : 1000, 0),
    },
    metricsPort: r.str('METRICS_PORT') === undefined ? undefined : r.int('METRICS_PORT', 9464, 0, 65535),
    corsOrigins: (r.str('CORS_ORIGINS') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    tracing: readTracing(r),
  };
  if (config.limits.ratePerMin > 0 && config.limits.rateBurst < 1)
    r.problems.push('RATE_LIMIT_BURST must be >= 1 when RATE_LIMIT_PER_MIN is set');
  if ((role === 'api' || role === 'dev') && config.auth.mode === 'none' && !isLoopback(config.host)) {
    r.problems.push(
      `AUTH_MODE=none is only allowed when HOST is a loopback address (HOST=${config.host}); set AUTH_MODE=jwt`,
    );
  }
  if (role === 'appserver' && !config.appserverToken && !isLoopback(config.host)) {
    r.problems.push(
      `APPSERVER_TOKEN is required when the AppServer binds beyond loopback (HOST=${config.host})`,
    );
  }
  if (queueBackend === 'rabbitmq' && role !== 'appserver')
    r.need('RABBITMQ_URL', 'when QUEUE_BACKEND=rabbitmq');
  if (queueBackend === 'servicebus' && role !== 'appserver') {
    r.need('SERVICEBUS_CONN', 'when QUEUE_BACKEND=servicebus');
  }
  if (blobBackend === 'azure' && !config.azureStorageConnectionString && !config.azureStorageAccountUrl) {
    r.problems.push(
      'AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL (managed identity) is required when BLOB_BACKEND=azure',
    );
  }
  if (config.useCompute) r.need('COMPUTE_URL', 'when USE_COMPUTE=true');
  else if (Object.values(config.engineOverrides).includes('grasshopper'))
    r.need('COMPUTE_URL', 'when ENGINE_OVERRIDES names grasshopper');
  if (leaseSec <= lockRenewSec)
    r.problems.push('LEASE_SEC must be above LOCK_RENEW_SEC (the lease is renewed before it lapses)');
  if (role === 'api' || role === 'worker' || role === 'migrate' || role === 'relay' || role === 'dlq') {
    r.need('DATABASE_URL', `for the ${role} role (only \`kuduso dev\` embeds PGlite)`);
  }
  if (role === 'api') r.need('ARTIFACT_SIGNING_SECRET', 'for the api role (it signs artifact links)');
  if (role === 'worker') r.need('APP_SERVER_URL', 'for the worker role');
  // The server cancels a slow statement (a clean error, the connection stays usable) before the client gives
  // up on the answer (the connection is then discarded); the other way round every slow query costs a socket.
  if (config.dbQueryTimeoutMs < config.dbStatementTimeoutMs)
    r.problems.push('DB_QUERY_TIMEOUT_MS must be >= DB_STATEMENT_TIMEOUT_MS');
  if (config.retryMaxSec < config.retryBaseSec) r.problems.push('RETRY_MAX_SEC must be >= RETRY_BASE_SEC');
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}

/** `k=v,k2=v2` with percent-encoded values (the OTLP exporter's format); names a bad entry, never its value. */
function otlpHeaders(r: Reader, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of (r.str(name) ?? '').split(',').filter((e) => e.trim())) {
    const at = entry.indexOf('=');
    const key = entry.slice(0, at).trim();
    if (at < 1 || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(key)) {
      r.problems.push(`${name}: an entry is not key=value`);
      continue;
    }
    try {
      out[key.toLowerCase()] = decodeURIComponent(entry.slice(at + 1).trim());
    } catch {
      r.problems.push(`${name}: the value of ${key} is not percent-encoded correctly`);
    }
  }
  return out;
}

function readTracing(r: Reader): TracingConfig {
  const tracesEndpoint = r.url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', ['http:', 'https:']);
  const base = r.url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']);
  const disabled = r.bool('OTEL_SDK_DISABLED', false);
  const chosen = r.oneOf('OTEL_TRACES_EXPORTER', ['otlp', 'console', 'none'], 'none');
  const exporter = disabled
    ? 'none'
    : r.str('OTEL_TRACES_EXPORTER')
      ? chosen
      : tracesEndpoint || base
        ? 'otlp'
        : 'none';
  const protocolName = r.str('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL')
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = r.oneOf(protocolName, ['http/protobuf', 'http/json'], 'http/protobuf');
  const sampler = r.oneOf(
    'OTEL_TRACES_SAMPLER',
    ['parentbased_traceidratio', 'parentbased_always_on', 'always_on', 'traceidratio'],
    'parentbased_always_on',
  );
  const ratio = sampler.endsWith('traceidratio') ? r.num('OTEL_TRACES_SAMPLER_ARG', 1, 0) : 1;
  if (ratio > 1) r.problems.push('OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1');
  return {
    exporter,
    endpoint: tracesEndpoint ?? `${(base ?? 'http://localhost:4318').replace(/\/+$/, '')}/v1/traces`,
    protocol,
    headers: {
      ...otlpHeaders(r, 'OTEL_EXPORTER_OTLP_HEADERS'),
      ...otlpHeaders(r, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'),
    },
    serviceName: r.str('OTEL_SERVICE_NAME'),
    sampleRatio: Math.min(1, ratio),
    timeoutMs: r.int('OTEL_EXPORTER_OTLP_TIMEOUT', 10_000, 1, 600_000),
  };
}

function readAuth(r: Reader): AuthConfig {
  const mode = r.oneOf<AuthMode>('AUTH_MODE', ['none', 'jwt'], 'none');
  const auth: AuthConfig = {
    mode,
    defaultTenant: r.str('AUTH_DEFAULT_TENANT') ?? 'public',
    jwtSecret: r.str('JWT_SECRET'),
    jwksUrl: r.url('JWT_JWKS_URL', ['http:', 'https:']),
    issuer: r.str('JWT_ISSUER'),
    audience: r.str('JWT_AUDIENCE'),
    clockSkewSec: r.int('JWT_CLOCK_SKEW_SEC', 30, 0, 3600),
    tenantClaim: r.str('JWT_TENANT_CLAIM') ?? 'tenant_id',
    adminRole: r.str('JWT_ADMIN_ROLE') ?? 'admin',
  };
  if (mode === 'jwt' && !auth.jwtSecret && !auth.jwksUrl)
    r.problems.push('AUTH_MODE=jwt needs JWT_SECRET (HS256) or JWT_JWKS_URL (RS256/ES256)');
  if (auth.jwtSecret && auth.jwtSecret.length < 32)
    r.problems.push('JWT_SECRET must be at least 32 characters');
  return auth;
}

/** The AppServer's solve URL for one definition, from a base URL or the seed's {definition}:{version} template. */
export function solveUrl(appServerUrl: string, definition: string, version: string): string {
  if (appServerUrl.includes('{definition}')) {
    return appServerUrl.replace('{definition}', definition).replace('{version}', version);
  }
  return `${appServerUrl.replace(/\/+$/, '')}/gh/${definition}:${version}/solve`;
}
