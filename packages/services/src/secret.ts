import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Config } from '@kuduso/core';

/**
 * The artifact signing secret. Production sets ARTIFACT_SIGNING_SECRET (checked at start); `kuduso dev` keeps
 * one in its data folder so links survive a restart.
 */
export function signingSecretFor(config: Pick<Config, 'signingSecret' | 'dataDir'>): string {
  if (config.signingSecret) return config.signingSecret;
  const path = `${config.dataDir}/signing-secret`;
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}
