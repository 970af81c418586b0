// Blob store on a local folder: the embedded default, and what a single-node install uses.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { assertWithinCap } from './limits.ts';
import type { BlobStore, StoredBlob } from './types.ts';

const KEY = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,511}$/;

export function assertBlobKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`invalid blob key ${JSON.stringify(key)}`);
  }
}

export function createFsBlobStore(root: string, opts: { maxBytes?: number } = {}): BlobStore {
  const base = resolve(root);
  const pathOf = (key: string) => {
    assertBlobKey(key);
    const p = resolve(join(base, key));
    if (!p.startsWith(base + sep)) throw new Error(`blob key escapes the store: ${key}`);
    return p;
  };
  return {
    backend: 'fs',
    async put(key, body, contentType): Promise<StoredBlob> {
      const path = pathOf(key);
      assertWithinCap(key, body, opts.maxBytes);
      await mkdir(dirname(path), { recursive: true });
      // Write then rename, so a reader never sees half a file.
      const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(tmp, body);
      await rename(tmp, path);
      await writeFile(`${path}.meta.json`, JSON.stringify({ contentType }));
      return {
        key,
        contentType,
        sizeBytes: body.byteLength,
        checksum: createHash('sha256').update(body).digest('hex'),
      };
    },
    async get(key) {
      const path = pathOf(key);
      try {
        const [body, meta] = await Promise.all([readFile(path), readFile(`${path}.meta.json`, 'utf8')]);
        return {
          body: new Uint8Array(body),
          contentType: (JSON.parse(meta) as { contentType: string }).contentType,
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    async directUrl() {
      return null;
    },
    async delete(key) {
      const path = pathOf(key);
      const existed = await stat(path).then(
        () => true,
        () => false,
      );
      await rm(path, { force: true });
      await rm(`${path}.meta.json`, { force: true });
      return existed;
    },
    async check() {
      await mkdir(base, { recursive: true });
    },
  };
}
