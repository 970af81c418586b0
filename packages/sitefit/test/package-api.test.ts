// The package index exports what the README's API block documents, and the README documents every export.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as api from '../src/index.ts';

const here = (p: string) => new URL(p, import.meta.url);

function apiBlock(): string {
  const readme = readFileSync(here('../README.md'), 'utf8');
  const start = readme.indexOf('## API (from `src/index.ts`)');
  assert.ok(start >= 0, 'README has an API section');
  const open = readme.indexOf('```ts', start);
  const close = readme.indexOf('```', open + 5);
  return readme.slice(open + 5, close);
}

/** The names a block line documents: its leading name, or every name of a comma list, before any comment. */
function documentedNames(block: string): string[] {
  const names = new Set<string>();
  for (const raw of block.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line || line.startsWith('{') || line.startsWith('(')) continue;
    const typed = /^(?:type|interface|class)\s+(.*)$/.exec(line);
    const body = typed ? typed[1] : line;
    // Top-level comma list (outside parentheses, braces and angle brackets).
    let depth = 0;
    let part = '';
    const parts: string[] = [];
    for (const ch of body) {
      if ('({<['.includes(ch)) depth++;
      if (')}>]'.includes(ch)) depth--;
      if ((ch === ',' || ch === ';') && depth === 0) {
        parts.push(part);
        part = '';
      } else part += ch;
    }
    parts.push(part);
    for (const p of parts) {
      const m = /^\s*(?:type\s+|interface\s+|class\s+)?([A-Za-z_$][\w$]*)/.exec(p);
      if (m) names.add(m[1]);
    }
  }
  return [...names];
}

const block = apiBlock();
const indexSources = [
  '../src/index.ts',
  '../src/v2/index.ts',
  '../src/artifacts/index.ts',
  '../src/crs/index.ts',
]
  .map((p) => readFileSync(here(p), 'utf8'))
  .join('\n');

test('every runtime export of the package index is documented in the README API block', () => {
  const undocumented = Object.keys(api).filter((k) => !new RegExp(`\\b${k}\\b`).test(block));
  assert.deepEqual(
    undocumented,
    [],
    `add these to packages/sitefit/README.md "## API": ${undocumented.join(', ')}`,
  );
});

test('every name the README API block documents is exported by the package index', () => {
  const names = documentedNames(block);
  assert.ok(names.length > 60, `parsed ${names.length} names`);
  assert.ok(names.includes('solveSitefitV1') && names.includes('PolygonWithHoles'), names.join(' '));
  // Runtime values by the module itself; types (erased at runtime) by the export lists of the index files.
  const missing = names.filter(
    (n) => !(n in api) && !new RegExp(`(?:type\\s+|\\{[^}]*\\b|,\\s*)${n}\\b`).test(indexSources),
  );
  assert.deepEqual(missing, [], `documented but not exported: ${missing.join(', ')}`);
});
