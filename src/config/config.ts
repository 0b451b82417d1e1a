import { z } from 'zod';
import type { ReviewBoundConfig } from '../modules/matching/review-bound.js';
import { parseRateLimit, type PartnerConfig } from '../modules/partner-credentials/partner.config.js';

const DEV_AUTH_SECRET = 'cyswllt-development-secret-not-for-production-use';

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    // The API and the workers connect as the hub's own role, which may change rows but not the schema.
    DATABASE_URL: z.string().url().default('postgres://cyswllt_app@127.0.0.1:5432/cyswllt'),
    // Migrations, `ensure-database` and the seed connect as the owner (the superuser by default).
    MIGRATION_DATABASE_URL: z.string().url().optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    REDIS_URL: z.string().url().default('redis://127.0.0.1:6379/0'),
    // Where BullMQ keeps the queues: Redis (the default, and production's), or its PostgreSQL backend in the
    // hub's own database (the embedded demo, where no Redis runs).
    QUEUE_BACKEND: z.enum(['redis', 'postgres']).default('redis'),
    // Set by the demo when DATABASE_URL is its embedded PostgreSQL (PGlite over pglite-socket): one session
    // shared by every connection, so the processes keep to one connection where they would use several.
    EMBEDDED_DATABASE: z.enum(['on', 'off']).default('off'),
    EMBEDDED_DATA_DIR: z.string().min(1).default('var/embedded/pgdata'),
    EMBEDDED_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    QUEUE_PREFIX: z.string().min(1).default('cyswllt'),
    AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
    TOKEN_TTL: z.string().regex(/^\d+[smhd]$/, 'TOKEN_TTL looks like 15m, 8h or 2d').default('8h'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    CONSENT_AGE: z.coerce.number().int().min(12).max(18).default(16),
    AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
    AUDIT_CHECKPOINT_DIR: z.string().min(1).default('var/audit/checkpoints'),
    AUDIT_SIGNING_KEY: z.string().includes('PRIVATE KEY', { message: 'AUDIT_SIGNING_KEY must be a PEM private key' }).optional(),
    AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
    AUDIT_TRUSTED_KEYS_DIR: z.string().min(1).default('var/audit/trusted-keys'),
    IMPORT_MAX_FILE_BYTES: z.coerce.number().int().min(1).default(500_000_000),
    IMPORT_STALE_AFTER_MS: z.coerce.number().int().min(1000).default(900_000),
    // 0 switches the limit off.
    REVIEW_QUEUE_MAX_PER_IMPORT: z.coerce.number().int().min(0).default(500),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    // How many API processes serve the port (node's cluster module, src/cluster.ts); 1 runs the API in this process.
    API_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
    // Partner systems (docs/partners.md): the hub's public address (the audience of client assertions is
    // PUBLIC_URL/oauth/token; unset, the address the request came to), the hub tokens' life, whether
    // shared-secret tokens still admit SYSTEM principals (refused in production by default), rate limits.
    PUBLIC_URL: z.string().url().optional(),
    PARTNER_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
    SYSTEM_SHARED_SECRET_TOKENS: z.enum(['allowed', 'refused']).optional(),
    PARTNER_RATE_LIMIT: z.string().refine((v) => parseRateLimit(v) !== null, 'PARTNER_RATE_LIMIT looks like 600/60 (requests per seconds)').default('600/60'),
    PARTNER_RATE_LIMITS: z
      .string()
      .refine((v) => {
        try {
          const o = JSON.parse(v) as unknown;
          return typeof o === 'object' && o !== null && !Array.isArray(o) && Object.values(o).every((x) => typeof x === 'string' && parseRateLimit(x) !== null);
        } catch {
          return false;
        }
      }, 'PARTNER_RATE_LIMITS is a JSON object of principal handle to "requests/seconds"')
      .default('{}'),
    WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
    WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(2_000),
    WEBHOOK_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(5_000),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  })
  .transform((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.AUTH_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_SECRET'], message: 'AUTH_SECRET is required in production' });
      return z.NEVER;
    }
    if (env.NODE_ENV === 'production' && !env.AUDIT_SIGNING_KEY && !env.AUDIT_SIGNING_KEY_FILE) {
      ctx.addIssue({ code: 'custom', path: ['AUDIT_SIGNING_KEY'], message: 'AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE is required in production' });
      return z.NEVER;
    }
    if (env.EMBEDDED_DATABASE === 'on' && env.API_PROCESSES > 1) {
      // PGlite serves every connection from one session: several processes' transactions would interleave in it.
      ctx.addIssue({ code: 'custom', path: ['API_PROCESSES'], message: 'API_PROCESSES must be 1 on the embedded database (EMBEDDED_DATABASE=on)' });
      return z.NEVER;
    }
    return { ...env, AUTH_SECRET: env.AUTH_SECRET ?? DEV_AUTH_SECRET };
  });

