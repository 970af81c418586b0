// Reads the deployment files the way their tools would, far enough to check them against the code: compose
// with its ${VAR:-default} interpolation, Kustomize (resources, JSON 6902 patches, images, labels), and
// Terraform/Terragrunt through an HCL-to-JSON parser. Each yields "workloads": one Kuduso role started with
// an environment, so the drift tests can hand that environment to the real config parser.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { parse, parseAllDocuments } from 'yaml';
import { REPO } from '../harness.ts';

/** Parsed YAML or HCL: shapes are checked by the tests that read it, not by the type checker. */
// biome-ignore lint/suspicious/noExplicitAny: untyped documents from parsers
export type Doc = Record<string, any>;

export interface Workload {
  /** Where it was read, e.g. "compose:api", "k8s/pgboss:Deployment/kuduso-worker", "tf:azurerm_container_app.api". */
  source: string;
  /** The kuduso command the container runs (its first argument). */
  command: string;
  /** Plain values. */
  env: Record<string, string>;
  /** Names whose values come from a secret store (the value itself is not in the repository). */
  secretEnv: string[];
}

// --- compose

export function readDotEnv(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** The variables compose interpolates, with their defaults (undefined when none). */
export function composeVariables(text: string): Map<string, string | undefined> {
  const vars = new Map<string, string | undefined>();
  for (const m of text.matchAll(/\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g)) vars.set(m[1], m[2]);
  return vars;
}

export function loadCompose(env: Record<string, string> = {}): Doc {
  const text = readFileSync(join(REPO, 'docker-compose.yml'), 'utf8');
  const interpolated = text.replace(
    /\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g,
    (_, name: string, def?: string) => env[name] ?? def ?? '',
  );
  return parse(interpolated, { merge: true });
}

/** ENV of the Dockerfile's last stage: what every container of the image starts with. */
export function imageEnv(): Record<string, string> {
  const text = readFileSync(join(REPO, 'Dockerfile'), 'utf8').replaceAll('\\\n', ' ');
  const last = text.slice(text.lastIndexOf('\nFROM '));
  const env: Record<string, string> = {};
  for (const line of last.split('\n').filter((l) => l.startsWith('ENV '))) {
    for (const m of line.slice(4).matchAll(/([A-Z0-9_]+)=(\S+)/g)) env[m[1]] = m[2];
  }
  return env;
}

export function composeWorkloads(compose: Doc): Workload[] {
  return Object.entries(compose.services as Doc)
    .filter(([, s]) => s.build !== undefined || String(s.image).includes('kuduso'))
    .map(([name, s]) => ({
      source: `compose:${name}`,
      command: s.command[0],
      env: {
        ...imageEnv(),
        ...Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v)])),
      },
      secretEnv: [],
    }));
}

// --- Kustomize

function loadYamlDocs(path: string): Doc[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((d) => d.toJS() as Doc)
    .filter(Boolean);
}

