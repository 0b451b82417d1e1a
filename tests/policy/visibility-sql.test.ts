import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config.js';
import { createDataSource } from '../../src/db/data-source.js';
import { compilePolicy } from '../../src/policy/compile.js';
import { DATA_CATEGORIES, type DataCategory } from '../../src/policy/data-category.js';
import { RequestPolicy } from '../../src/policy/request-policy.js';
import { clauseArb, consentEventArb, requesterArb, TODAY, WORLD } from './arbitraries.js';
import { PURPOSES } from '../../src/policy/purpose.js';
import { purposesOf } from '../../src/policy/purposes.policy.js';

const ADULT = 16;
const POOL = 40;
const CASES = 300;
const ALWAYS = new Set<DataCategory>(['IDENTITY', 'CONTACT']);

interface PooledRecord {
  providerId: string;
  categories: DataCategory[];
}

describe('the SQL list filter against the per-field decisions (real PostgreSQL)', () => {
  let ds: DataSource;
  const pool = new Map<string, PooledRecord[]>();

  beforeAll(async () => {
    ds = await createDataSource(loadConfig().databaseUrl, 2).initialize();
    for (const o of WORLD) {
      await ds.query(
        `INSERT INTO organisation (id, code, name, kind, la_code) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (id) DO NOTHING`,
        [o.organisationId, o.code, `Property-test ${o.code}`, o.kind, o.laCode],
      );
    }
    const [{ id: recorder }] = (await ds.query(`SELECT id FROM principal WHERE handle = 'admin'`)) as [{ id: string }];
    const personArb = fc.record({
      dob: fc.option(fc.integer({ min: 10 * 365, max: 20 * 366 }), { freq: 6 }),
      tier: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 3 }),
      records: fc.array(
        fc.record({ o: fc.constantFrom(...WORLD), cats: fc.subarray([...DATA_CATEGORIES], { maxLength: 5 }) }),
        { minLength: 1, maxLength: 3 },
      ),
      events: fc.array(consentEventArb, { maxLength: 4 }),
    });
    for (const p of fc.sample(personArb, { numRuns: POOL, seed: 20261123 })) {
      const personId = randomUUID();
      await ds.query('INSERT INTO young_person (id) VALUES ($1)', [personId]);
      const dob = p.dob === null ? null : new Date(Date.parse(`${TODAY}T00:00:00Z`) - p.dob * 86_400_000).toISOString().slice(0, 10);
      const recs: PooledRecord[] = [];
      for (const [i, r] of p.records.entries()) {
        const payload = Object.fromEntries(r.cats.filter((c) => !ALWAYS.has(c)).map((c) => [c, { synthetic: true }]));
        await ds.query(
          `INSERT INTO source_record (provider_organisation_id, partner_reference, person_id, date_of_birth, payload, received_at)
           VALUES ($1, $2, $3, $4, $5, now() - make_interval(days => $6))`,
          [r.o.organisationId, `PT-${personId.slice(0, 8)}-${i}`, personId, dob, JSON.stringify(payload), i],
        );
        recs.push({ providerId: r.o.organisationId, categories: [...new Set<DataCategory>(['IDENTITY', 'CONTACT', ...(Object.keys(payload) as DataCategory[])])] });
      }
      if (p.tier !== null) await ds.query('INSERT INTO tier_assessment (person_id, tier, assessed_on) VALUES ($1,$2,$3)', [personId, p.tier, TODAY]);
      for (const e of p.events) {
        await ds.query(
          `INSERT INTO consent_event (person_id, kind, recipient_organisation_id, recipient_kind, purpose, categories, given_by,
             evidence_reference, recorded_by) VALUES ($1,$2,$3,$4,$5,$6,$7,'property-test',$8)`,
          [personId, e.kind, e.recipientOrganisationId, e.recipientKind, e.purpose, e.categories, e.givenBy, recorder],
        );
      }
      pool.set(personId, recs);
    }
  });

  afterAll(async () => {
    const ids = [...pool.keys()];
    await ds.transaction(async (em) => {
      // The ledger is append-only by trigger; a test may clear its own rows with triggers off.
      await em.query(`SET LOCAL session_replication_role = replica`);
      await em.query('DELETE FROM consent_event WHERE person_id = ANY($1)', [ids]);
      await em.query('DELETE FROM tier_assessment WHERE person_id = ANY($1)', [ids]);
      await em.query('DELETE FROM source_record WHERE person_id = ANY($1)', [ids]);
      await em.query('DELETE FROM person_state WHERE person_id = ANY($1)', [ids]);
      await em.query('DELETE FROM young_person WHERE id = ANY($1)', [ids]);
      await em.query('DELETE FROM organisation WHERE id = ANY($1)', [WORLD.map((o) => o.organisationId)]);
    });
    await ds.destroy();
  });

  it(`lists exactly the people with at least one released value, never more (${CASES} agreement sets)`, async () => {
    const providers = new Map(WORLD.map((o) => [o.organisationId, o]));
    const caseArb = fc.record({
      requester: requesterArb,
      purposeIndex: fc.nat(),
      clauses: fc.array(clauseArb, { minLength: 1, maxLength: 6 }),
    });
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ requester, purposeIndex, clauses }) => {
        const usable = purposesOf(requester.roles[0]!, requester.organisationKind);
        const purpose = usable.length > 0 && purposeIndex % 5 !== 0 ? usable[purposeIndex % usable.length]! : PURPOSES[purposeIndex % PURPOSES.length]!;
        const policy = new RequestPolicy(compilePolicy(requester, purpose, clauses, TODAY), ds, ADULT);
        const listedBy = async (scope?: Parameters<RequestPolicy['visibility']>[0]): Promise<Set<string>> => {
          const v = policy.visibility(scope);
          const params: unknown[] = [];
          const sql = v.sql.replace(/:(\w+)/g, (_m, name: string) => {
            params.push(v.params[name]);
            return `$${params.length}`;
          });
          const rows = (await ds.query(`SELECT yp.id FROM young_person yp WHERE yp.id = ANY($${params.length + 1}) AND ${sql}`, [
            ...params,
            [...pool.keys()],
          ])) as Array<{ id: string }>;
          return new Set(rows.map((r) => r.id));
        };
        const listed = await listedBy();
        const identityListed = await listedBy({ categories: ['IDENTITY'] });

        await policy.prepare([...pool.keys()]);
        const released = new Set<string>();
        for (const [personId, records] of pool) {
          const sees = records.some((r) =>
            r.categories.some((c) => policy.decide(personId, { organisationId: r.providerId, kind: providers.get(r.providerId)!.kind, laCode: providers.get(r.providerId)!.laCode }, c).allowed),
          );
          if (sees) released.add(personId);
        }
        for (const id of listed) expect(released.has(id), 'the SQL filter listed a person with nothing released').toBe(true);
        expect([...released].sort()).toEqual([...listed].sort());
        // Scoped to one category (as the name search is): exactly the people with a readable identity.
        const identity = [...pool].filter(([personId, records]) =>
          records.some((r) => policy.decide(personId, { organisationId: r.providerId, kind: providers.get(r.providerId)!.kind, laCode: providers.get(r.providerId)!.laCode }, 'IDENTITY').allowed),
        );
        expect(identity.map(([id]) => id).sort()).toEqual([...identityListed].sort());
        if (listed.size > 0) nonEmpty++;
      }),
      { numRuns: CASES },
    );
    expect(nonEmpty, 'some agreement sets must list someone').toBeGreaterThan(CASES / 10);
  });
});
