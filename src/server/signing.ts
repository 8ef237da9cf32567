/**
 * Signed media URLs. A token `<kid>.<expires>.<signature>` sits in the path,
 * before the media's own path, so that every relative URL in a playlist
 * inherits it. Tokens name their signing key, so keys can rotate: new
 * tokens use the newest key while older keys still verify until removed.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SigningKey {
  kid: string;
  secret: string;
}

export type TokenCheck = { ok: true } | { ok: false; reason: 'expired' | 'forbidden' };

/** Granularity of expiry times, so URLs (and ETags built from them) stay stable within it. */
const EXPIRY_STEP_SECONDS = 600;

export class MediaSigner {
  /**
   * `keys` returns the signing keys, newest first; it is called on every
   * use so that a rotation by the command line reaches a running server.
   */
  constructor(
    private readonly keys: () => SigningKey[],
    private readonly ttlSeconds: number,
  ) {}

  /** Returns a token for media `id` and its expiry time in seconds since the epoch. */
  sign(id: string, now = Date.now()): { token: string; expires: number } {
    const earliest = Math.floor(now / 1000) + this.ttlSeconds;
    const expires = Math.ceil(earliest / EXPIRY_STEP_SECONDS) * EXPIRY_STEP_SECONDS;
    const key = this.keys()[0];
    if (!key) throw new Error('no media signing key: signing-keys.json is empty');
    return { token: `${key.kid}.${expires}.${signature(key, id, expires)}`, expires };
  }

  /** Checks a token from a request path for media `id`. */
  verify(id: string, token: string, now = Date.now()): TokenCheck {
    const match = /^([A-Za-z0-9]{1,16})\.(\d{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token);
    if (!match) return { ok: false, reason: 'forbidden' };
    const [, kid, expiresText, given] = match;
    const key = this.keys().find((k) => k.kid === kid);
    if (!key) return { ok: false, reason: 'forbidden' };
    const expires = Number(expiresText);
    const expected = Buffer.from(signature(key, id, expires));
    if (!timingSafeEqual(expected, Buffer.from(given!))) return { ok: false, reason: 'forbidden' };
    if (expires * 1000 <= now) return { ok: false, reason: 'expired' };
    return { ok: true };
  }
}

function signature(key: SigningKey, id: string, expires: number): string {
  return createHmac('sha256', key.secret)
    .update(`${id}.${expires}`)
    .digest('base64url')
    .slice(0, 22);
}

/**
 * Returns a loader of the signing keys in `dataDir` that re-reads the file
 * when its modification time changes, checking at most once a second.
 */
export function signingKeyFile(dataDir: string): () => SigningKey[] {
  const path = join(dataDir, 'signing-keys.json');
  let keys = loadSigningKeys(dataDir);
  let mtime = statSync(path).mtimeMs;
  let checkedAt = Date.now();
  return () => {
    const now = Date.now();
    if (now - checkedAt >= 1000) {
      checkedAt = now;
      const current = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
      if (current !== undefined && current !== mtime) {
        mtime = current;
        keys = loadSigningKeys(dataDir);
      }
    }
    return keys;
  };
}

/** Loads the signing keys from `signing-keys.json` in `dataDir`, creating one on first start. */
export function loadSigningKeys(dataDir: string): SigningKey[] {
  const path = join(dataDir, 'signing-keys.json');
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as SigningKey[];
  const keys = [{ kid: 'k1', secret: randomBytes(32).toString('base64url') }];
  writeFileSync(path, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

/**
 * Adds a new signing key in front of the others and returns its id. Older
 * keys stay, so URLs they signed keep working until they expire. Keys past
 * the fifth are dropped, which is safe while URL lifetimes are shorter than
 * five rotations apart.
 */
export function rotateSigningKeys(dataDir: string): string {
  const keys = loadSigningKeys(dataDir);
  const highest = Math.max(0, ...keys.map((key) => Number(key.kid.slice(1)) || 0));
  const kid = `k${highest + 1}`;
  const next = [{ kid, secret: randomBytes(32).toString('base64url') }, ...keys].slice(0, 5);
  writeFileSync(join(dataDir, 'signing-keys.json'), JSON.stringify(next, null, 2), { mode: 0o600 });
  return kid;
}
