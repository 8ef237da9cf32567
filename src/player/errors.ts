/**
 * Error codes of the player, sent as the `code` of `cnx-error`. The codes
 * are stable, so pages may branch on them.
 *
 * | code                | fatal | meaning                                                        |
 * | ------------------- | ----- | -------------------------------------------------------------- |
 * | `network`           | yes   | the API or the media could not be reached, after retries       |
 * | `unauthorized`      | yes   | the API rejected the `api-key` (HTTP 401)                      |
 * | `forbidden`         | yes   | the key may not play this title from this origin (HTTP 403)    |
 * | `not_found`         | yes   | no title or upload has this `media-id` (HTTP 404)              |
 * | `rate_limited`      | yes   | too many requests from this client (HTTP 429)                  |
 * | `embed_failed`      | yes   | `/embed` failed otherwise, or its response was invalid         |
 * | `processing_failed` | yes   | the title's conversion failed, so it has no media              |
 * | `media`             | yes   | the media could not be decoded, after recovery attempts        |
 * | `unsupported`       | yes   | this browser can play HLS neither through MSE nor natively     |
 * | `autoplay_blocked`  | no    | the browser blocked autoplay, so the player waits for a click  |
 * | `storage`           | no    | the resume position could not be read or saved                 |
 */

/** A stable error code of the player. */
export type PlayerErrorCode =
  | 'network'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'embed_failed'
  | 'processing_failed'
  | 'media'
  | 'unsupported'
  | 'autoplay_blocked'
  | 'storage';

/** Whether each code stops playback, and the message shown to viewers. */
export const PLAYER_ERRORS: Record<PlayerErrorCode, { fatal: boolean; message: string }> = {
  network: { fatal: true, message: 'The video could not be loaded. Check your connection.' },
  unauthorized: { fatal: true, message: 'The API key of this player is invalid.' },
  forbidden: { fatal: true, message: 'This video may not be played on this site.' },
  not_found: { fatal: true, message: 'This video was not found.' },
  rate_limited: { fatal: true, message: 'Too many requests. Try again in a minute.' },
  embed_failed: { fatal: true, message: 'The video could not be loaded.' },
  processing_failed: { fatal: true, message: 'This video could not be converted for playback.' },
  media: { fatal: true, message: 'The video could not be decoded.' },
  unsupported: { fatal: true, message: 'This browser cannot play this video.' },
  autoplay_blocked: { fatal: false, message: 'Autoplay was blocked. Press play to start.' },
  storage: { fatal: false, message: 'The playback position could not be saved.' },
};

/** An error of the player with its stable code. */
export class PlayerError extends Error {
  readonly code: PlayerErrorCode;
  readonly fatal: boolean;
  /** HTTP status of the response that caused it, when there was one. */
  readonly status: number | undefined;

  constructor(code: PlayerErrorCode, message?: string, options: PlayerErrorOptions = {}) {
    super(message ?? PLAYER_ERRORS[code].message, { cause: options.cause });
    this.name = 'PlayerError';
    this.code = code;
    this.fatal = options.fatal ?? PLAYER_ERRORS[code].fatal;
    this.status = options.status;
  }
}

export interface PlayerErrorOptions {
  /** Overrides the code's default fatal flag. */
  fatal?: boolean;
  status?: number;
  cause?: unknown;
}

/** Returns whether `error` is the rejection of an aborted fetch or wait. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
