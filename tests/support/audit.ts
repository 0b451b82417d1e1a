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

/** A login role that may do everything the hub does except append to the access log, and switches to turn that on and off. */
export interface AuditDeniedRole {
  /** The test database's URL, logging in as the role. */
  url: string;
  /** Lets the role append to the access log again ("the log is back"). */
  allow(): Promise<void>;
  /** Takes the append right away again. */
  deny(): Promise<void>;
  /** Drops the role (close every connection that uses it first). */
  drop(): Promise<void>;
}

/**
 * Creates a role with every right on the test database's tables except INSERT on access_event, so a process
 * connecting with `url` finds the access log unwritable (the append fails with SQLSTATE 42501).
 */
export async function createAuditDeniedRole(ds: DataSource, databaseUrl: string, suffix: string): Promise<AuditDeniedRole> {
  const u = new URL(databaseUrl);
  const role = `${u.pathname.slice(1)}_${suffix}`.replace(/[^a-z0-9_]/gi, '_');
  await ds.query(`DROP OWNED BY ${role}`).catch(() => undefined);
  await ds.query(`DROP ROLE IF EXISTS ${role}`);
  await ds.query(`CREATE ROLE ${role} LOGIN`);
  await ds.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
  await ds.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  await ds.query(`REVOKE INSERT ON access_event FROM ${role}`);
  u.username = role;
  return {
    url: u.toString(),
    allow: async () => void (await ds.query(`GRANT INSERT ON access_event TO ${role}`)),
    deny: async () => void (await ds.query(`REVOKE INSERT ON access_event FROM ${role}`)),
    drop: async () => {
      await ds.query(`DROP OWNED BY ${role}`);
      await ds.query(`DROP ROLE ${role}`);
    },
  };
}
