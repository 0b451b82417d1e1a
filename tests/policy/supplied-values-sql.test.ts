import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { ownerDataSource } from '../support/owner-db.js';
import { compilePolicy } from '../../src/policy/compile.js';
import { DATA_CATEGORIES } from '../../src/policy/data-category.js';
import { PURPOSES } from '../../src/policy/purpose.js';
import { RequestPolicy } from '../../src/policy/request-policy.js';
import { clauseArb, consentEventArb, dayFromToday, requesterArb, TODAY, usablePurpose, WORLD } from './arbitraries.js';

// Values that are not record columns (tier-history events, say) are decided in SQL with
// RequestPolicy.visibility({ supplier }): "that organisation's value of this category about the person would be
// released". The worklist's membership and counts rest on it, so it must agree with the per-value decision
// (policy.decide) exactly, on generated agreement sets and people, against the real PostgreSQL.

const CONSENT_AGE = 16;
const POOL = 40;
const CASES = 150;

describe('the SQL decision of supplied values against the per-value decisions (real PostgreSQL)', () => {
  let ds: DataSource;
  const people: string[] = [];

  beforeAll(async () => {
    ds = await ownerDataSource(2); // fixtures and seeding need the owner, not the app role
    for (const o of WORLD) {
      await ds.query(`INSERT INTO organisation (id, code, name, kind, la_code) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (id) DO NOTHING`, [
        o.organisationId,
        o.code,
        `Property-test ${o.code}`,
        o.kind,
        o.laCode,
      ]);
    }
    const [{ id: recorder }] = (await ds.query(`SELECT id FROM principal WHERE handle = 'admin'`)) as [{ id: string }];
    const personArb = fc.record({
      dob: fc.option(fc.integer({ min: 10 * 365, max: 20 * 366 }), { freq: 6 }),
      tier: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 3 }),
      // The records give the person a home LA and, strongly linked, relationships with their holders.
      records: fc.array(
        fc.record({
          o: fc.constantFrom(...WORLD),
          status: fc.option(fc.constantFrom('APPLIED', 'ENROLLED', 'WITHDRAWN'), { freq: 2 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      strong: fc.boolean(),
      events: fc.array(consentEventArb, { maxLength: 3 }),
    });
    for (const p of fc.sample(personArb, { numRuns: POOL, seed: 20261201 })) {
      const personId = randomUUID();
      await ds.query('INSERT INTO young_person (id) VALUES ($1)', [personId]);
      const ids: string[] = [];
      for (const [i, r] of p.records.entries()) {
        const payload = r.status ? { EDUCATION_ENROLMENT: { status: r.status, startDate: dayFromToday(-30) } } : {};
        const [{ id }] = (await ds.query(
          `INSERT INTO source_record (provider_organisation_id, partner_reference, person_id, date_of_birth, payload, received_at)
           VALUES ($1, $2, $3, $4, $5, now() - make_interval(days => $6)) RETURNING id`,
          [r.o.organisationId, `SV-${personId.slice(0, 8)}-${i}`, personId, p.dob === null ? null : dayFromToday(-p.dob), JSON.stringify(payload), i],
        )) as [{ id: string }];
        ids.push(id);
      }
      if (p.strong && ids.length > 1 && p.records[0]!.o.organisationId !== p.records[1]!.o.organisationId) {
        const [a, b] = [ids[0]!, ids[1]!].sort();
        await ds.query(
          `INSERT INTO match_candidate (record_a_id, record_b_id, version_a, version_b, rule, levels, weights, prior, total_weight, probability, status)
           VALUES ($1, $2, 1, 1, 'UPN', '{}', '{}', 0, 0, 0.5, 'LINKED')`,
          [a, b],
        );
      }
      if (p.tier !== null) await ds.query('INSERT INTO tier_assessment (person_id, tier, assessed_on) VALUES ($1,$2,$3)', [personId, p.tier, TODAY]);
      for (const e of p.events) {
        await ds.query(
          `INSERT INTO consent_event (person_id, kind, recipient_organisation_id, recipient_kind, purpose, categories, given_by,
             evidence_reference, recorded_by) VALUES ($1,$2,$3,$4,$5,$6,$7,'supplied-values-test',$8)`,
          [personId, e.kind, e.recipientOrganisationId, e.recipientKind, e.purpose, e.categories, e.givenBy, recorder],
        );
      }
      people.push(personId);
    }
  });

  afterAll(async () => {
    await ds.transaction(async (em) => {
      await em.query(`SET LOCAL session_replication_role = replica`); // the ledger is append-only by trigger
      await em.query('DELETE FROM consent_event WHERE person_id = ANY($1)', [people]);
      await em.query('DELETE FROM unknown_fact WHERE person_id = ANY($1)', [people]);
      await em.query('DELETE FROM tier_assessment WHERE person_id = ANY($1)', [people]);
      await em.query('DELETE FROM match_candidate WHERE record_a_id IN (SELECT id FROM source_record WHERE person_id = ANY($1))', [people]);
      await em.query('DELETE FROM source_record WHERE person_id = ANY($1)', [people]);
      await em.query('DELETE FROM person_state WHERE person_id = ANY($1)', [people]);
      await em.query('DELETE FROM young_person WHERE id = ANY($1)', [people]);
      await em.query('DELETE FROM organisation WHERE id = ANY($1)', [WORLD.map((o) => o.organisationId)]);
    });
    await ds.destroy();
  });

  it(`releases in SQL exactly the (person, supplier, category) the per-value decision releases (${CASES} agreement sets)`, async () => {
    const caseArb = fc.record({
      requester: requesterArb,
      purposeIndex: fc.nat(),
      clauses: fc.array(fc.tuple(clauseArb, fc.boolean()), { minLength: 1, maxLength: 6 }),
      categories: fc.subarray([...DATA_CATEGORIES], { minLength: 1, maxLength: 2 }),
    });
    let released = 0;
    let withheld = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ requester, purposeIndex, clauses: raw, categories }) => {
        const purpose = (purposeIndex % 5 !== 0 && usablePurpose(requester, purposeIndex)) || PURPOSES[purposeIndex % PURPOSES.length]!;
        // Half the clauses are addressed to the requester for its purpose, so that most outcomes are reached.
        const clauses = raw.map(([c, toMe]) => (toMe ? { ...c, recipientOrganisationId: null, recipientKind: requester.organisationKind, recipientRole: null, purposes: [purpose] } : c));
        const policy = new RequestPolicy(compilePolicy(requester, purpose, clauses, TODAY), ds, CONSENT_AGE);
        await policy.prepare(people);
        for (const category of categories) {
          const v = policy.visibility({ supplier: 's.id', categories: [category] });
          const params: unknown[] = [];
          const sql = v.sql.replace(/:(\w+)/g, (_m, name: string) => {
            params.push(v.params[name]);
            return `$${params.length}`;
          });
          const rows = (await ds.query(
            `SELECT yp.id AS person, s.id AS supplier FROM young_person yp CROSS JOIN unnest($${params.length + 1}::uuid[]) AS s(id)
              WHERE yp.id = ANY($${params.length + 2}) AND ${sql}`,
            [...params, WORLD.map((o) => o.organisationId), people],
          )) as Array<{ person: string; supplier: string }>;
          const inSql = new Set(rows.map((r) => `${r.person}|${r.supplier}`));
          const decided = new Set<string>();
          for (const person of people) {
            for (const o of WORLD) {
              if (policy.decide(person, o, category).allowed) decided.add(`${person}|${o.organisationId}`);
              else withheld++;
            }
          }
          released += decided.size;
          expect([...inSql].sort(), `${category} for ${purpose}`).toEqual([...decided].sort());
        }
      }),
      { numRuns: CASES },
    );
    expect(released, 'some values are released').toBeGreaterThan(200);
    expect(withheld, 'some values are withheld').toBeGreaterThan(200);
  });
});
