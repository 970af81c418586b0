// Artifact URLs are minted when a result is read, never stored: a direct URL from the blob store when it
// can sign one (Azure SAS), otherwise a link to this API's /artifacts route signed with HMAC.
import { signLink } from '@kuduso/core';
import type { ArtifactRow } from '@kuduso/db';
import type { ApiDeps } from './deps.ts';

export interface MintedArtifact {
  kind: string;
  url: string;
  expires_at: string;
  label: string;
}

export async function mintArtifactLinks(
  deps: ApiDeps,
  rows: ArtifactRow[],
  baseUrl: string,
  now = new Date(),
): Promise<MintedArtifact[]> {
  const expiresAt = new Date(now.getTime() + deps.config.artifactUrlTtlSec * 1000);
  return Promise.all(
    rows.map(async (row) => {
      const direct = await deps.blob.directUrl(row.storage_key, expiresAt);
      const { exp, sig } = signLink(deps.signingSecret, row.storage_key, expiresAt);
      const url = direct ?? `${baseUrl}/artifacts/${row.storage_key}?exp=${exp}&sig=${sig}`;
      return {
        kind: row.kind,
        url,
        expires_at: new Date(exp * 1000).toISOString(),
        label: row.label ?? row.kind,
      };
    }),
  );
}
