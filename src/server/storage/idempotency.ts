/**
 * Idempotency keys of upload requests. As in Stripe's API, a key is
 * remembered with a fingerprint of the request that first used it, for 24
 * hours: a retry with the same key and request gets the first result, and
 * the same key with a different request is rejected.
 */
import type { Db } from './db.ts';

/** How long a key is remembered. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600 * 1000;

export interface IdempotencyRecord {
  fingerprint: string;
  uploadId: string;
}

export class IdempotencyRepository {
  constructor(private readonly db: Db) {}

  /** Returns the record of `key` for the account, unless it is unknown or older than the TTL. */
  find(accountId: string, key: string, now = Date.now()): IdempotencyRecord | undefined {
    const row = this.db
      .prepare(
        `SELECT fingerprint, upload_id AS uploadId FROM idempotency_keys
         WHERE account_id = ? AND key = ? AND created_at > ?`,
      )
      .get(accountId, key, new Date(now - IDEMPOTENCY_KEY_TTL_MS).toISOString()) as
      IdempotencyRecord | undefined;
    return row;
  }

  /** Stores `key` for an accepted upload, replacing an expired record of the same key. */
  save(accountId: string, key: string, record: IdempotencyRecord, now = Date.now()): void {
    const createdAt = new Date(now).toISOString();
    this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM idempotency_keys WHERE created_at <= ?')
        .run(new Date(now - IDEMPOTENCY_KEY_TTL_MS).toISOString());
      this.db
        .prepare(
          `INSERT INTO idempotency_keys (account_id, key, fingerprint, upload_id, created_at)
           VALUES (?, ?, ?, ?, ?)`,
        )
        .run(accountId, key, record.fingerprint, record.uploadId, createdAt);
    })();
  }
}
