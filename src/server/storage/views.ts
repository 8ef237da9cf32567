/** View counting: one view per viewer, title and hour. */
import { createHash } from 'node:crypto';
import type { Db } from './db.ts';

export class ViewRepository {
  constructor(private readonly db: Db) {}

  /**
   * Records a view of `mediaId` by `viewer` and returns whether it counted:
   * a second view by the same viewer in the same clock hour does not. The
   * viewer is stored hashed, so the table contains no device ids.
   */
  record(mediaId: string, viewer: string, kind: 'upload' | 'catalog', now = Date.now()): boolean {
    const hour = Math.floor(now / 3_600_000);
    const hashed = createHash('sha256').update(viewer).digest('base64url');
    return this.db.transaction(() => {
      const inserted = this.db
        .prepare('INSERT OR IGNORE INTO views (media_id, viewer, hour) VALUES (?, ?, ?)')
        .run(mediaId, hashed, hour);
      if (inserted.changes === 0) return false;
      const table = kind === 'upload' ? 'uploads' : 'catalog_titles';
      this.db.prepare(`UPDATE ${table} SET views = views + 1 WHERE id = ?`).run(mediaId);
      return true;
    })();
  }
}
