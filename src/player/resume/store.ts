/**
 * Local resume store: one IndexedDB database of the player's own
 * (`cnx-player`, object store `resume`) through idb-keyval.
 */
import { createStore, get, promisifyRequest, type UseStore } from 'idb-keyval';
import { isResumeRecord, type ResumeRecord } from './policy.js';

/** How long a read may take before playback starts without it, in milliseconds. */
export const RESUME_READ_TIMEOUT_MS = 1000;

let store: UseStore | undefined;

// createStore opens the database on first use, and IndexedDB may be missing
// (on a server, say), so the default store is created lazily as well.
function resumeStore(): UseStore {
  store ??= createStore('cnx-player', 'resume');
  return store;
}

/**
 * Replaces the idb-keyval store that records are read from and written to,
 * for every player of the page. Pass undefined to go back to the default
 * store, created again on next use.
 */
export function setResumeStore(replacement: UseStore | undefined): void {
  store = replacement;
  writes.clear();
}

/** Returns the store key of one viewer's position in one title. */
export function resumeKey(apiBase: string, viewer: string, mediaId: string): string {
  return `${apiBase}|${viewer}|${mediaId}`;
}

/**
 * Reads a saved record. Resolves undefined when there is none, when the
 * stored value is malformed, when IndexedDB fails or is missing, and when
 * it does not respond within `timeoutMs`, so a broken store never delays
 * playback for longer than that. Never rejects.
 */
export async function readResume(
  key: string,
  timeoutMs = RESUME_READ_TIMEOUT_MS,
): Promise<ResumeRecord | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  const read = (async () => {
    const value: unknown = await get(key, resumeStore());
    return isResumeRecord(value) ? value : undefined;
  })().catch(() => undefined);
  try {
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Writes in progress by key, each with the record to write once it settles. */
const writes = new Map<string, { next: ResumeRecord | undefined; done: Promise<void> }>();

/**
 * Saves a record. While an earlier write of the same key is in progress
 * the record waits for it and replaces any other waiting record, so a store
 * that never responds keeps one pending write per key, not one per save.
 * Rejects when IndexedDB fails or is missing.
 */
export function writeResume(key: string, record: ResumeRecord): Promise<void> {
  const running = writes.get(key);
  if (running) {
    running.next = record;
    return running.done;
  }
  const entry = { next: record as ResumeRecord | undefined, done: Promise.resolve() };
  // The entry is in the map before the first write starts, because a store
  // that throws at once would otherwise settle before it is added.
  writes.set(key, entry);
  entry.done = writeQueued(key, entry);
  return entry.done;
}

async function writeQueued(key: string, entry: { next: ResumeRecord | undefined }): Promise<void> {
  try {
    for (let record = entry.next; record; record = entry.next) {
      entry.next = undefined;
      await putRecord(key, record);
    }
  } finally {
    writes.delete(key);
  }
}

// idb-keyval's set, plus an explicit commit: Chromium drops a transaction
// that is still open when the page unloads, and the write on page hide
// must survive a reload.
function putRecord(key: string, record: ResumeRecord): Promise<void> {
  return resumeStore()('readwrite', (objectStore) => {
    objectStore.put(record, key);
    objectStore.transaction.commit?.();
    return promisifyRequest(objectStore.transaction);
  });
}
