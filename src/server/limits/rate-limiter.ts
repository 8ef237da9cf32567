/**
 * Fixed-window rate limiting. Counters live behind `CounterStore`, with an
 * in-memory default for one process; a shared store (Redis, say) can
 * replace it for several.
 */

export interface CounterStore {
  /**
   * Adds one hit to `key` in its current window and returns
   * the count so far with the window's end, in milliseconds since the epoch.
   * Must be atomic: concurrent hits never read the same count.
   */
  hit(key: string, windowMs: number, now: number): { count: number; resetAt: number };
}

/**
 * Counters in a Map. Each key's window starts at its first hit, so a burst
 * cannot straddle two windows; windows that have ended are swept once per
 * window length.
 */
export class MemoryCounterStore implements CounterStore {
  private readonly counters = new Map<string, { count: number; resetAt: number }>();
  private nextSweep = 0;

  hit(key: string, windowMs: number, now: number): { count: number; resetAt: number } {
    if (now >= this.nextSweep) this.sweep(now, windowMs);
    let counter = this.counters.get(key);
    if (!counter || counter.resetAt <= now) {
      counter = { count: 0, resetAt: now + windowMs };
      this.counters.set(key, counter);
    }
    counter.count += 1;
    return { count: counter.count, resetAt: counter.resetAt };
  }

  private sweep(now: number, windowMs: number): void {
    for (const [key, counter] of this.counters)
      if (counter.resetAt <= now) this.counters.delete(key);
    this.nextSweep = now + windowMs;
  }
}

export interface LimitResult {
  /** Name of the policy in the RateLimit headers, e.g. `free` or `playback`. */
  policy: string;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  /** Window end in seconds since the epoch. */
  resetAt: number;
  windowSeconds: number;
  allowed: boolean;
}

export class RateLimiter {
  constructor(
    private readonly store: CounterStore,
    private readonly windowMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Counts one request against `key` with `limit` requests per window. */
  hit(key: string, policy: string, limit: number): LimitResult {
    const now = this.clock();
    const { count, resetAt } = this.store.hit(key, this.windowMs, now);
    return {
      policy,
      limit,
      remaining: Math.max(0, limit - count),
      resetSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
      resetAt: Math.ceil(resetAt / 1000),
      windowSeconds: this.windowMs / 1000,
      allowed: count <= limit,
    };
  }
}

/**
 * Returns the response headers for a counted request: the IETF
 * RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers,
 * structured-field form) and the older X-RateLimit-* trio, whose reset is
 * in seconds since the epoch as GitHub's is.
 */
export function rateLimitHeaders(result: LimitResult): Record<string, string> {
  const headers: Record<string, string> = {
    'ratelimit-policy': `"${result.policy}";q=${result.limit};w=${result.windowSeconds}`,
    ratelimit: `"${result.policy}";r=${result.remaining};t=${result.resetSeconds}`,
    'x-ratelimit-limit': String(result.limit),
    'x-ratelimit-remaining': String(result.remaining),
    'x-ratelimit-reset': String(result.resetAt),
  };
  if (!result.allowed) headers['retry-after'] = String(result.resetSeconds);
  return headers;
}
