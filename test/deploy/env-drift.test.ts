// Drift between the deployment files and the code: every variable a compose service, Kubernetes container or
// Terraform app sets is one Kuduso reads; with the secrets filled in, each role's environment passes the real
// config parser for that role (so its required variables are all there); every command is a real role.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseConfig, type Role } from '@kuduso/core';
import { REPO } from '../harness.ts';
import {
  composeVariables,
  composeWorkloads,
  imageEnv,
  KUBERNETES,
  kubernetesWorkloads,
  kustomize,
  loadCompose,
  parseTerraformDir,
  readDotEnv,
  TERRAFORM,
  terraformWorkloads,
  type Workload,
} from './render.ts';

const MAIN = join(REPO, 'packages/cli/src/main.ts');

/**
 * What Kuduso reads: every name parseConfig looks up (recorded through a Proxy, for each role and each
 * backend so that conditional reads show), and every process.env.NAME in the packages' sources.
 */
function acceptedVariables(): Set<string> {
  const seen = new Set<string>();
  const roles: Role[] = ['dev', 'api', 'worker', 'appserver', 'migrate'];
  const variants: Record<string, string>[] = [
    {},
    { QUEUE_BACKEND: 'rabbitmq' },
    { QUEUE_BACKEND: 'servicebus' },
    { BLOB_BACKEND: 'azure' },
    { USE_COMPUTE: 'true' },
  ];
  for (const role of roles) {
    for (const v of variants) {
      const env = new Proxy(v, {
        get(target, key) {
          if (typeof key === 'string') seen.add(key);
          return target[key as string];
        },
      });
      try {
        parseConfig(env, role);
      } catch {}
    }
  }
  for (const pkg of readdirSync(join(REPO, 'packages'))) {
    const src = join(REPO, 'packages', pkg, 'src');
    if (!existsSync(src)) continue;
    for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      const text = readFileSync(join(src, file), 'utf8');
      for (const m of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) seen.add(m[1]);
    }
  }
  return seen;
}

const ACCEPTED = acceptedVariables();

/** Stand-ins for values kept in a secret store or computed by the platform, shaped as the config wants. */
function sample(name: string): string {
  if (name === 'DATABASE_URL') return 'postgres://kuduso:x@db.internal:5432/kuduso';
  if (name === 'RABBITMQ_URL') return 'amqp://kuduso:x@rabbitmq:5672';
  if (name.endsWith('_URL')) return 'https://example.internal';
  if (name === 'SERVICEBUS_CONN' || name === 'AZURE_STORAGE_CONNECTION_STRING')
    return 'Endpoint=sb://x/;Key=y';
  return 'secret-value';
}

/** The config role a command parses as (purge and relay read the database like migrate). */
function roleOf(command: string): Role {
  if (command === 'purge') return 'migrate';
  return command as Role;
}

function checkWorkloads(workloads: Workload[]): void {
  assert.ok(workloads.length > 0, 'found workloads');
  for (const w of workloads) {
    const names = [...Object.keys(w.env), ...w.secretEnv];
    const unknown = names.filter((n) => !ACCEPTED.has(n));
    assert.deepEqual(unknown, [], `${w.source} sets variables Kuduso does not read`);
    const env: Record<string, string> = { ...w.env };
    for (const n of w.secretEnv) env[n] = sample(n);
    // Values the platform computes (Terraform interpolations) are stood in for by name.
    for (const [k, v] of Object.entries(env)) if (v.includes('${')) env[k] = sample(k);
    assert.doesNotThrow(() => parseConfig(env, roleOf(w.command)), `${w.source} (${w.command})`);
  }
}

