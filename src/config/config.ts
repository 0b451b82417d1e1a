import { z } from 'zod';

const DEV_AUTH_SECRET = 'cyswllt-development-secret-not-for-production-use';

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/cyswllt'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    REDIS_URL: z.string().url().default('redis://127.0.0.1:6379/0'),
    QUEUE_PREFIX: z.string().min(1).default('cyswllt'),
    AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
    TOKEN_TTL: z.string().regex(/^\d+[smhd]$/, 'TOKEN_TTL looks like 15m, 8h or 2d').default('8h'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    CONSENT_AGE: z.coerce.number().int().min(12).max(18).default(16),
  })
  .transform((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.AUTH_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_SECRET'], message: 'AUTH_SECRET is required in production' });
      return z.NEVER;
    }
    return { ...env, AUTH_SECRET: env.AUTH_SECRET ?? DEV_AUTH_SECRET };
  });

/** The validated configuration of one process. */
export type AppConfig = {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string;
  queuePrefix: string;
  authSecret: string;
  tokenTtl: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Age from which the young person, not a parent or guardian, is the consent authority. */
  consentAge: number;
  isProduction: boolean;
};

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
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    authSecret: e.AUTH_SECRET,
    tokenTtl: e.TOKEN_TTL,
    logLevel: e.LOG_LEVEL,
    consentAge: e.CONSENT_AGE,
    isProduction: e.NODE_ENV === 'production',
  };
}
