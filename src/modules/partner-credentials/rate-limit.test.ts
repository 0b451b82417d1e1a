import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartnerRateLimiter } from './rate-limit.js';

// The per-partner limit on the test Redis, and what happens while Redis is away: each process counts in its own
// memory (rate-limiter-flexible's insurance limiter), so the limit still holds and nothing is refused for Redis's sake.

const limits = { rateLimit: { points: 2, durationSeconds: 60 }, rateLimits: { 'generous.system': { points: 5, durationSeconds: 60 } } };

describe('per-partner rate limits', () => {
  const redis = new Redis(process.env['REDIS_URL']!);
  // A Redis that never answers: nothing listens on port 1.
  const away = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // As the API's connection is at boot: ready (until it is ready, every process counts in its own memory).
  beforeAll(async () => {
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  });
  afterAll(() => {
    redis.disconnect();
    away.disconnect();
  });

  const count = async (limiter: PartnerRateLimiter, principal: { id: string; handle: string }, n: number) => {
    const out: Array<boolean | number> = [];
    for (let i = 0; i < n; i++) {
      const d = await limiter.consume(principal);
      out.push(d.allowed ? true : d.retryAfterSeconds);
    }
    return out;
  };

  it('allows each partner its own limit in the window, then answers with the seconds to wait', async () => {
    const limiter = new PartnerRateLimiter(limits, redis, `test-${randomUUID()}`);
    const [a, b, c] = await Promise.all([
      count(limiter, { id: randomUUID(), handle: 'some.system' }, 3),
      count(limiter, { id: randomUUID(), handle: 'other.system' }, 2),
      count(limiter, { id: randomUUID(), handle: 'generous.system' }, 6),
    ]);
    expect(a.slice(0, 2)).toEqual([true, true]);
    expect(a[2]).toBeGreaterThanOrEqual(1);
    expect(a[2]).toBeLessThanOrEqual(60);
    expect(b).toEqual([true, true]);
    expect(c.slice(0, 5)).toEqual([true, true, true, true, true]);
    expect(typeof c[5]).toBe('number');
  });

  it('is shared by every process on the same Redis', async () => {
    const prefix = `test-${randomUUID()}`;
    const principal = { id: randomUUID(), handle: 'some.system' };
    const one = new PartnerRateLimiter(limits, redis, prefix);
    const two = new PartnerRateLimiter(limits, redis, prefix);
    expect(await count(one, principal, 2)).toEqual([true, true]);
    expect(typeof (await count(two, principal, 1))[0]).toBe('number');
  });

  it('while Redis is away, still limits, in the process’s memory', async () => {
    const limiter = new PartnerRateLimiter(limits, away, `test-${randomUUID()}`);
    const seen = await count(limiter, { id: randomUUID(), handle: 'some.system' }, 3);
    expect(seen.slice(0, 2)).toEqual([true, true]);
    expect(typeof seen[2]).toBe('number');
  });
});
