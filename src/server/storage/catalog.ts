/** Catalog titles: registered by the operator, each with HLS sources in order of preference. */
import type { Db } from './db.ts';
import { newMediaId } from '../ids.ts';

export interface CatalogTitle {
  id: string;
  title: string;
  duration: number;
  poster: string | null;
  views: number;
  /** Master playlist URLs, most preferred first. */
  sources: string[];
  createdAt: string;
}

interface TitleRow {
  id: string;
  title: string;
  duration: number;
  poster: string | null;
  views: number;
  created_at: string;
}

export class CatalogRepository {
  constructor(private readonly db: Db) {}

  /** Registers a title with its sources and returns it. */
  add(input: {
    title: string;
    sources: string[];
    duration?: number;
    poster?: string | null;
  }): CatalogTitle {
    const title: CatalogTitle = {
      id: newMediaId(),
      title: input.title,
      duration: input.duration ?? 0,
      poster: input.poster ?? null,
      views: 0,
      sources: input.sources,
      createdAt: new Date().toISOString(),
    };
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO catalog_titles (id, title, duration, poster, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(title.id, title.title, title.duration, title.poster, title.createdAt);
      const insert = this.db.prepare(
        'INSERT INTO catalog_sources (title_id, position, url) VALUES (?, ?, ?)',
      );
      title.sources.forEach((url, position) => insert.run(title.id, position, url));
    })();
    return title;
  }

  get(id: string): CatalogTitle | undefined {
    const row = this.db.prepare('SELECT * FROM catalog_titles WHERE id = ?').get(id) as
      TitleRow | undefined;
    return row && { ...fromRow(row), sources: this.sources(id) };
  }

  list(): CatalogTitle[] {
    const rows = this.db
      .prepare('SELECT * FROM catalog_titles ORDER BY created_at')
      .all() as TitleRow[];
    return rows.map((row) => ({ ...fromRow(row), sources: this.sources(row.id) }));
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM catalog_titles WHERE id = ?').run(id).changes === 1;
  }

  private sources(id: string): string[] {
    const rows = this.db
      .prepare('SELECT url FROM catalog_sources WHERE title_id = ? ORDER BY position')
      .all(id) as { url: string }[];
    return rows.map((row) => row.url);
  }
}

function fromRow(row: TitleRow): Omit<CatalogTitle, 'sources'> {
  return {
    id: row.id,
    title: row.title,
    duration: row.duration,
    poster: row.poster,
    views: row.views,
    createdAt: row.created_at,
  };
}