function pointer(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function applyOp(doc: Doc, op: { op: string; path: string; value?: unknown }): void {
  const parts = pointer(op.path);
  const last = parts.pop()!;
  let node: Doc = doc;
  for (const p of parts) {
    node = Array.isArray(node) ? node[Number(p)] : node[p];
    if (node === undefined) throw new Error(`patch path ${op.path} does not exist`);
  }
  if (op.op === 'add' && Array.isArray(node)) {
    if (last === '-') node.push(op.value);
    else node.splice(Number(last), 0, op.value);
  } else if (op.op === 'add' || op.op === 'replace') {
    if (op.op === 'replace' && !(last in node)) throw new Error(`replace of a missing ${op.path}`);
    node[last] = op.value;
  } else if (op.op === 'remove') {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else {
    throw new Error(`unsupported patch op ${op.op}`);
  }
}

/** Renders a kustomization folder into its resources (what `kustomize build` would print). */
export function kustomize(dir: string): Doc[] {
  const k = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Doc;
  let docs: Doc[] = [];
  for (const r of k.resources ?? []) {
    const p = join(dir, r);
    docs = docs.concat(statSync(p).isDirectory() ? kustomize(p) : loadYamlDocs(p));
  }
  for (const patch of k.patches ?? []) {
    const ops = parse(patch.patch) as { op: string; path: string; value?: unknown }[];
    const name = new RegExp(`^(?:${patch.target.name})$`);
    const kind = new RegExp(`^(?:${patch.target.kind})$`);
    const hits = docs.filter((d) => kind.test(d.kind) && name.test(d.metadata?.name));
    if (hits.length === 0)
      throw new Error(`${dir}: a patch targets nothing (${JSON.stringify(patch.target)})`);
    for (const d of hits) for (const op of ops) applyOp(d, structuredClone(op));
  }
  for (const l of k.labels ?? []) {
    for (const d of docs) d.metadata.labels = { ...d.metadata.labels, ...l.pairs };
  }
  for (const image of k.images ?? []) {
    for (const c of allContainers(docs)) {
      if (c.image === image.name) c.image = `${image.newName ?? image.name}:${image.newTag ?? 'latest'}`;
    }
  }
  return docs;
}

export function podSpec(d: Doc): Doc | undefined {
  if (d.kind === 'CronJob') return d.spec.jobTemplate.spec.template.spec;
  if (d.kind === 'Deployment' || d.kind === 'Job') return d.spec.template.spec;
  return undefined;
}

function allContainers(docs: Doc[]): Doc[] {
  return docs.flatMap((d) => podSpec(d)?.containers ?? []);
}

export function kubernetesWorkloads(overlay: string, docs: Doc[]): Workload[] {
  const configMaps = new Map(
    docs.filter((d) => d.kind === 'ConfigMap').map((d) => [d.metadata.name, d.data]),
  );
  const out: Workload[] = [];
  for (const d of docs) {
    for (const c of podSpec(d)?.containers ?? []) {
      const env: Record<string, string> = {};
      const secretEnv: string[] = [];
      for (const from of c.envFrom ?? []) {
        const data = configMaps.get(from.configMapRef?.name);
        if (!data) throw new Error(`${d.metadata.name}: envFrom names a missing ConfigMap`);
        Object.assign(env, data);
      }
      for (const e of c.env ?? []) {
        if (e.valueFrom?.secretKeyRef) secretEnv.push(e.name);
        else env[e.name] = String(e.value);
      }
      out.push({ source: `k8s/${overlay}:${d.kind}/${d.metadata.name}`, command: c.args[0], env, secretEnv });
    }
  }
  return out;
}

// --- Terraform / Terragrunt

export async function parseTerraformDir(dir: string): Promise<Doc[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.tf') || f.endsWith('.hcl'));
  return Promise.all(
    files.map(async (f) => ({
      file: join(dir, f),
      ...(await parseHcl(f, readFileSync(join(dir, f), 'utf8'))),
    })),
  );
}

export function mergeLocals(parsed: Doc[]): Doc {
  return Object.assign({}, ...parsed.flatMap((p) => p.locals ?? []));
}

/** Names of the locals a for_each expression such as `${merge(local.a, local.b)}` draws on. */
export function localsIn(expr: string): string[] {
  return [...expr.matchAll(/local\.([a-z0-9_]+)/g)].map((m) => m[1]);
}

/** Each variable's declaration (description, type, default) by name. */
export function terraformVariables(parsed: Doc[]): Record<string, Doc> {
  const out: Record<string, Doc> = {};
  for (const p of parsed) for (const [k, v] of Object.entries(p.variable ?? {})) out[k] = (v as Doc[])[0];
  return out;
}

/** `${var.x}` and `${tostring(var.x)}` become the variable's default; other expressions stay as they are. */
function resolveDefaults(value: string, vars: Record<string, Doc>): string {
  const m = /^\$\{(?:tostring\()?var\.([a-z0-9_]+)\)?\}$/.exec(value);
  return m && vars[m[1]]?.default !== undefined ? String(vars[m[1]].default) : value;
}

/** Container Apps and jobs of the apps module, with the env their containers get. */
export function terraformWorkloads(parsed: Doc[]): Workload[] {
  const locals = mergeLocals(parsed);
  const vars = terraformVariables(parsed);
  const out: Workload[] = [];
  for (const p of parsed) {
    for (const type of ['azurerm_container_app', 'azurerm_container_app_job']) {
      for (const [name, blocks] of Object.entries((p.resource?.[type] ?? {}) as Record<string, Doc[]>)) {
        const r = blocks[0];
        const container = r.template[0].container[0];
        const env: Record<string, string> = {};
        const secretEnv: string[] = [];
        for (const e of container.env ?? []) {
          if (e.secret_name) secretEnv.push(e.name);
          else env[e.name] = resolveDefaults(e.value, vars);
        }
        for (const dyn of container.dynamic?.env ?? []) {
          const content = dyn.content[0];
          for (const local of localsIn(dyn.for_each)) {
            const map = locals[local];
            if (!map) throw new Error(`${type}.${name}: for_each names a missing local.${local}`);
            for (const [k, v] of Object.entries(map)) {
              if (content.secret_name) secretEnv.push(k);
              else env[k] = resolveDefaults(String(v), vars);
            }
          }
        }
        // A job per for_each entry, its command in the entry's args.
        const commands =
          typeof r.for_each === 'object'
            ? Object.values(r.for_each as Record<string, { args: string[] }>).map((v) => v.args[0])
            : [container.args[0]];
        for (const command of commands) {
          out.push({
            source: `tf:${type}.${name}${commands.length > 1 ? `[${command}]` : ''}`,
            command,
            env,
            secretEnv,
          });
        }
      }
    }
  }
  return out;
}

export const TERRAFORM = join(REPO, 'deploy/terraform');
export const KUBERNETES = join(REPO, 'deploy/kubernetes');
