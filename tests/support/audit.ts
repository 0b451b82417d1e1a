import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AccessEventInput } from '../../src/audit/access-event.js';
import { appendEvents } from '../../src/audit/access-log.writer.js';
import { ownerDataSource } from './owner-db.js';
import { TEST_ENV } from './test-env.js';

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
 * Creates a role with every right on the test database's tables, but not EXECUTE on `access_event_append`
 * (the application role's alone), so a process connecting with `url` finds the access log unwritable (the
 * append fails with SQLSTATE 42501). Made as the database's owner: the application role makes no roles.
 */
export async function createAuditDeniedRole(suffix: string): Promise<AuditDeniedRole> {
  const owner = await ownerDataSource(1);
  const u = new URL(TEST_ENV.DATABASE_URL);
  const role = `${u.pathname.slice(1)}_${suffix}`.replace(/[^a-z0-9_]/gi, '_');
  await owner.query(`DROP OWNED BY ${role}`).catch(() => undefined);
  await owner.query(`DROP ROLE IF EXISTS ${role}`);
  await owner.query(`CREATE ROLE ${role} LOGIN`);
  await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
  await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  u.username = role;
  return {
    url: u.toString(),
    allow: async () => void (await owner.query(`GRANT EXECUTE ON FUNCTION access_event_append(jsonb) TO ${role}`)),
    deny: async () => void (await owner.query(`REVOKE EXECUTE ON FUNCTION access_event_append(jsonb) FROM ${role}`)),
    drop: async () => {
      await owner.query(`DROP OWNED BY ${role}`);
      await owner.query(`DROP ROLE ${role}`);
      await owner.destroy();
    },
  };
}
