import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAuthenticatedPrincipal } from '../../src/auth/principal.js';
import { bootInfrastructure, type Infrastructure } from '../../src/boot.js';
import { loadConfig } from '../../src/config/config.js';
import type { RequestContext } from '../../src/graphql/context.js';

describe('the policy of one request', () => {
  let infra: Infrastructure;
  beforeAll(async () => {
    infra = await bootInfrastructure(loadConfig(), 'policy-test');
  });
  afterAll(async () => {
    await infra.close();
  });

  const contextFor = async (handle: string): Promise<RequestContext> => {
    const principal = await infra.services.principals.findByHandle(handle);
    if (!principal) throw new Error(`no seeded principal ${handle}`);
    // Only what the policy service reads; a fresh object is a fresh request.
    return { principal: toAuthenticatedPrincipal(principal), purpose: 'TRACKING', policyVersion: null, ds: infra.ds } as RequestContext;
  };

  it('is one policy however many root fields of the request ask for it at once (aliased lists)', async () => {
    const ctx = await contextFor('admin');
    const [a, b] = await Promise.all([infra.services.policy.forRequest(ctx), infra.services.policy.forRequest(ctx)]);
    expect(a).toBe(b);
    expect(infra.services.policy.existing(ctx)).toBe(a);
    // Another request gets its own.
    expect(await infra.services.policy.forRequest(await contextFor('admin'))).not.toBe(a);
  });
});
