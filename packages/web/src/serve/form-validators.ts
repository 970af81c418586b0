// The form's validators, compiled at build time (Ajv standalone code, as @rjsf/validator-ajv8's precompiled
// validator expects) for every contract in the repository's contracts/ folder, so the page validates without
// eval and its Content-Security-Policy needs no 'unsafe-eval'. A Vite plugin: `virtual:form-validators`
// exports [{ id: 'name@version', schema, fns }], where schema is the form's part of the contract's inputs
// schema (planForm(), the same function the page runs) and fns its validation functions. A definition that
// is not in the build, or whose schema changed since, is validated by the API on submit (its 400 is shown
// at the field it names).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaParser } from '@rjsf/utils';
import createAjvInstance from '@rjsf/validator-ajv8/lib/createAjvInstance.js';
// A CommonJS module: Node's default import is its module.exports, which is the function and has it as .default.
import standalone from 'ajv/dist/standalone/index.js';
import type { Plugin } from 'vite';
import { planForm } from '../app/lib/schema-form.ts';

const INDEX = 'virtual:form-validators';
const RESOLVED = `\0${INDEX}`;

interface Compiled {
  id: string;
  formSchema: Record<string, unknown>;
}

/** Every contracts/{name}/{version}/inputs.schema.json below dir, with its form schema. */
export function contractFormSchemas(dir: string): Compiled[] {
  const out: Compiled[] = [];
  if (!existsSync(dir)) return out;
  const dirs = (d: string) =>
    readdirSync(d, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  for (const name of dirs(dir)) {
    for (const version of dirs(join(dir, name))) {
      const file = join(dir, name, version, 'inputs.schema.json');
      if (!existsSync(file)) continue;
      const schema = JSON.parse(readFileSync(file, 'utf8'));
      out.push({ id: `${name}@${version}`, formSchema: planForm(schema).formSchema });
    }
  }
  return out;
}

/**
 * What @rjsf/validator-ajv8's compileSchemaValidatorsCode() makes, as an ES module: its schema keys (hashes)
 * are not identifiers, so each function is exported under a name and `keys` maps the names back.
 */
export function validatorModule(formSchema: Record<string, unknown>): string {
  const maps = schemaParser(formSchema as never);
  const ajv = createAjvInstance(undefined, undefined, {
    code: { lines: true, source: true, esm: true },
    schemas: Object.values(maps),
  });
  const names = Object.fromEntries(Object.keys(maps).map((k, i) => [`v${i}`, k]));
  return `${standalone.default(ajv, names)}\nexport const keys = ${JSON.stringify(names)};\n`;
}

export function formValidators(contractsDir: string): Plugin {
  let compiled: Compiled[] = [];
  return {
    name: 'kuduso-form-validators',
    buildStart() {
      compiled = contractFormSchemas(contractsDir);
      for (const c of compiled)
        this.addWatchFile(join(contractsDir, ...c.id.split('@'), 'inputs.schema.json'));
    },
    resolveId(id) {
      if (id === INDEX || id.startsWith(`${INDEX}/`)) return `\0${id}`;
      return null;
    },
    load(id) {
      if (id === RESOLVED) {
        const imports = compiled.map((_, i) => `import * as m${i} from '${INDEX}/${i}';`);
        const list = compiled.map(
          (c, i) =>
            `{ id: ${JSON.stringify(c.id)}, schema: ${JSON.stringify(c.formSchema)}, fns: fns(m${i}) }`,
        );
        const fns =
          'const fns = (m) => Object.fromEntries(Object.entries(m.keys).map(([n, k]) => [k, m[n]]));';
        return `${imports.join('\n')}\n${fns}\nexport default [${list.join(',\n')}];\n`;
      }
      if (id.startsWith(`${RESOLVED}/`)) {
        const c = compiled[Number(id.slice(RESOLVED.length + 1))];
        if (!c) return null;
        return validatorModule(c.formSchema);
      }
      return null;
    },
  };
}
