// The Kubernetes overlays and the Terraform, as a reviewer would check them: manifests valid against the
// Kubernetes and KEDA schemas, the KEDA trigger following QUEUE_BACKEND, the AppServer never exposed, probes,
// resources, disruption budgets and grace periods; Terraform's apps, queue and variables as the issue
// requires, and Terragrunt's inputs matching the modules' variables. The image's Dockerfile too.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { REPO } from '../harness.ts';
import {
  type Doc,
  KUBERNETES,
  kustomize,
  mergeLocals,
  parseTerraformDir,
  podSpec,
  TERRAFORM,
  terraformVariables,
} from './render.ts';

async function modelFor(apiVersion: string, kind: string) {
  const mod: Doc = apiVersion.startsWith('keda.sh/')
    ? await import(`@kubernetes-models/keda/${apiVersion}`)
    : await import(apiVersion === 'v1' ? 'kubernetes-models/v1' : `kubernetes-models/${apiVersion}`);
  assert.ok(mod[kind], `no schema for ${apiVersion} ${kind}`);
  return mod[kind];
}

/** The worker's drain on SIGTERM, read from its source so the grace periods follow it. */
function workerDrainSec(): number {
  const src = readFileSync(join(REPO, 'packages/worker/src/worker.ts'), 'utf8');
  const m = /stop\(graceMs = ([\d_]+)\)/.exec(src);
  assert.ok(m, 'worker.stop has a default drain');
  return Number(m[1].replaceAll('_', '')) / 1000;
}

const TRIGGER_FOR: Record<string, string> = {
  pgboss: 'postgresql',
  rabbitmq: 'rabbitmq',
  servicebus: 'azure-servicebus',
};

const byKindName = (docs: Doc[], kind: string, name: string): Doc =>
  docs.find((d) => d.kind === kind && d.metadata.name === name) as Doc;

describe('Kubernetes', () => {
  const overlays = readdirSync(join(KUBERNETES, 'overlays'));
  test('an overlay for each queue backend', () => {
    assert.deepEqual(overlays.sort(), Object.keys(TRIGGER_FOR).sort());
  });

  for (const overlay of overlays) {
    const docs = kustomize(join(KUBERNETES, 'overlays', overlay));

    test(`${overlay}: every resource validates against its Kubernetes or KEDA schema`, async () => {
      for (const d of docs) {
        const Model = await modelFor(d.apiVersion, d.kind);
        assert.doesNotThrow(() => new Model(d).validate(), `${d.kind}/${d.metadata.name}`);
      }
      // The validator is not a rubber stamp: a broken Deployment is refused.
      const Deployment = await modelFor('apps/v1', 'Deployment');
      const broken = structuredClone(byKindName(docs, 'Deployment', 'kuduso-api'));
      broken.spec.replicas = 'two';
      assert.throws(() => new Deployment(broken).validate());
    });

    test(`${overlay}: the KEDA trigger follows QUEUE_BACKEND and scales the worker 0-10`, () => {
      const config = byKindName(docs, 'ConfigMap', 'kuduso-config').data;
      assert.equal(config.QUEUE_BACKEND, overlay);
      const so = docs.filter((d) => d.kind === 'ScaledObject');
      assert.equal(so.length, 1);
      const [scaled] = so;
      assert.equal(scaled.spec.scaleTargetRef.name, 'kuduso-worker');
      assert.ok(byKindName(docs, 'Deployment', scaled.spec.scaleTargetRef.name));
      assert.equal(scaled.spec.minReplicaCount, 0);
      assert.equal(scaled.spec.maxReplicaCount, 10);
      const [trigger] = scaled.spec.triggers;
      assert.equal(trigger.type, TRIGGER_FOR[overlay]);
      const queue = config.SERVICEBUS_QUEUE ?? config.QUEUE_NAME;
      if (overlay === 'pgboss') assert.match(trigger.metadata.query, new RegExp(`name = '${queue}'`));
      else assert.equal(trigger.metadata.queueName, queue);
      const auth = byKindName(docs, 'TriggerAuthentication', trigger.authenticationRef.name);
      assert.ok(auth, 'the trigger authentication exists');
      // The scaler reads the same secret key the pods use to reach the queue.
      const secretKeys = new Set(
        (podSpec(byKindName(docs, 'Deployment', 'kuduso-worker'))!.containers[0].env as Doc[])
          .map((e) => e.valueFrom?.secretKeyRef?.key)
          .filter(Boolean),
      );
      for (const ref of auth.spec.secretTargetRef) assert.ok(secretKeys.has(ref.key), ref.key);
    });

    test(`${overlay}: AppServer internal only, probes, resources, budgets, grace periods`, () => {
      const appserverSvc = byKindName(docs, 'Service', 'kuduso-appserver');
      assert.equal(appserverSvc.spec.type, 'ClusterIP');
      for (const d of docs.filter((x) => x.kind === 'Ingress')) {
        assert.ok(!JSON.stringify(d).includes('kuduso-appserver'), 'no Ingress routes to the AppServer');
      }
      const policy = byKindName(docs, 'NetworkPolicy', 'kuduso-appserver');
      assert.deepEqual(policy.spec.ingress[0].from[0].podSelector.matchLabels, {
        'app.kubernetes.io/name': 'kuduso-worker',
      });
      for (const [name, port] of [
        ['kuduso-api', 8000],
        ['kuduso-appserver', 8080],
      ] as const) {
        const c = podSpec(byKindName(docs, 'Deployment', name))!.containers[0];
        assert.equal(c.readinessProbe.httpGet.path, '/readyz', name);
        assert.equal(c.livenessProbe.httpGet.path, '/livez', name);
        assert.equal(c.ports[0].containerPort, port, name);
      }
      for (const d of docs.filter((x) => podSpec(x))) {
        const spec = podSpec(d)!;
        assert.equal(spec.securityContext.runAsNonRoot, true, d.metadata.name);
        for (const c of spec.containers) {
          assert.ok(c.resources.requests.cpu && c.resources.limits.memory, `${d.metadata.name} resources`);
          assert.match(c.image, /kuduso/);
        }
      }
      for (const name of ['kuduso-api', 'kuduso-appserver', 'kuduso-worker']) {
        const pdb = byKindName(docs, 'PodDisruptionBudget', name);
        assert.ok(pdb, `PDB for ${name}`);
        const labels = byKindName(docs, 'Deployment', name).spec.template.metadata.labels;
        for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels)) assert.equal(labels[k], v);
      }
      const worker = podSpec(byKindName(docs, 'Deployment', 'kuduso-worker'))!;
      assert.ok(worker.terminationGracePeriodSeconds > workerDrainSec(), 'grace longer than the drain');
      assert.ok(byKindName(docs, 'Job', 'kuduso-migrate'));
      assert.equal(byKindName(docs, 'CronJob', 'kuduso-purge').spec.concurrencyPolicy, 'Forbid');
    });
  }
});

