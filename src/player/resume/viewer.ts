/** Identity of the viewer under which resume positions are stored. */

const DEVICE_ID_KEY = 'cnx-player:device-id';
const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

let memoryDeviceId: string | undefined;

/**
 * Returns the viewer part of the resume key: the user that the viewer token
 * names, because it identifies the viewer on every device, and else an
 * anonymous id of this device. Keying by the user rather than the token
 * keeps the record when the site mints a new token, and keeps tokens out
 * of IndexedDB.
 */
export function viewerId(viewerToken: string | null | undefined): string {
  if (!viewerToken) return `device:${deviceId()}`;
  const subject = tokenSubject(viewerToken);
  return subject ? `user:${subject}` : `token:${viewerToken}`;
}

/**
 * Reads `<account>:<user>` from a viewer token. The server mints tokens as
 * `cnx_vt_` plus base64url JSON `{a: account, v: user, …}`, a dot and a MAC;
 * the payload is not secret, only the MAC is checked, by the server.
 */
function tokenSubject(token: string): string | undefined {
  const body = /^cnx_vt_([A-Za-z0-9_-]+)\./.exec(token)?.[1];
  if (!body) return undefined;
  try {
    const payload = JSON.parse(atob(body.replace(/-/g, '+').replace(/_/g, '/'))) as {
      a?: unknown;
      v?: unknown;
    };
    return typeof payload.a === 'string' && typeof payload.v === 'string'
      ? `${payload.a}:${payload.v}`
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Returns the anonymous device id kept in localStorage, creating it on first
 * use, as 32 hex digits (the API accepts 16 to 64 of `[A-Za-z0-9_-]`). When
 * the stored id is cleared, a new one is created, as a browser whose
 * storage was cleared is a new anonymous viewer. Where localStorage is
 * missing or throws (private modes, sandboxed iframes) the id lives in
 * memory for the page's lifetime.
 */
export function deviceId(): string {
  const storage = localStorageOrUndefined();
  try {
    const stored = storage?.getItem(DEVICE_ID_KEY);
    if (stored && DEVICE_ID_PATTERN.test(stored)) return stored;
    if (storage) {
      const created = randomId();
      storage.setItem(DEVICE_ID_KEY, created);
      return created;
    }
  } catch {
    // Storage that throws on use falls through to the id in memory.
  }
  memoryDeviceId ??= randomId();
  return memoryDeviceId;
}

// Reading the localStorage property itself throws in sandboxed iframes.
function localStorageOrUndefined(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

// crypto.randomUUID exists only in secure contexts, getRandomValues everywhere.
function randomId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
