/** Counts each authenticated request against the limit that applies to it. */
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../auth/authenticate.ts';
import { ApiError } from '../errors.ts';
import { PLANS } from './plans.ts';
import { rateLimitHeaders, type LimitResult, type RateLimiter } from './rate-limiter.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The rate-limit count of this request, sent back in its headers. */
    rateLimit?: LimitResult;
  }
}

/**
 * Counts `request` and throws 429 past the limit. Secret keys count per
 * account, whatever key of it made the request. Public keys do not count
 * against the plan, because embeds are unlimited, but each client address
 * is limited per key so that one client cannot flood the server.
 */
export function countRequest(
  limiter: RateLimiter,
  request: FastifyRequest,
  caller: Caller,
  playbackLimit: number,
): void {
  const result =
    caller.key.kind === 'secret'
      ? limiter.hit(
          `account:${caller.account.id}`,
          caller.account.plan,
          PLANS[caller.account.plan].requestsPerMinute,
        )
      : limiter.hit(`playback:${caller.key.id}:${request.ip}`, 'playback', playbackLimit);
  request.rateLimit = result;
  if (!result.allowed) {
    throw new ApiError(
      'rate_limited',
      `Rate limit exceeded: ${result.limit} requests a minute for ${describe(result.policy)}. ` +
        `Retry in ${result.resetSeconds} s.`,
      {},
      rateLimitHeaders(result),
    );
  }
}

function describe(policy: string): string {
  return policy === 'playback'
    ? 'playback from one address with one embed key'
    : `the ${policy} plan`;
}