/** Each command named anywhere must be one `kuduso` knows: with a bad PORT it stops at the config check. */
const realRoles = new Map<string, boolean>();
function isRealRole(command: string): boolean {
  if (!realRoles.has(command)) {
    const res = spawnSync(process.execPath, [MAIN, command], {
      env: { PATH: process.env.PATH, PORT: 'not-a-port', APPSERVER_PORT: 'not-a-port' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    realRoles.set(command, res.status === 2 && /invalid configuration/.test(res.stderr));
  }
  return realRoles.get(command)!;
}

test('the probe itself: an unknown command is told apart from a real role', () => {
  assert.equal(isRealRole('api'), true);
  assert.equal(isRealRole('bogus'), false);
  assert.ok(ACCEPTED.has('DATABASE_URL') && ACCEPTED.has('ADMIN_TOKEN') && !ACCEPTED.has('DATABASE_URI'));
});

describe('docker-compose.yml', () => {
  const dotenv = readDotEnv(join(REPO, '.env.example'));
  const compose = loadCompose(dotenv);
  const workloads = composeWorkloads(compose);

  test('every Kuduso service sets only known variables and has what its role requires', () => {
    assert.deepEqual(workloads.map((w) => w.command).sort(), [
      'api',
      'appserver',
      'migrate',
      'relay',
      'worker',
    ]);
    checkWorkloads(composeWorkloads(loadCompose({ ...dotenv, QUEUE_BACKEND: 'rabbitmq' })));
    checkWorkloads(workloads);
    checkWorkloads(composeWorkloads(loadCompose({})));
  });

  test('.env.example sets only variables the compose file uses, and names what Kuduso reads the same way', () => {
    const vars = composeVariables(readFileSync(join(REPO, 'docker-compose.yml'), 'utf8'));
    for (const k of Object.keys(dotenv)) assert.ok(vars.has(k), `.env.example sets ${k}, unused by compose`);
  });

  test('shape: migrate once before the roles, internal AppServer, health checks, a scalable worker', () => {
    const s = compose.services;
    for (const name of ['postgres', 'rabbitmq', 'azurite', 'migrate', 'api', 'worker', 'appserver']) {
      assert.ok(s[name], `service ${name}`);
    }
    assert.equal(s.migrate.restart, 'no');
    for (const name of ['api', 'worker']) {
      assert.equal(s[name].depends_on.migrate.condition, 'service_completed_successfully', name);
    }
    assert.equal(s.appserver.ports, undefined, 'the AppServer publishes no port');
    assert.equal(s.worker.ports, undefined);
    assert.equal(s.worker.container_name, undefined, 'a fixed container name would stop --scale');
    for (const name of ['postgres', 'rabbitmq', 'azurite', 'api', 'appserver']) {
      assert.ok(s[name].healthcheck?.test, `${name} has a health check`);
    }
    assert.equal(compose.networks.backend.internal, true);
    assert.deepEqual(s.appserver.networks, ['backend']);
    assert.equal(
      s.worker.environment.APP_SERVER_URL,
      `http://appserver:${s.appserver.environment.APPSERVER_PORT}`,
    );
  });
});

describe('Kubernetes overlays', () => {
  for (const overlay of readdirSync(join(KUBERNETES, 'overlays'))) {
    test(`${overlay}: every container sets only known variables and has what its role requires`, () => {
      checkWorkloads(kubernetesWorkloads(overlay, kustomize(join(KUBERNETES, 'overlays', overlay))));
    });
  }
});

describe('Terraform apps', () => {
  test('every Container App and job sets only known variables and has what its role requires', async () => {
    const workloads = terraformWorkloads(await parseTerraformDir(join(TERRAFORM, 'modules/apps')));
    assert.deepEqual(workloads.map((w) => w.command).sort(), [
      'api',
      'appserver',
      'migrate',
      'purge',
      'worker',
    ]);
    checkWorkloads(workloads);
  });
});

test('every command any deployment file runs is a real kuduso role, the image default included', async () => {
  const commands = new Set<string>();
  for (const w of composeWorkloads(loadCompose({}))) commands.add(w.command);
  for (const overlay of readdirSync(join(KUBERNETES, 'overlays'))) {
    for (const w of kubernetesWorkloads(overlay, kustomize(join(KUBERNETES, 'overlays', overlay)))) {
      commands.add(w.command);
    }
  }
  for (const w of terraformWorkloads(await parseTerraformDir(join(TERRAFORM, 'modules/apps'))))
    commands.add(w.command);
  const cmd = /^CMD \["([a-z]+)"\]$/m.exec(readFileSync(join(REPO, 'Dockerfile'), 'utf8'));
  assert.ok(cmd, 'the Dockerfile has a CMD');
  commands.add(cmd[1]);
  for (const c of commands) assert.ok(isRealRole(c), `"${c}" is not a kuduso command`);
});

test('the image sets only known variables and binds beyond loopback', () => {
  const env = imageEnv();
  assert.equal(env.HOST, '0.0.0.0');
  for (const k of Object.keys(env)) assert.ok(ACCEPTED.has(k), k);
});
