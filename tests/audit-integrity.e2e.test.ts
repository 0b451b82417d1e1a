import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_CODES } from '../src/modules/organisations/organisations.data.js';
import type { RequestContext } from '../src/graphql/context.js';
import { AccessBuffer } from '../src/audit/access-buffer.js';
import { createAuditDeniedRole, type AuditDeniedRole } from './support/audit.js';
import { createPerson } from './support/factories.js';
import { gql, requestIdOf, startTestApi, tokenFor, type TestApi } from './support/harness.js';

const PERSON = `query ($id: ID!) { youngPerson(id: $id) { id sourceRecords { givenName familyName dateOfBirth postcode attendance } } }`;

describe('the access log fails closed', () => {
  // A login role that may do everything the API does except append to the access log.
  let role: AuditDeniedRole;
  let t: TestApi;
  let denied: TestApi;
  const family = `Failclosed-${Date.now().toString(36)}`;
  let person: string;

  beforeAll(async () => {
    t = await startTestApi();
    role = await createAuditDeniedRole('no_audit');
    person = (await createPerson(t.infra.ds, [{ providerCode: DEMO_ORG_CODES.cardiffSchool, familyName: family, postcode: 'CF14 9ZZ', payload: { ATTENDANCE: { percent: 77 } } }]))
      .personId;
    denied = await startTestApi({ DATABASE_URL: role.url });
  });
  afterAll(async () => {
    await denied.close();
    await role.drop();
    await t.close();
  });

  it('sends no personal data, a clear error and HTTP 503 when the access log cannot be written', async () => {
    const admin = await tokenFor(denied.infra, 'admin');
    const before = (await t.infra.ds.query('SELECT seq FROM access_chain_head')) as [{ seq: string }];
    const res = await gql(denied.url, PERSON, { token: admin, purpose: 'TRACKING', variables: { id: person } });
    expect(res.status).toBe(503);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors).toEqual([
      { message: 'The access log could not be written, so no personal data was sent. Try again later.', extensions: { code: 'AUDIT_UNAVAILABLE' } },
    ]);
    expect(res.body.extensions).toBeUndefined();
    const text = JSON.stringify(res.body);
    for (const value of [family, 'CF14 9ZZ', '77', '2009-03-14']) expect(text).not.toContain(value);
    expect((await t.infra.ds.query('SELECT seq FROM access_chain_head')) as unknown).toEqual(before);

    // The same query through a connection that may write the log succeeds.
    const ok = await gql<{ youngPerson: { sourceRecords: Array<{ familyName: string }> } }>(t.url, PERSON, {
      token: await tokenFor(t.infra, 'admin'),
      purpose: 'TRACKING',
      variables: { id: person },
    });
    expect(ok.body.data!.youngPerson.sourceRecords[0]!.familyName).toBe(family);
  });

  it('still answers operations that touch no personal data', async () => {
    const res = await gql<{ me: { handle: string } }>(denied.url, '{ me { handle } }', { token: await tokenFor(denied.infra, 'admin') });
    expect(res.status).toBe(200);
    expect(res.body.data!.me.handle).toBe('admin');
  });
});

describe('appends from concurrent requests', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({ DATABASE_POOL_SIZE: '12' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('never fork the chain: rows are contiguous per operation and the log verifies clean', async () => {
    const admin = await tokenFor(t.infra, 'admin');
    const people: string[] = [];
    for (let i = 0; i < 8; i++) {
      people.push(
        (await createPerson(t.infra.ds, [{ providerCode: DEMO_ORG_CODES.cardiffSchool, familyName: `Concurrent-${i}` }, { providerCode: DEMO_ORG_CODES.careersWales }]))
          .personId,
      );
    }
    const list = `query ($prefix: String) { youngPeople(first: 20, filter: { familyNamePrefix: $prefix }) { edges { node { id sourceRecords { familyName } } } } }`;
    const requests = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? gql(t.url, PERSON, { token: admin, purpose: 'TRACKING', variables: { id: people[i % people.length] } })
        : gql(t.url, list, { token: admin, purpose: 'TRACKING', variables: { prefix: 'concurrent-' } }),
    );
    const responses = await Promise.all(requests);
    expect(responses.every((r) => r.status === 200 && !r.body.errors)).toBe(true);

    const rows = (await t.infra.ds.query(
      `SELECT request_id, array_agg(seq ORDER BY seq) AS seqs FROM access_event WHERE request_id = ANY($1) GROUP BY request_id`,
      [responses.map(requestIdOf)],
    )) as Array<{ request_id: string; seqs: string[] }>;
    expect(rows).toHaveLength(40);
    for (const r of rows) {
      const seqs = r.seqs.map(Number);
      expect(seqs, r.request_id).toEqual(seqs.map((_, i) => seqs[0]! + i)); // one insert: consecutive positions
    }
    const report = await t.infra.services.audit.verifyChain(t.infra);
    expect(report.firstBadRow).toBeNull();
    expect(report.ok).toBe(true);
  });
});

describe('recordChange', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    await t.close();
  });

  const actor = async (): Promise<RequestContext> => {
    const p = await t.infra.services.principals.findByHandle('admin');
    const access = new AccessBuffer();
    access.operation = 'mutation RecordTierAssessment';
    return {
      requestId: `change-${Date.now()}`,
      principal: { id: p!.id, roles: p!.roles, organisation: { id: p!.organisationId } },
      purpose: 'TRACKING',
      access,
      config: t.infra.config,
    } as unknown as RequestContext;
  };

  it('writes the change event in the transaction that makes the change: both commit, or neither does', async () => {
    const { personId, recordIds } = await createPerson(t.infra.ds, [{ providerCode: DEMO_ORG_CODES.careersWales }]);
    const ctx = await actor();
    await t.infra.ds.transaction(async (em) => {
      await em.query('UPDATE source_record SET version = version + 1 WHERE id = $1', [recordIds[0]]);
      await t.infra.services.audit.recordChange(ctx, em, { personId, event: 'tier.assessed', change: { sourceRecordId: recordIds[0], version: 2 } });
    });
    const committed = (await t.infra.ds.query('SELECT event, operation, details, person_id FROM access_event WHERE request_id = $1', [ctx.requestId])) as unknown[];
    expect(committed).toEqual([
      { event: 'tier.assessed', operation: 'mutation RecordTierAssessment', person_id: personId, details: `{"sourceRecordId":"${recordIds[0]}","version":2}` },
    ]);

    const failed = await actor();
    await expect(
      t.infra.ds.transaction(async (em) => {
        await em.query('UPDATE source_record SET version = version + 1 WHERE id = $1', [recordIds[0]]);
        await t.infra.services.audit.recordChange(failed, em, { personId, event: 'tier.assessed', change: { version: 3 } });
        throw new Error('the change fails after its event was written');
      }),
    ).rejects.toThrow(/change fails/);
    expect(await t.infra.ds.query('SELECT 1 FROM access_event WHERE request_id = $1', [failed.requestId])).toEqual([]);
    expect((await t.infra.ds.query('SELECT version FROM source_record WHERE id = $1', [recordIds[0]])) as unknown).toEqual([{ version: 2 }]);
    expect((await t.infra.services.audit.verifyChain(t.infra)).ok).toBe(true);
  });

  it('refuses to run outside a transaction', async () => {
    await expect(t.infra.services.audit.recordChange(await actor(), t.infra.ds.manager, { personId: null, event: 'agreement.activated', change: {} })).rejects.toThrow(
      /inside the transaction/,
    );
  });
});
