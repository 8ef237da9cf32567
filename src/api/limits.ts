/** Limits that both the player and the server must agree on. */

/** Key prefixes: secret keys for servers, public keys for browsers. */
export const SECRET_KEY_PREFIX = 'cnx_live_';
export const EMBED_KEY_PREFIX = 'cnx_embed_';

/** Largest accepted upload: 10 GB. */
export const MAX_UPLOAD_BYTES = 10 * 1000 ** 3;

/** Shape of title and upload ids. */
export const MEDIA_ID_PATTERN = /^[A-Za-z0-9]{6,32}$/;

/**
 * Positions before this many seconds are not saved for resume, so a viewer
 * who only glanced at a title starts it from the beginning next time.
 */
export const RESUME_MIN_POSITION = 2;

/** A title counts as completed within this many seconds of its end... */
export const RESUME_COMPLETE_SECONDS = 10;
/** ...or within this share of its duration, whichever is shorter. */
export const RESUME_COMPLETE_FRACTION = 0.05;

/** Returns whether `position` is close enough to the end to be completed. */
export function isCompletedPosition(position: number, duration: number): boolean {
  if (!(duration > 0)) return false;
  const margin = Math.min(RESUME_COMPLETE_SECONDS, duration * RESUME_COMPLETE_FRACTION);
  return position >= duration - margin;
}
