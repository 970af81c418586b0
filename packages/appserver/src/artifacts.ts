// Storing an engine's files in the blob store under jobs/{job_id}/{filename}. The reply carries the keys; the
// public API mints URLs for them when a result is read, so nothing here expires.
import { type BlobStore, BlobTooLargeError } from '@kuduso/blob';
import { KudusoError } from '@kuduso/core';
import type { ArtifactFile } from './engines/types.ts';

/** One stored artifact, as the worker writes it into the artifact table. */
export interface StoredArtifactRef {
  kind: string;
  label: string;
  key: string;
  content_type: string;
  size_bytes: number;
  checksum: string;
}

const FILENAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export async function storeArtifacts(
  blob: BlobStore,
  jobId: string,
  files: ArtifactFile[],
): Promise<StoredArtifactRef[]> {
  const seen = new Set<string>();
  for (const f of files) {
    // The engine names files; a bad name is an engine bug, never a path to write outside jobs/{job_id}/.
    if (!FILENAME.test(f.filename) || f.filename.endsWith('.meta.json') || seen.has(f.filename)) {
      throw new KudusoError('ENGINE_FAILED', {
        message: 'The engine produced an artifact with an invalid or duplicate file name.',
        cause: new Error(`artifact filename ${JSON.stringify(f.filename)}`),
      });
    }
    seen.add(f.filename);
  }
  try {
    const stored = await Promise.all(
      files.map((f) => blob.put(`jobs/${jobId}/${f.filename}`, f.body, f.contentType)),
    );
    return stored.map((s, i) => ({
      kind: files[i].kind,
      label: files[i].label,
      key: s.key,
      content_type: s.contentType,
      size_bytes: s.sizeBytes,
      checksum: s.checksum,
    }));
  } catch (e) {
    // Too large is the job's own fault: retrying writes the same bytes again, so it fails at once.
    if (e instanceof BlobTooLargeError) {
      throw new KudusoError('ARTIFACT_TOO_LARGE', {
        message: `The artifact ${e.key.split('/').pop()} is ${e.sizeBytes} bytes; the limit is ${e.maxBytes}.`,
        cause: e,
      });
    }
    throw new KudusoError('UPSTREAM_UNAVAILABLE', {
      message: 'The blob store could not save the artifacts.',
      cause: e,
    });
  }
}
