/** Resume positions stored per account, viewer and media id. */
import type { Db } from './db.ts';

export interface ResumeRecord {
  position: number;
  duration: number;
  completed: boolean;
  /** Server time of the write, in milliseconds since the epoch. */
  updatedAt: number;
}

interface ResumeRow {
  position: number;
  duration: number;
  completed: number;
  updated_at: number;
}

export class ResumeRepository {
  constructor(private readonly db: Db) {}

  get(accountId: string, viewer: string, mediaId: string): ResumeRecord | undefined {
    const row = this.db
      .prepare(
        'SELECT * FROM resume_positions WHERE account_id = ? AND viewer = ? AND media_id = ?',
      )
      .get(accountId, viewer, mediaId) as ResumeRow | undefined;
    return (
      row && {
        position: row.position,
        duration: row.duration,
        completed: row.completed === 1,
        updatedAt: row.updated_at,
      }
    );
  }

  /**
   * Stores `record` unless the stored one is newer, in one transaction so
   * that two devices writing at once cannot both win. Returns the record
   * that is stored afterwards and whether it is the one given.
   */
  merge(
    accountId: string,
    viewer: string,
    mediaId: string,
    record: ResumeRecord,
  ): { record: ResumeRecord; applied: boolean } {
    return this.db.transaction(() => {
      const stored = this.get(accountId, viewer, mediaId);
      if (stored && stored.updatedAt > record.updatedAt) return { record: stored, applied: false };
      this.db
        .prepare(
          `INSERT INTO resume_positions (account_id, viewer, media_id, position, duration, completed, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (account_id, viewer, media_id) DO UPDATE SET position = excluded.position,
             duration = excluded.duration, completed = excluded.completed, updated_at = excluded.updated_at`,
        )
        .run(
          accountId,
          viewer,
          mediaId,
          record.position,
          record.duration,
          record.completed ? 1 : 0,
          record.updatedAt,
        );
      return { record, applied: true };
    })();
  }
}
