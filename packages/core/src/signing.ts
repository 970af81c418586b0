// Artifact links: an HMAC over (key, expiry) so the API can hand out URLs that expire and can't be altered.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedLink {
  exp: number;
  sig: string;
}

function mac(secret: string, key: string, exp: number): string {
  return createHmac('sha256', secret).update(`${key}\n${exp}`).digest('base64url');
}

/** Signs `key` until `expiresAt` (whole seconds since the epoch). */
export function signLink(secret: string, key: string, expiresAt: Date): SignedLink {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return { exp, sig: mac(secret, key, exp) };
}

export type LinkVerdict = 'ok' | 'invalid' | 'expired';

/**
 * Checks the signature before the expiry, so a forged link never learns whether it would have expired. Several
 * secrets (current first, then the previous one during a rotation) are each tried.
 */
export function verifyLink(
  secret: string | readonly string[],
  key: string,
  exp: unknown,
  sig: unknown,
  now = new Date(),
): LinkVerdict {
  if (typeof sig !== 'string' || typeof exp !== 'string' || !/^\d{1,12}$/.test(exp)) return 'invalid';
  const given = Buffer.from(sig);
  const matches = (typeof secret === 'string' ? [secret] : secret).map((s) => {
    const expected = Buffer.from(mac(s, key, Number(exp)));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!matches.includes(true)) return 'invalid';
  return Number(exp) * 1000 < now.getTime() ? 'expired' : 'ok';
}
