/**
 * API keys. A key is shown once at creation; only its SHA-256 hash is
 * stored. A fast hash is enough because keys carry 143 bits of randomness,
 * so they cannot be guessed from the hash the way passwords can.
 */
import { createHash } from 'node:crypto';
import { EMBED_KEY_PREFIX, SECRET_KEY_PREFIX } from '../../api/limits.ts';
import { randomBase62 } from '../ids.ts';
import type { Db } from '../storage/db.ts';

export type KeyKind = 'secret' | 'embed';

export interface ApiKey {
  id: string;
  accountId: string;
  kind: KeyKind;
  /** Last four characters of the key, to tell keys apart in listings. */
  hint: string;
  label: string;
  /** Allowed browser origins of an embed key: exact origins or `*.example.com`. */
  origins: string[];
  createdAt: string;
  /** When a rotated key stops working. */
  expiresAt: string | null;
  revokedAt: string | null;
  /** The one title a page token may play; unset for stored keys, which may play every title. */
  mediaId?: string;
}

interface KeyRow {
  id: string;
  account_id: string;
  kind: KeyKind;
  hint: string;
  label: string;
  origins: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

/** Returns the SHA-256 hex digest under which a key is stored. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function fromRow(row: KeyRow): ApiKey {
  return {
    id: row.id,
    accountId: row.account_id,
    kind: row.kind,
    hint: row.hint,
    label: row.label,
    origins: JSON.parse(row.origins) as string[],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

export class KeyRepository {
  constructor(private readonly db: Db) {}

  /** Creates a key and returns it with its only plain-text copy. */
  create(input: { accountId: string; kind: KeyKind; label?: string; origins?: string[] }): {
    key: ApiKey;
    secret: string;
  } {
    const prefix = input.kind === 'secret' ? SECRET_KEY_PREFIX : EMBED_KEY_PREFIX;
    const secret = `${prefix}${randomBase62(24)}`;
    const key: ApiKey = {
      id: `key_${randomBase62(12)}`,
      accountId: input.accountId,
      kind: input.kind,
      hint: secret.slice(-4),
      label: input.label ?? '',
      origins: input.origins ?? [],
      createdAt: new Date().toISOString(),
      expiresAt: null,
      revokedAt: null,
    };
    this.db
      .prepare(
        `INSERT INTO api_keys (id, account_id, kind, hash, hint, label, origins, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        key.id,
        key.accountId,
        key.kind,
        hashKey(secret),
        key.hint,
        key.label,
        JSON.stringify(key.origins),
        key.createdAt,
      );
    return { key, secret };
  }

  /** Finds the live key whose plain text is `secret`; revoked and expired keys are not found. */
  findActive(secret: string, now = new Date()): ApiKey | undefined {
    const row = this.db
      .prepare('SELECT * FROM api_keys WHERE hash = ? AND revoked_at IS NULL')
      .get(hashKey(secret)) as KeyRow | undefined;
    if (!row) return undefined;
    if (row.expires_at && Date.parse(row.expires_at) <= now.getTime()) return undefined;
    return fromRow(row);
  }

  get(id: string): ApiKey | undefined {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE id = ?').get(id) as
      KeyRow | undefined;
    return row && fromRow(row);
  }

  /**
   * Replaces a key with a new one of the same kind, label and origins. The
   * old key keeps working for `graceSeconds`, so deployments can switch over.
   */
  rotate(id: string, graceSeconds: number, now = new Date()): { key: ApiKey; secret: string } {
    return this.db.transaction(() => {
      const old = this.get(id);
      if (!old) throw new Error(`no key with id ${id}`);
      const expiresAt = new Date(now.getTime() + graceSeconds * 1000).toISOString();
      const current = old.expiresAt && old.expiresAt < expiresAt ? old.expiresAt : expiresAt;
      this.db.prepare('UPDATE api_keys SET expires_at = ? WHERE id = ?').run(current, id);
      return this.create({
        accountId: old.accountId,
        kind: old.kind,
        label: old.label,
        origins: old.origins,
      });
    })();
  }

  /** Revokes a key at once. */
  revoke(id: string, now = new Date()): void {
    this.db
      .prepare('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?')
      .run(now.toISOString(), id);
  }

  /** Lists an account's keys, newest first, without their secrets. */
  list(accountId: string): ApiKey[] {
    const rows = this.db
      .prepare('SELECT * FROM api_keys WHERE account_id = ? ORDER BY created_at DESC, id DESC')
      .all(accountId) as KeyRow[];
    return rows.map(fromRow);
  }
}
