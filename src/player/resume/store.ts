/**
 * Local resume store: one IndexedDB database of the player's own
 * (`cnx-player`, object store `resume`) through idb-keyval.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { isResumeRecord, type ResumeRecord } from './policy.js';

/** How long a read may take before playback starts without it, in milliseconds. */
export const RESUME_READ_TIMEOUT_MS = 1000;

let store: UseStore | undefined;

// createStore opens the database at once, so it runs on first use: importing
// this module where IndexedDB is missing (on a server, say) must not throw.
function resumeStore(): UseStore {
  store ??= createStore('cnx-player', 'resume');
  return store;
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

/** Saves a record. Rejects when IndexedDB fails or is missing. */
export async function writeResume(key: string, record: ResumeRecord): Promise<void> {
  await set(key, record, resumeStore());
}

/** Removes a record, so a viewer who chose to start over is not resumed. */
export async function clearResume(key: string): Promise<void> {
  await del(key, resumeStore());
}
