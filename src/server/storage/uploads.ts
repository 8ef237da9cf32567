/** Uploads: videos of an account, with their conversion state. */
import type { MediaStatus } from '../../api/types.ts';
import type { Db } from './db.ts';

/** One rendition of the HLS ladder as written to the master playlist. */
export interface Rendition {
  height: number;
  width: number;
  /** Peak and average bits per second, measured on the segments. */
  bandwidth: number;
  averageBandwidth: number;
  codecs: string;
  frameRate: number;
  /** Playlist path relative to the master playlist. */
  uri: string;
}

/** One subtitle rendition. */
export interface SubtitleTrack {
  language: string;
  name: string;
  uri: string;
}

export interface Upload {
  id: string;
  accountId: string;
  title: string;
  status: MediaStatus;
  progress: number;
  streamable: boolean;
  sizeBytes: number;
  duration: number;
  sourceName: string;
  error: string | null;
  renditions: Rendition[];
  subtitles: SubtitleTrack[];
  views: number;
  createdAt: string;
}

interface UploadRow {
  id: string;
  account_id: string;
  title: string;
  status: MediaStatus;
  progress: number;
  streamable: number;
  size_bytes: number;
  duration: number;
  source_name: string;
  error: string | null;
  renditions: string;
  subtitles: string;
  views: number;
  created_at: string;
}

function fromRow(row: UploadRow): Upload {
  return {
    id: row.id,
    accountId: row.account_id,
    title: row.title,
    status: row.status,
    progress: row.progress,
    streamable: row.streamable === 1,
    sizeBytes: row.size_bytes,
    duration: row.duration,
    sourceName: row.source_name,
    error: row.error,
    renditions: JSON.parse(row.renditions) as Rendition[],
    subtitles: JSON.parse(row.subtitles) as SubtitleTrack[],
    views: row.views,
    createdAt: row.created_at,
  };
}

export class UploadRepository {
  constructor(private readonly db: Db) {}

  insert(upload: Upload): void {
    this.db
      .prepare(
        `INSERT INTO uploads (id, account_id, title, status, progress, streamable, size_bytes,
           duration, source_name, error, renditions, subtitles, views, created_at)
         VALUES (@id, @accountId, @title, @status, @progress, @streamable, @sizeBytes,
           @duration, @sourceName, @error, @renditions, @subtitles, @views, @createdAt)`,
      )
      .run({
        ...upload,
        streamable: upload.streamable ? 1 : 0,
        renditions: JSON.stringify(upload.renditions),
        subtitles: JSON.stringify(upload.subtitles),
      });
  }

  get(id: string): Upload | undefined {
    const row = this.db.prepare('SELECT * FROM uploads WHERE id = ?').get(id) as
      UploadRow | undefined;
    return row && fromRow(row);
  }

  /**
   * Lists an account's uploads newest first. `after` is the last item of
   * the previous page, so pages stay stable while new uploads arrive.
   */
  list(accountId: string, limit: number, after?: { createdAt: string; id: string }): Upload[] {
    const rows = after
      ? this.db
          .prepare(
            `SELECT * FROM uploads WHERE account_id = ? AND (created_at, id) < (?, ?)
             ORDER BY created_at DESC, id DESC LIMIT ?`,
          )
          .all(accountId, after.createdAt, after.id, limit)
      : this.db
          .prepare(
            'SELECT * FROM uploads WHERE account_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
          )
          .all(accountId, limit);
    return (rows as UploadRow[]).map(fromRow);
  }

  /** Lists uploads still converting, for resuming them after a restart. */
  listProcessing(): Upload[] {
    const rows = this.db
      .prepare("SELECT * FROM uploads WHERE status = 'processing' ORDER BY created_at")
      .all() as UploadRow[];
    return rows.map(fromRow);
  }

  setProgress(id: string, progress: number): void {
    this.db.prepare('UPDATE uploads SET progress = ? WHERE id = ?').run(progress, id);
  }

  setDuration(id: string, duration: number): void {
    this.db.prepare('UPDATE uploads SET duration = ? WHERE id = ?').run(duration, id);
  }

  markReady(id: string, renditions: Rendition[], subtitles: SubtitleTrack[]): void {
    this.db
      .prepare(
        `UPDATE uploads SET status = 'ready', progress = 100, error = NULL,
           renditions = ?, subtitles = ? WHERE id = ?`,
      )
      .run(JSON.stringify(renditions), JSON.stringify(subtitles), id);
  }

  markFailed(id: string, error: string): void {
    this.db.prepare("UPDATE uploads SET status = 'failed', error = ? WHERE id = ?").run(error, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM uploads WHERE id = ?').run(id);
  }
}