/** The validated configuration of one process. */
export type AppConfig = {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  /** How the API and the workers connect: the non-owning application role (`cyswllt_app`). */
  databaseUrl: string;
  /** How migrations, `ensure-database` and the seed connect: the owner of the schema. */
  migrationDatabaseUrl: string;
  databasePoolSize: number;
  redisUrl: string;
  /** Where the queues live: Redis (default), or BullMQ's PostgreSQL backend in the hub's database. */
  queueBackend: 'redis' | 'postgres';
  queuePrefix: string;
  /** The embedded PostgreSQL (PGlite), when the demo runs without a server: where it keeps its data, which port it serves. */
  embedded: EmbeddedConfig;
  authSecret: string;
  tokenTtl: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Age from which the young person, not a parent or guardian, is the consent authority. */
  consentAge: number;
  isProduction: boolean;
  /** The access log (design §5). */
  audit: AuditConfig;
  /** CSV imports: how big a file may be, and when an import that stopped receiving rows counts as abandoned. */
  imports: ImportLimitsConfig;
  /** How many new pairs one import may add to the EPCs' match review queue (src/modules/matching/review-bound.ts). */
  reviewQueue: ReviewBoundConfig;
  /**
   * How long a process may take to stop after SIGTERM or SIGINT (default 10 s): in-flight requests, appends
   * and jobs get this long to finish before the process exits anyway, with status 1.
   */
  shutdownTimeoutMs: number;
  /** How many API processes share the port (API_PROCESSES, default 1: the API runs in the entry process itself). */
  apiProcesses: number;
  /** Partner systems' credentials, rate limits and webhooks. */
  partners: PartnerConfig;
};

/** The embedded mode (npm run demo with no PostgreSQL server): PGlite served over the wire protocol. */
export interface EmbeddedConfig {
  /** True when DATABASE_URL points at the embedded server: every connection shares its one session. */
  database: boolean;
  /** Where PGlite keeps its files (default var/embedded/pgdata). */
  dataDir: string;
  /** The port it serves on (default 0: any free port, which it prints). */
  port: number;
}

/** Limits of the CSV loader and the reconciler's rule for abandoned imports. */
export interface ImportLimitsConfig {
  /** A CSV file larger than this is refused before it is read (default 500 MB). */
  maxFileBytes: number;
  /** An import still receiving rows that has received nothing for this long is marked FAILED (default 15 minutes). */
  staleAfterMs: number;
}

/** Settings of the access log and its signed checkpoints. */
export interface AuditConfig {
  /** How often the worker signs the chain head (default one minute). */
  checkpointIntervalMs: number;
  /** Where signed checkpoints are written, outside the database. */
  checkpointDir: string;
  /** The Ed25519 signing key as PEM, when given inline. */
  signingKeyPem: string | null;
  /** Where the signing key is read from; outside production a key is generated there if missing. */
  signingKeyFile: string;
  /** Public keys (PEM files) the verifier accepts besides the signing key's own: earlier keys, other signers. */
  trustedKeysDir: string;
}

/** Parses the environment once; throws an error that names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL ?? ownerUrl(e.DATABASE_URL),
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    queueBackend: e.QUEUE_BACKEND,
    queuePrefix: e.QUEUE_PREFIX,
    embedded: { database: e.EMBEDDED_DATABASE === 'on', dataDir: e.EMBEDDED_DATA_DIR, port: e.EMBEDDED_PORT },
    authSecret: e.AUTH_SECRET,
    tokenTtl: e.TOKEN_TTL,
    logLevel: e.LOG_LEVEL,
    consentAge: e.CONSENT_AGE,
    isProduction: e.NODE_ENV === 'production',
    audit: {
      checkpointIntervalMs: e.AUDIT_CHECKPOINT_INTERVAL_MS,
      checkpointDir: e.AUDIT_CHECKPOINT_DIR,
      signingKeyPem: e.AUDIT_SIGNING_KEY ?? null,
      signingKeyFile: e.AUDIT_SIGNING_KEY_FILE ?? 'var/audit/signing-key.pem',
      trustedKeysDir: e.AUDIT_TRUSTED_KEYS_DIR,
    },
    imports: { maxFileBytes: e.IMPORT_MAX_FILE_BYTES, staleAfterMs: e.IMPORT_STALE_AFTER_MS },
    reviewQueue: { maxPerImport: e.REVIEW_QUEUE_MAX_PER_IMPORT === 0 ? null : e.REVIEW_QUEUE_MAX_PER_IMPORT },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    apiProcesses: e.API_PROCESSES,
    partners: {
      publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : null,
      tokenTtlSeconds: e.PARTNER_TOKEN_TTL_SECONDS,
      sharedSecretTokensForSystems: (e.SYSTEM_SHARED_SECRET_TOKENS ?? (e.NODE_ENV === 'production' ? 'refused' : 'allowed')) === 'allowed',
      rateLimit: parseRateLimit(e.PARTNER_RATE_LIMIT)!,
      rateLimits: Object.fromEntries(Object.entries(JSON.parse(e.PARTNER_RATE_LIMITS) as Record<string, string>).map(([h, v]) => [h, parseRateLimit(v)!])),
      webhooks: {
        attempts: e.WEBHOOK_ATTEMPTS,
        backoffMs: e.WEBHOOK_BACKOFF_MS,
        dispatchIntervalMs: e.WEBHOOK_DISPATCH_INTERVAL_MS,
        timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      },
    },
  };
}

/** The same server and database as `databaseUrl`, as the local superuser `postgres` (the default owner, for migrations). */
export function ownerUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.username = 'postgres';
  url.password = '';
  return url.toString();
}
