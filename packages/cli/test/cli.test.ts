// The command line itself: strict options, help that never starts anything, and one-line human messages
// for every mistake a user makes with files. No server is needed here (the unreachable-API case uses a
// port nobody listens on).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const MAIN = new URL('../src/main.ts', import.meta.url).pathname;
const TYPICAL = new URL('../../../contracts/sitefit/1.0.0/examples/valid/typical.json', import.meta.url)
  .pathname;
const dir = mkdtempSync(join(tmpdir(), 'kuduso-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function kuduso(args: string[], env: Record<string, string> = {}, input?: string) {
  return spawnSync(process.execPath, [MAIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    input,
    timeout: 60_000,
  });
}

const COMMANDS = [
  'dev',
  'api',
  'worker',
  'appserver',
  'migrate',
  'relay',
  'dlq',
  'purge',
  'solve',
  'submit',
  'status',
  'result',
  'watch',
  'list',
  'definitions',
];

test('kuduso --help lists every command and exits 0; no command exits 2', () => {
  const res = kuduso(['--help']);
  assert.equal(res.status, 0);
  for (const c of COMMANDS) assert.match(res.stdout, new RegExp(`^  ${c} `, 'm'));
  const none = kuduso([]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /usage: kuduso <command>/);
  assert.equal(kuduso(['help', 'solve']).status, 0);
});

test('--help of every command prints its usage and exits 0 without starting anything', () => {
  // A port that is taken: a server that started anyway would fail on it instead of printing help.
  for (const c of COMMANDS) {
    for (const flag of ['--help', '-h']) {
      const res = kuduso([c, flag], {
        PORT: '1',
        APPSERVER_PORT: '1',
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/x',
      });
      assert.equal(res.status, 0, `${c} ${flag}: ${res.stderr}`);
      assert.match(res.stdout, new RegExp(`^usage: kuduso ${c}`), c);
      assert.doesNotMatch(res.stdout + res.stderr, /listening|database open|EADDRINUSE/);
    }
  }
});

test('--version prints the version', () => {
  const res = kuduso(['--version']);
  assert.equal(res.status, 0);
  assert.match(res.stdout, /^kuduso \d+\.\d+\.\d+\n$/);
});

test('unknown options, missing values and wrong arguments exit 2 with one line and the usage hint', () => {
  const cases: [string[], RegExp][] = [
    [['solve', 'sitefit@1.0.0', TYPICAL, '--bogus'], /^kuduso solve: unknown option --bogus$/],
    [['dev', '--bogus'], /^kuduso dev: unknown option --bogus$/],
    [['solve', 'sitefit@1.0.0', TYPICAL, '--svg'], /^kuduso solve: option --svg needs a value$/],
    [
      ['solve', 'sitefit@1.0.0', TYPICAL, '--svg', '--out-dir', dir],
      /^kuduso solve: option --svg needs a value$/,
    ],
    [['solve', 'sitefit'], /^kuduso solve: missing /],
    [['solve', 'sitefit', TYPICAL], /^kuduso solve: "sitefit" is not <definition@version>/],
    [['status'], /^kuduso status: missing <job-id>$/],
    [['status', 'a', 'b'], /^kuduso status: unexpected argument "b"$/],
    [['list', '--limit', 'many'], /^kuduso list: option --limit must be an integer from 1 to 100$/],
    [['bogus'], /^kuduso: unknown command "bogus"$/],
    [['--bogus'], /^kuduso: unknown option --bogus$/],
  ];
  for (const [args, first] of cases) {
    const res = kuduso(args);
    assert.equal(res.status, 2, `${args.join(' ')}: ${res.stderr}`);
    const lines = res.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, res.stderr);
    assert.match(lines[0] as string, first);
    assert.match(lines[1] as string, /^Run 'kuduso( \w+)? --help' for usage\.$/);
    assert.equal(res.stdout, '');
  }
});

test('file mistakes are one human line each: missing, a folder, bad JSON with line and column', () => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{\n  "crs": "EPSG:5514",\n  "parcel": }\n');
  const folder = join(dir, 'folder');
  mkdirSync(folder);
  const cases: [string, RegExp][] = [
    [join(dir, 'missing.json'), /cannot read .*missing\.json: no such file or folder$/],
    [folder, /cannot read .*folder: it is a folder$/],
    [bad, /bad\.json is not valid JSON: unexpected "}" at line 3, column 13$/],
  ];
  for (const [file, message] of cases) {
    for (const args of [
      ['solve', 'sitefit@1.0.0', file],
      ['submit', file],
    ]) {
      const res = kuduso(args);
      assert.equal(res.status, 1, res.stderr);
      assert.equal(res.stderr.trimEnd().split('\n').length, 1, res.stderr);
      assert.match(res.stderr.trimEnd(), message);
      assert.equal(res.stdout, '');
    }
  }
  const empty = kuduso(['submit', '-'], {}, '');
  assert.match(empty.stderr, /standard input is not valid JSON: unexpected end of input at line 1, column 1/);
});

test('solve --svg into a folder that does not exist fails at once, in one line, no stack', () => {
  const res = kuduso(['solve', 'sitefit@1.0.0', TYPICAL, '--svg', '/nonexistent/p.svg']);
  assert.equal(res.status, 1);
  assert.equal(
    res.stderr,
    'kuduso solve: cannot write /nonexistent/p.svg: the folder /nonexistent does not exist\n',
  );
});

test("solve keeps stdout to the outputs JSON even with the solver's debug logs on", () => {
  const res = kuduso(['solve', 'sitefit@1.0.0', TYPICAL], { LOG_LEVEL: 'debug' });
  assert.equal(res.status, 0, res.stderr);
  const outputs = JSON.parse(res.stdout);
  assert.ok(outputs.results.length > 0);
});

test('an API that cannot be reached is a sentence naming it and how to point elsewhere', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
  const api = `http://127.0.0.1:${port}`;
  for (const args of [['status', 'x', '--api', api], ['definitions'], ['list']]) {
    const res = kuduso(args, { KUDUSO_API: api });
    assert.equal(res.status, 1);
    assert.equal(
      res.stderr,
      `kuduso ${args[0]}: cannot reach the API at ${api} (connection refused); start it with \`npm start\`, or point --api or KUDUSO_API at it\n`,
    );
  }
  assert.equal(kuduso(['status', 'x', '--api', 'ftp://x']).status, 2);
});
