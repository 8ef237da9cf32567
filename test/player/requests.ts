/** Network observations for the browser tests, through the Resource Timing API. */

// The default buffer of 250 entries fills up after a few titles' segments.
performance.setResourceTimingBufferSize(10_000);

/** Returns the URLs of resource entries that started after `since` (a `performance.now()` value). */
export function requestsSince(since: number, pattern?: RegExp): string[] {
  return performance
    .getEntriesByType('resource')
    .filter((entry) => entry.startTime > since)
    .filter((entry) => !pattern || pattern.test(entry.name))
    .sort((a, b) => a.startTime - b.startTime)
    .map((entry) => entry.name);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Returns a pattern matching the `/embed/{id}` request of `mediaId`. */
export function embedPattern(mediaId: string): RegExp {
  return new RegExp(`/embed/${mediaId}(?:$|[?#])`);
}

/** Returns a pattern matching media requests (playlists, segments, images) of `mediaId`. */
export function mediaPattern(mediaId: string): RegExp {
  return new RegExp(`/media/${mediaId}/`);
}
