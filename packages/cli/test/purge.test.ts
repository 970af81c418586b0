// `kuduso purge` as an operator runs it: a real process on a real PostgreSQL database and a blob folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createFsBlobStore } from '@kuduso/blob';
import { findJobById, insertArtifacts } from '@kuduso/db';
import { openTestDb, type TestDb } from '@kuduso/db/testing';
import { parseAge } from '../src/purge.ts';

const MAIN = new URL('../src/main.ts', import.meta.url).pathname;
let t: TestDb;
let dir: string;
before(async () => {
  t = await openTestDb('pg');
  dir = await mkdtemp(join(tmpdir(), 'kuduso-purge-cli-'));
});
after(async () => {
  await t?.close();
  await rm(dir, { recursive: true, force: true });
});

function purge(...args: string[]) {
  const res = spawnSync(process.execPath, [MAIN, 'purge', ...args], {
    env: { PATH: process.env.PATH, DATABASE_URL: t.url, BLOB_DIR: dir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

test('ages are whole days, hours or minutes', () => {
  assert.equal(parseAge('30d'), 30 * 86400_000);
  assert.equal(parseAge('12h'), 12 * 3600_000);
  assert.equal(parseAge('90m'), 90 * 60_000);
  for (const bad of ['30', '0d', '-1d', '1.5d', '2w', '']) assert.equal(parseAge(bad), null, bad);
});

test('--dry-run counts and keeps; without it the old job and its blob go', async () => {
  const blob = createFsBlobStore(dir);
  const id = randomUUID();
  await t.db.executeSql(
    `INSERT INTO job (id, app_id, definition, version, status, inputs_hash, payload_json, correlation_id, ended_at)
     VALUES ($1, 'test', 'mock', '1.0.0', 'succeeded', 'h', '{}'::jsonb, 'c', now() - interval '45 days')`,
    [id],
  );
  const s = await blob.put(`jobs/${id}/a.csv`, new TextEncoder().encode('x\n'), 'text/csv');
  await insertArtifacts(t.db, id, [{ kind: 'csv', storage_key: s.key, size_bytes: s.sizeBytes }]);

  const dry = purge('--older-than', '30d', '--dry-run');
  assert.equal(dry.code, 0, dry.err);
  const estimate = JSON.parse(dry.out);
  assert.equal(estimate.dry_run, true);
  assert.equal(estimate.jobs, 1);
  assert.equal(estimate.artifacts, 1);
  assert.ok(await findJobById(t.db, id), 'a dry run deletes nothing');

  const none = JSON.parse(purge('--older-than', '60d').out);
  assert.equal(none.jobs, 0, 'younger than the cut-off');

  const real = purge('--older-than', '30d');
  assert.equal(real.code, 0, real.err);
  const report = JSON.parse(real.out);
  assert.equal(report.jobs, 1);
  assert.equal(report.blobs_deleted, 1);
  assert.equal(await findJobById(t.db, id), null);
  assert.equal(await blob.get(s.key), null);
});

test('a bad age or an unknown flag is a usage error (exit 2)', () => {
  const bad = purge('--older-than', 'soon');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--older-than "soon"/);
  assert.equal(purge('--force').code, 2);
});
