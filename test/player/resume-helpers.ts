/** Helpers of the resume browser tests: the local store, the server's records and viewers. */
import { createStore, entries, set } from 'idb-keyval';
import type { CnxPlayer } from '../../src/player/index.js';
import type { ResumeRecord } from '../../src/player/resume/policy.js';
import { resumeKey } from '../../src/player/resume/store.js';
import { env, waitFor } from './helpers.js';

/** The same database and object store as the player's own store. */
export const localStore = createStore('cnx-player', 'resume');

const DEVICE_ID_KEY = 'cnx-player:device-id';

/** Gives this browser a new anonymous device id, so the server has no records for it yet. */
export function newDevice(): string {
  const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
  localStorage.setItem(DEVICE_ID_KEY, id);
  return id;
}

/** Returns the local store key of the current device's record of `mediaId`. */
export function deviceKey(mediaId: string): string {
  const device = localStorage.getItem(DEVICE_ID_KEY);
  return resumeKey(env.apiBase, `device:${device}`, mediaId);
}

/** Returns the local record of the current device for `mediaId`, if any. */
export async function localRecord(mediaId: string): Promise<ResumeRecord | undefined> {
  const key = deviceKey(mediaId);
  const all = await entries<string, ResumeRecord>(localStore);
  return all.find(([entryKey]) => entryKey === key)?.[1];
}

/** Stores `record` locally for the current device and `mediaId`. */
export function writeLocalRecord(mediaId: string, record: ResumeRecord): Promise<void> {
  return set(deviceKey(mediaId), record, localStore);
}

/** Record fields as the API sends them. */
export interface ServerRecord {
  position: number;
  duration: number;
  completed: boolean;
  updated_at: number;
}

function viewerHeaders(): Record<string, string> {
  return {
    authorization: `Bearer ${env.embedKey}`,
    'x-cnx-device-id': localStorage.getItem(DEVICE_ID_KEY) ?? '',
  };
}

/** Reads the current device's record of `mediaId` from `GET /v2/resume/{id}`. */
export async function serverRecord(mediaId: string): Promise<ServerRecord | null> {
  const response = await fetch(`${env.apiBase}/resume/${mediaId}`, {
    headers: viewerHeaders(),
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`GET /resume/${mediaId} returned ${response.status}`);
  return ((await response.json()) as { record: ServerRecord | null }).record;
}

/** Writes a record of the current device with `PUT /v2/resume/{id}`, taken `ageMs` ago. */
export async function writeServerRecord(
  mediaId: string,
  position: number,
  duration: number,
  ageMs = 0,
): Promise<void> {
  const now = Date.now();
  const response = await fetch(`${env.apiBase}/resume/${mediaId}`, {
    method: 'PUT',
    headers: { ...viewerHeaders(), 'content-type': 'application/json' },
    body: JSON.stringify({
      position,
      duration,
      completed: false,
      updated_at: now - ageMs,
      sent_at: now,
    }),
  });
  if (!response.ok) throw new Error(`PUT /resume/${mediaId} returned ${response.status}`);
}

/** Waits until the server's record of `mediaId` passes `check`, and returns it. */
export async function waitForServerRecord(
  mediaId: string,
  check: (record: ServerRecord) => boolean,
  description: string,
): Promise<ServerRecord> {
  let latest: ServerRecord | null = null;
  let pending = false;
  await waitFor(() => {
    if (!pending) {
      pending = true;
      void serverRecord(mediaId).then((record) => {
        latest = record;
        pending = false;
      });
    }
    return latest !== null && check(latest);
  }, description);
  return latest!;
}

/** Waits until the player has data at its start position and returns that position. */
export async function startPosition(player: CnxPlayer): Promise<number> {
  await waitFor(() => player.readyState >= 2, 'the player has data to play', 15_000);
  await new Promise((resolve) => setTimeout(resolve, 200));
  return player.currentTime;
}
