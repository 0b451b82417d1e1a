import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('fills development defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ nodeEnv: 'development', port: 4000, isProduction: false, tokenTtl: '8h' });
    expect(c.authSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses production without an AUTH_SECRET, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET: AUTH_SECRET is required in production/);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(32) }).isProduction).toBe(true);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', TOKEN_TTL: 'forever' })).toThrow(/PORT: .*TOKEN_TTL: /);
  });
});
