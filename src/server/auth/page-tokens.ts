/**
 * Page tokens: the credential inside an `embed_url` returned to a secret-key
 * caller. Such a caller has no public key to put in the URL, and the URL
 * must keep working for as long as it is pasted into a page, so the token
 * never expires. It names one account and one title and acts as an embed
 * key for that title only. It is revoked by rotating the signing keys past
 * the one that signed it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { EMBED_KEY_PREFIX } from '../../api/limits.ts';
import type { SigningKey } from '../signing.ts';
import type { ApiKey } from './keys.ts';

/** Page tokens share the embed-key prefix, so every check for a public key accepts them. */
export const PAGE_TOKEN_PREFIX = `${EMBED_KEY_PREFIX}pt.`;

/** Returns the page token of `mediaId` in `accountId`, signed with the newest key. */
export function mintPageToken(key: SigningKey, accountId: string, mediaId: string): string {
  return `${PAGE_TOKEN_PREFIX}${accountId}.${mediaId}.${key.kid}.${mac(key, accountId, mediaId)}`;
}

function mac(key: SigningKey, accountId: string, mediaId: string): string {
  // A label separates these MACs from the other signatures made with the same key.
  return createHmac('sha256', key.secret)
    .update(`page-token|${accountId}|${mediaId}`)
    .digest('base64url')
    .slice(0, 22);
}

/**
 * Returns the embed key that a valid page token stands for: no allowlist,
 * and `mediaId` set so that routes limit it to that title. Returns
 * undefined for a forged or malformed token.
 */
export function verifyPageToken(token: string, keys: SigningKey[]): ApiKey | undefined {
  const match =
    /^([A-Za-z0-9_]{1,40})\.([A-Za-z0-9]{6,32})\.([A-Za-z0-9]{1,16})\.([A-Za-z0-9_-]{22})$/.exec(
      token.slice(PAGE_TOKEN_PREFIX.length),
    );
  if (!token.startsWith(PAGE_TOKEN_PREFIX) || !match) return undefined;
  const [, accountId, mediaId, kid, given] = match;
  const key = keys.find((candidate) => candidate.kid === kid);
  if (!key || !timingSafeEqual(Buffer.from(mac(key, accountId!, mediaId!)), Buffer.from(given!))) {
    return undefined;
  }
  return {
    id: `page_${mediaId}`,
    accountId: accountId!,
    kind: 'embed',
    hint: given!.slice(-4),
    label: 'page token',
    origins: [],
    createdAt: new Date(0).toISOString(),
    expiresAt: null,
    revokedAt: null,
    mediaId,
  };
}
