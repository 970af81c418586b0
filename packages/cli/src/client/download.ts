// `kuduso result --out-dir`: every artifact of a result saved under the name its link carries.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CliError } from '../command.ts';
import { fsReason } from '../read-json.ts';
import type { ApiClient } from './api-client.ts';

export async function downloadArtifacts(
  client: ApiClient,
  result: unknown,
  outDir: string,
): Promise<string[]> {
  const artifacts = ((result as { artifacts?: { url: string; kind: string }[] })?.artifacts ?? []).filter(
    (a) => typeof a?.url === 'string',
  );
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new CliError(`cannot create the folder ${outDir}: ${fsReason(e)}`);
  }
  const written: string[] = [];
  for (const a of artifacts) {
    const url = new URL(a.url, client.base);
    const res = await client.raw(url.href);
    if (!res.ok)
      throw new CliError(`downloading the ${a.kind} artifact failed: ${res.status} ${url.pathname}`);
    // The last path segment is the file's name; never a path that climbs out of outDir.
    const name = basename(decodeURIComponent(url.pathname)) || `${a.kind}.bin`;
    const path = join(outDir, name);
    try {
      writeFileSync(path, new Uint8Array(await res.arrayBuffer()));
    } catch (e) {
      throw new CliError(`cannot write ${path}: ${fsReason(e)}`);
    }
    written.push(path);
  }
  process.stderr.write(
    `wrote ${written.length} artifact${written.length === 1 ? '' : 's'} to ${resolve(outDir)}\n`,
  );
  return written;
}
