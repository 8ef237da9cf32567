/** Identity of the viewer under which resume positions are stored. */

const DEVICE_ID_KEY = 'cnx-player:device-id';

let memoryDeviceId: string | undefined;

/**
 * Returns the viewer part of the resume key: the viewer token when the page
 * set one, because it identifies the viewer on every device, and else an
 * anonymous id of this device.
 */
export function viewerId(viewerToken: string | null | undefined): string {
  return viewerToken ? `token:${viewerToken}` : `device:${deviceId()}`;
}

/**
 * Returns the anonymous device id kept in localStorage, creating it on first
 * use. Where localStorage is missing or throws (private modes, sandboxed
 * iframes) the id lives in memory for the page's lifetime.
 */
export function deviceId(): string {
  try {
    const stored = globalThis.localStorage?.getItem(DEVICE_ID_KEY);
    if (stored) return stored;
    const created = memoryDeviceId ?? randomId();
    globalThis.localStorage?.setItem(DEVICE_ID_KEY, created);
    memoryDeviceId = created;
    return created;
  } catch {
    memoryDeviceId ??= randomId();
    return memoryDeviceId;
  }
}

// crypto.randomUUID exists only in secure contexts, getRandomValues everywhere.
function randomId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