describe('Terraform', () => {
  const modules = readdirSync(join(TERRAFORM, 'modules'));

  test('every .tf and .hcl file parses', async () => {
    const files = readdirSync(TERRAFORM, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.tf') || f.endsWith('.hcl'),
    );
    assert.ok(files.length >= 10);
    for (const f of files) await parseHcl(f, readFileSync(join(TERRAFORM, f), 'utf8'));
    await assert.rejects(parseHcl('bad.tf', 'resource "x" {'), 'the parser refuses broken HCL');
  });

  test('every variable is documented and typed', async () => {
    for (const m of modules) {
      const vars = terraformVariables(await parseTerraformDir(join(TERRAFORM, 'modules', m)));
      assert.ok(Object.keys(vars).length > 0);
      for (const [name, v] of Object.entries(vars)) {
        assert.ok(v.description?.length > 10, `${m}.${name} has a description`);
        assert.ok(v.type, `${m}.${name} has a type`);
      }
    }
  });

  test('api external, appserver internal, worker without ingress scaled 0-10 on the Service Bus queue', async () => {
    const parsed = await parseTerraformDir(join(TERRAFORM, 'modules/apps'));
    const apps = Object.assign({}, ...parsed.map((p) => p.resource?.azurerm_container_app ?? {}));
    const vars = terraformVariables(parsed);
    assert.equal(apps.api[0].ingress[0].external_enabled, true);
    assert.equal(apps.appserver[0].ingress[0].external_enabled, false);
    assert.equal(apps.worker[0].ingress, undefined);
    const t = apps.worker[0].template[0];
    assert.equal(t.min_replicas, 0);
    assert.equal(vars[/var\.([a-z_]+)/.exec(t.max_replicas)![1]].default, 10);
    const rule = t.custom_scale_rule[0];
    assert.equal(rule.custom_rule_type, 'azure-servicebus');
    assert.ok(rule.authentication[0].secret_name);
    assert.ok(t.termination_grace_period_seconds > workerDrainSec());
    const locals = mergeLocals(parsed);
    assert.equal(locals.common_env.QUEUE_BACKEND, 'servicebus');
    // Every app secret is a Key Vault reference through the managed identity, never a literal value.
    for (const app of Object.values(apps) as Doc[][]) {
      for (const s of app[0].dynamic?.secret ?? []) {
        assert.ok(s.content[0].key_vault_secret_id && s.content[0].identity);
        assert.equal(s.content[0].value, undefined);
      }
    }
    // Each vault reference names a secret the platform module writes.
    const platform = await parseTerraformDir(join(TERRAFORM, 'modules/platform'));
    const written = Object.assign({}, ...platform.map((p) => p.resource?.azurerm_key_vault_secret ?? {}))
      .this[0].for_each;
    for (const v of Object.values(locals.vault_refs))
      assert.ok(String(written).includes(`${v} `) || written[v as string], `${v} in Key Vault`);
  });

  test('the Service Bus queue detects duplicates, caps deliveries and dead-letters; storage is private', async () => {
    const parsed = await parseTerraformDir(join(TERRAFORM, 'modules/platform'));
    const res = (type: string) => Object.assign({}, ...parsed.map((p) => p.resource?.[type] ?? {}));
    const q = res('azurerm_servicebus_queue').jobs[0];
    assert.equal(q.requires_duplicate_detection, true);
    assert.equal(q.dead_lettering_on_message_expiration, true);
    assert.ok(q.max_delivery_count);
    const st = res('azurerm_storage_account').this[0];
    assert.equal(st.allow_nested_items_to_be_public, false);
    assert.equal(st.shared_access_key_enabled, false, 'identity only: links are user-delegation SAS');
    assert.equal(res('azurerm_key_vault').this[0].enable_rbac_authorization, true);
    for (const r of [
      'azurerm_log_analytics_workspace',
      'azurerm_container_app_environment',
      'azurerm_postgresql_flexible_server',
      'azurerm_storage_container',
      'azurerm_user_assigned_identity',
    ]) {
      assert.ok(Object.keys(res(r)).length > 0, r);
    }
    const roles = Object.values(res('azurerm_role_assignment')).map(
      (r) => (r as Doc[])[0].role_definition_name,
    );
    for (const role of ['AcrPull', 'Key Vault Secrets User', 'Storage Blob Data Contributor'])
      assert.ok(roles.includes(role), role);
  });

  test('Terragrunt live/dev gives each module exactly the variables it declares, the required ones included', async () => {
    const live = join(TERRAFORM, 'live/dev');
    for (const unit of readdirSync(live).filter((u) => existsSync(join(live, u, 'terragrunt.hcl')))) {
      const tg = await parseHcl('terragrunt.hcl', readFileSync(join(live, unit, 'terragrunt.hcl'), 'utf8'));
      const source = /modules\/([a-z-]+)/.exec(tg.terraform[0].source)![1];
      const vars = terraformVariables(await parseTerraformDir(join(TERRAFORM, 'modules', source)));
      const inputs = Object.keys(tg.inputs);
      for (const i of inputs)
        assert.ok(vars[i], `${unit} passes ${i}, which modules/${source} does not declare`);
      for (const [name, v] of Object.entries(vars)) {
        if (v.default === undefined) assert.ok(inputs.includes(name), `${unit} must set ${name}`);
      }
    }
  });
});

test('Dockerfile: multi-stage on Node 24 slim, production dependencies, non-root, health check, role by command', () => {
  const text = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
  assert.match(text, /^ARG NODE_IMAGE=node:24-[a-z]+-slim$/m);
  assert.equal([...text.matchAll(/^FROM /gm)].length, 3);
  assert.match(text, /npm ci --omit=dev/);
  assert.match(text, /^USER 10001:10001$/m);
  assert.match(text, /^HEALTHCHECK .*\n\s+CMD \["node", "packages\/cli\/src\/healthcheck.ts"\]$/m);
  assert.match(text, /^ENTRYPOINT \["node", "packages\/cli\/src\/main.ts"\]$/m);
  for (const f of ['packages/cli/src/healthcheck.ts', 'packages/cli/src/main.ts'])
    assert.ok(existsSync(join(REPO, f)));
  const ignore = readFileSync(join(REPO, '.dockerignore'), 'utf8').split('\n');
  for (const p of ['**/node_modules', '.git', 'packages/*/test'])
    assert.ok(ignore.includes(p), `.dockerignore ${p}`);
});
