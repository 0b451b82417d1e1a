/** How many requests a principal may send in a window of seconds. */
export interface RateLimit {
  points: number;
  durationSeconds: number;
}

/** Partner systems' credentials, limits and webhooks, from the environment (src/config/config.ts). */
export interface PartnerConfig {
  /** The hub's public address without a trailing slash; null: the address each request came to. */
  publicUrl: string | null;
  /** How long a hub access token minted at /oauth/token lasts (default 300 s). */
  tokenTtlSeconds: number;
  /**
   * Whether a SYSTEM principal may still use a shared-secret token (`npm run token`, the tests' `tokenFor`):
   * allowed in development and tests, refused in production unless SYSTEM_SHARED_SECRET_TOKENS=allowed.
   */
  sharedSecretTokensForSystems: boolean;
  /** Every partner system's limit, unless `rateLimits` names it. */
  rateLimit: RateLimit;
  /** Limits by principal handle. */
  rateLimits: Readonly<Record<string, RateLimit>>;
  webhooks: WebhookConfig;
}

/** Delivery of the change feed's webhooks. */
export interface WebhookConfig {
  /** Attempts per delivery before it joins the dead-letter list (default 8). */
  attempts: number;
  /** The first retry's delay; each next one doubles it (default 2 s). */
  backoffMs: number;
  /** How often the worker looks for new changes to deliver (default 5 s). */
  dispatchIntervalMs: number;
  /** How long the receiver has to answer (default 10 s). */
  timeoutMs: number;
}

/** Parses `600/60` (600 requests per 60 seconds); null when malformed. */
export function parseRateLimit(text: string): RateLimit | null {
  const m = /^(\d{1,7})\/(\d{1,6})$/.exec(text.trim());
  if (!m) return null;
  const points = Number(m[1]);
  const durationSeconds = Number(m[2]);
  return points >= 1 && durationSeconds >= 1 ? { points, durationSeconds } : null;
}
