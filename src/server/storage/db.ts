/** The SQLite database and its migrations. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Db = Database.Database;

/**
 * Schema changes in order. The database's `user_version` is the number of
 * migrations applied, so a new migration is appended and never edited.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE accounts (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     plan TEXT NOT NULL,
     storage_quota_bytes INTEGER,
     rate_per_mille REAL NOT NULL DEFAULT 0,
     currency TEXT NOT NULL DEFAULT 'USD',
     created_at TEXT NOT NULL
   );
   CREATE TABLE api_keys (
     id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(id),
     kind TEXT NOT NULL CHECK (kind IN ('secret', 'embed')),
     hash TEXT NOT NULL UNIQUE,
     hint TEXT NOT NULL,
     label TEXT NOT NULL DEFAULT '',
     origins TEXT NOT NULL DEFAULT '[]',
     created_at TEXT NOT NULL,
     expires_at TEXT,
     revoked_at TEXT
   );
   CREATE TABLE uploads (
     id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(id),
     title TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('processing', 'ready', 'failed')),
     progress INTEGER NOT NULL DEFAULT 0,
     streamable INTEGER NOT NULL,
     size_bytes INTEGER NOT NULL,
     duration REAL NOT NULL DEFAULT 0,
     source_name TEXT NOT NULL DEFAULT '',
     error TEXT,
     renditions TEXT NOT NULL DEFAULT '[]',
     subtitles TEXT NOT NULL DEFAULT '[]',
     views INTEGER NOT NULL DEFAULT 0,
     created_at TEXT NOT NULL
   );
   CREATE INDEX uploads_by_account ON uploads (account_id, created_at DESC, id DESC);`,
  // Operator catalog titles with their HLS sources in order of preference, and view dedup.
  `CREATE TABLE catalog_titles (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     duration REAL NOT NULL DEFAULT 0,
     poster TEXT,
     views INTEGER NOT NULL DEFAULT 0,
     created_at TEXT NOT NULL
   );
   CREATE TABLE catalog_sources (
     title_id TEXT NOT NULL REFERENCES catalog_titles(id) ON DELETE CASCADE,
     position INTEGER NOT NULL,
     url TEXT NOT NULL,
     PRIMARY KEY (title_id, position)
   );
   CREATE TABLE views (
     media_id TEXT NOT NULL,
     viewer TEXT NOT NULL,
     hour INTEGER NOT NULL,
     PRIMARY KEY (media_id, viewer, hour)
   );`,
  // Resume positions per account, viewer and media id; updated_at is server time in ms.
  `CREATE TABLE resume_positions (
     account_id TEXT NOT NULL REFERENCES accounts(id),
     viewer TEXT NOT NULL,
     media_id TEXT NOT NULL,
     position REAL NOT NULL,
     duration REAL NOT NULL,
     completed INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (account_id, viewer, media_id)
   );`,
  // Idempotency-Key values of upload requests, per account; a key goes with its upload.
  `CREATE TABLE idempotency_keys (
     account_id TEXT NOT NULL REFERENCES accounts(id),
     key TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     upload_id TEXT NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
     created_at TEXT NOT NULL,
     PRIMARY KEY (account_id, key)
   );`,
];

/** Opens (creating if needed) the database in `dataDir` and migrates it. */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'cnx.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let version = applied; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
