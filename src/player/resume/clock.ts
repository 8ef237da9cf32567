/**
 * The offset between the server's clock and this device's, per API base,
 * so that local record times can be compared with the server's.
 */
import type { ServerDate } from '../api-client.js';

const OFFSET_KEY_PREFIX = 'cnx-player:clock-offset:';

/** Precision rank of each way of measuring the offset; a higher rank replaces a lower one. */
const PRECISION = { stored: 0, dateHeader: 1, resumeWrite: 2 } as const;

const offsets = new Map<string, { offsetMs: number; precision: number }>();

/**
 * Returns the server's clock minus this device's, in milliseconds: a device
 * clock behind the server's gives a positive offset. It is measured on this
 * page if possible, else read from the last page's measurement in
 * localStorage, else 0 (the clocks are taken to agree).
 */
export function serverClockOffset(apiBase: string): number {
  const known = offsets.get(apiBase);
  if (known) return known.offsetMs;
  const stored = readStoredOffset(apiBase);
  if (stored !== undefined) offsets.set(apiBase, { offsetMs: stored, precision: PRECISION.stored });
  return stored ?? 0;
}

/**
 * Records an offset from a `Date` header. The header has whole seconds,
 * so the server time is taken as the middle of its second, compared with
 * the middle of the request: the error is at most half a second plus half
 * the round trip.
 */
export function noteServerDate(apiBase: string, date: ServerDate): void {
  const localMidpoint = (date.sentAt + date.receivedAt) / 2;
  noteOffset(apiBase, date.serverTime + 500 - localMidpoint, PRECISION.dateHeader);
}

/**
 * Records an offset from an applied resume write. The server stores the
 * write at `updated_at + (server now - sent_at)`, so the stored time minus
 * the sent `updated_at` is the offset plus the request's one-way latency,
 * in milliseconds rather than seconds.
 */
export function noteResumeWrite(apiBase: string, sentUpdatedAt: number, storedAt: number): void {
  noteOffset(apiBase, storedAt - sentUpdatedAt, PRECISION.resumeWrite);
}

function noteOffset(apiBase: string, offsetMs: number, precision: number): void {
  if (!Number.isFinite(offsetMs)) return;
  const known = offsets.get(apiBase);
  if (known && known.precision > precision) return;
  offsets.set(apiBase, { offsetMs: Math.round(offsetMs), precision });
  try {
    globalThis.localStorage?.setItem(OFFSET_KEY_PREFIX + apiBase, String(Math.round(offsetMs)));
  } catch {
    // Storage that throws (private modes, sandboxed iframes) only loses the next page's estimate.
  }
}

function readStoredOffset(apiBase: string): number | undefined {
  try {
    const value = Number(globalThis.localStorage?.getItem(OFFSET_KEY_PREFIX + apiBase) ?? NaN);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
