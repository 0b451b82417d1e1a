import { GraphQLError } from 'graphql';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { PartnerConfig, RateLimit } from './partner.config.js';

/** The error code of a refused request (HTTP 429 with Retry-After). */
export const RATE_LIMITED = 'RATE_LIMITED';

/** How long a request waits for Redis to count it before its process counts it in memory instead. */
export const REDIS_COUNT_TIMEOUT_MS = 250;

/** The outcome of counting one request. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Per-principal request limits for partner systems (rate-limiter-flexible on Redis, shared by every API process),
 * each system's limit from PARTNER_RATE_LIMITS or PARTNER_RATE_LIMIT. While Redis is away each process counts in
 * its own memory instead (the library's insurance limiter): partners stay limited, at worst at the limit times the
 * number of API processes, and the hub keeps answering (Redis holds no data the API needs to serve a request).
 * The same when Redis is slow to answer (REDIS_COUNT_TIMEOUT_MS): a request never waits on the count.
 */
export class PartnerRateLimiter {
  private readonly limiters = new Map<string, RateLimiterAbstract | RLWrapperTimeouts>();

  constructor(
    private readonly config: Pick<PartnerConfig, 'rateLimit' | 'rateLimits'>,
    private readonly redis: Redis | null,
    private readonly keyPrefix: string,
  ) {}

  /** The limit that applies to a partner system. */
  limitOf(handle: string): RateLimit {
    return this.config.rateLimits[handle] ?? this.config.rateLimit;
  }

  /** Counts one request of the principal (`scope` separates the token endpoint from the API). */
  async consume(principal: { id: string; handle: string }, scope: 'api' | 'token' = 'api'): Promise<RateDecision> {
    const limit = this.limitOf(principal.handle);
    try {
      await this.limiter(limit).consume(`${scope}:${principal.id}`);
      return { allowed: true };
    } catch (res) {
      if (res instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
      throw res;
    }
  }

  private limiter(limit: RateLimit): RateLimiterAbstract | RLWrapperTimeouts {
    const key = `${limit.points}/${limit.durationSeconds}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      const options = { points: limit.points, duration: limit.durationSeconds, keyPrefix: `${this.keyPrefix}:rate:${key}` };
      const memory = new RateLimiterMemory(options);
      limiter = this.redis
        ? new RLWrapperTimeouts({
            limiter: new RateLimiterRedis({ ...options, storeClient: this.redis, insuranceLimiter: memory, rejectIfRedisNotReady: true }),
            insuranceLimiter: memory,
            timeoutMs: REDIS_COUNT_TIMEOUT_MS,
          })
        : memory;
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}

/** The GraphQL error of a refused request: HTTP 429, Retry-After, code RATE_LIMITED. */
export function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`Too many requests from this partner system: retry after ${retryAfterSeconds} s (${RATE_LIMITED})`, {
    extensions: { code: RATE_LIMITED, retryAfterSeconds, http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } },
  });
}
