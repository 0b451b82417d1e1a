import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('fills development defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ nodeEnv: 'development', port: 4000, isProduction: false, tokenTtl: '8h' });
    expect(c.authSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('connects the hub as its own role and migrates as the owner of the same database', () => {
    expect(loadConfig({})).toMatchObject({
      databaseUrl: 'postgres://cyswllt_app@127.0.0.1:5432/cyswllt',
      migrationDatabaseUrl: 'postgres://postgres@127.0.0.1:5432/cyswllt',
    });
    expect(loadConfig({ DATABASE_URL: 'postgres://cyswllt_app:s3cret@db.internal:6543/hub' }).migrationDatabaseUrl).toBe('postgres://postgres@db.internal:6543/hub');
    expect(loadConfig({ MIGRATION_DATABASE_URL: 'postgres://owner:pw@db/hub' }).migrationDatabaseUrl).toBe('postgres://owner:pw@db/hub');
  });

  it('refuses production without an AUTH_SECRET, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET: AUTH_SECRET is required in production/);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(32), AUDIT_SIGNING_KEY_FILE: '/k.pem' }).isProduction).toBe(true);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', TOKEN_TTL: 'forever' })).toThrow(/PORT: .*TOKEN_TTL: /);
  });

  it('defaults the access-log checkpoints to one minute and requires a signing key in production', () => {
    expect(loadConfig({}).audit).toMatchObject({ checkpointIntervalMs: 60_000, signingKeyPem: null });
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(32) })).toThrow(/AUDIT_SIGNING_KEY: .*required in production/);
    expect(loadConfig({ AUDIT_CHECKPOINT_INTERVAL_MS: '5000' }).audit.checkpointIntervalMs).toBe(5000);
  });

  it('has no switch that turns the access log off', () => {
    expect(Object.keys(loadConfig({}).audit)).not.toContain('writes');
    // An old bench setting is not recognised as anything: the log stays on whatever it says.
    expect(JSON.stringify(loadConfig({ AUDIT_WRITES: 'off-for-bench' }))).not.toMatch(/off-for-bench|AUDIT_WRITES/);
  });

  it('runs the API in one process by default, in several when asked, and in one only on the embedded database', () => {
    expect(loadConfig({}).apiProcesses).toBe(1);
    expect(loadConfig({ API_PROCESSES: '2' }).apiProcesses).toBe(2);
    expect(() => loadConfig({ API_PROCESSES: '0' })).toThrow(/API_PROCESSES/);
    expect(loadConfig({ API_PROCESSES: '1', EMBEDDED_DATABASE: 'on' }).apiProcesses).toBe(1);
    expect(() => loadConfig({ API_PROCESSES: '2', EMBEDDED_DATABASE: 'on' })).toThrow(/API_PROCESSES: API_PROCESSES must be 1 on the embedded database/);
  });

  it('bounds CSV imports: 500 MB files and 15 minutes of silence by default, both configurable', () => {
    expect(loadConfig({}).imports).toEqual({ maxFileBytes: 500_000_000, staleAfterMs: 900_000 });
    expect(loadConfig({ IMPORT_MAX_FILE_BYTES: '1048576', IMPORT_STALE_AFTER_MS: '60000' }).imports).toEqual({ maxFileBytes: 1_048_576, staleAfterMs: 60_000 });
    expect(() => loadConfig({ IMPORT_MAX_FILE_BYTES: 'lots', IMPORT_STALE_AFTER_MS: '10' })).toThrow(/IMPORT_MAX_FILE_BYTES: .*IMPORT_STALE_AFTER_MS: /);
  });
});
