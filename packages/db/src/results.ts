// SQL operations on result and artifact rows.
import { randomUUID } from 'node:crypto';
import type { ArtifactRow, ResultRow } from './rows.ts';
import type { Executor } from './types.ts';

/** Stores a job's outputs (one result per job: a second insert for the same job fails). */
export async function insertResult(
  ex: Executor,
  jobId: string,
  outputs: unknown,
  score: number | null,
): Promise<ResultRow> {
  const { rows } = await ex.executeSql<ResultRow>(
    `INSERT INTO result (job_id, outputs_json, score) VALUES ($1, $2::jsonb, $3) RETURNING *`,
    [jobId, JSON.stringify(outputs), score],
  );
  return rows[0];
}

export async function getResult(ex: Executor, jobId: string): Promise<ResultRow | null> {
  const { rows } = await ex.executeSql<ResultRow>('SELECT * FROM result WHERE job_id = $1', [jobId]);
  return rows[0] ?? null;
}

export interface NewArtifact {
  id?: string;
  kind: string;
  label?: string | null;
  storage_key: string;
  content_type?: string | null;
  size_bytes?: number | null;
  checksum?: string | null;
}

/** Stores a job's artifacts in one statement; returns them in the order given. */
export async function insertArtifacts(
  ex: Executor,
  jobId: string,
  artifacts: NewArtifact[],
): Promise<ArtifactRow[]> {
  if (artifacts.length === 0) return [];
  // One jsonb parameter holding every row: a single parameterised statement whatever the count. Ids are
  // chosen here so the rows can be handed back in the caller's order (RETURNING promises none).
  const records = artifacts.map((a) => ({
    id: a.id ?? randomUUID(),
    kind: a.kind,
    label: a.label ?? null,
    storage_key: a.storage_key,
    content_type: a.content_type ?? null,
    size_bytes: a.size_bytes ?? null,
    checksum: a.checksum ?? null,
  }));
  const { rows } = await ex.executeSql<ArtifactRow>(
    `INSERT INTO artifact (id, job_id, kind, label, storage_key, content_type, size_bytes, checksum)
     SELECT x.id, $1, x.kind, x.label, x.storage_key, x.content_type, x.size_bytes, x.checksum
     FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, kind text, label text, storage_key text,
       content_type text, size_bytes bigint, checksum text)
     RETURNING *`,
    [jobId, JSON.stringify(records)],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return records.map((a) => byId.get(a.id)!);
}

/** A job's artifacts, oldest first. */
export async function listArtifacts(ex: Executor, jobId: string): Promise<ArtifactRow[]> {
  const { rows } = await ex.executeSql<ArtifactRow>(
    'SELECT * FROM artifact WHERE job_id = $1 ORDER BY created_at, kind, label, id',
    [jobId],
  );
  return rows;
}

/** One artifact of a job; null when unknown or belonging to another job. */
export async function findArtifact(
  ex: Executor,
  jobId: string,
  artifactId: string,
): Promise<ArtifactRow | null> {
  const { rows } = await ex.executeSql<ArtifactRow>('SELECT * FROM artifact WHERE job_id = $1 AND id = $2', [
    jobId,
    artifactId,
  ]);
  return rows[0] ?? null;
}
