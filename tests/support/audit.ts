import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AccessEventInput } from '../../src/audit/access-event.js';
import { appendEvents } from '../../src/audit/access-log.writer.js';

/** A synthetic access event (ids only) for chain tests. */
export function syntheticEvent(overrides: Partial<AccessEventInput> = {}): AccessEventInput {
  return {
    event: 'person.read',
    outcome: 'RELEASED',
    requestId: `test-${randomUUID().slice(0, 8)}`,
    operation: 'query {youngPerson}',
    principalId: randomUUID(),
    organisationId: randomUUID(),
    roles: ['EPC'],
    purpose: 'TRACKING',
    personId: randomUUID(),
    released: ['IDENTITY.givenName@0', 'TIER_STATUS.tierStatus@0'],
    withheld: ['CARE_STATUS.careStatus@0!NO_AGREEMENT'],
    agreements: ['ISP-TEST@1'],
    providerIds: [randomUUID()],
    details: null,
    ...overrides,
  };
}

/** Appends `n` synthetic events, one operation each; returns their positions. */
export async function appendSynthetic(ds: DataSource | EntityManager, n: number): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await appendEvents(ds, [syntheticEvent()]);
    seqs.push(r!.firstSeq);
  }
  return seqs;
}

/** The canonical-content expression of the stored function, for re-hashing a row as a forger would. */
export const STORED_CANONICAL = `access_event_canonical(seq, occurred_at, event, outcome, request_id, operation, principal_id,
  organisation_id, roles, purpose, person_id, released, withheld, agreements, provider_ids, details)`;
