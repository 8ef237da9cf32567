/** Fresh signed media URLs after the media server rejected the current ones. */
import { fetchEmbed, type EmbedRequest } from './api-client.js';
import { PlayerError } from './errors.js';
import type { Logger } from './logger.js';
import type { ResolvedTitle } from './session.js';

/** Refreshes per title before a rejected URL is reported as a fatal `forbidden` error. */
export const MAX_URL_REFRESHES = 2;

/**
 * Counts and performs the `/embed` requests that replace expired media
 * URLs. The server signs each URL with an expiry, and media requests after
 * it return 403 `expired`; a URL that fails again right after a refresh is
 * rejected for another reason, so the count bounds the loop.
 */
export class MediaUrlRefresher {
  private refreshes = 0;

  constructor(private readonly logger: Logger) {}

  /** Forgets earlier refreshes, for a new title. */
  reset(): void {
    this.refreshes = 0;
  }

  /**
   * Fetches the embed response again. Rejects with a fatal `forbidden`
   * error once `MAX_URL_REFRESHES` refreshes have not helped.
   */
  async refresh(status: number, request: EmbedRequest): Promise<ResolvedTitle['embed']> {
    if (this.refreshes >= MAX_URL_REFRESHES) {
      throw new PlayerError(
        'forbidden',
        `The media server rejected the media URLs with HTTP ${status} after ${this.refreshes} refreshes.`,
        { status },
      );
    }
    this.refreshes += 1;
    this.logger.warn('media URL rejected with HTTP', status, 'fetching fresh URLs', this.refreshes);
    // fetchEmbed resolves only once hls_url is set.
    return (await fetchEmbed(request)) as ResolvedTitle['embed'];
  }
}
