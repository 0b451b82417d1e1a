import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../src/graphql/cursor.js';
import { DATA_CATEGORIES } from '../src/policy/data-category.js';
import { PURPOSES } from '../src/policy/purpose.js';
import { DEMO_ORG_CODES } from '../src/modules/organisations/organisations.data.js';
import { createPerson } from './support/factories.js';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';

// How long the property runs (one HTTP request per run): bounded in time, whatever the machine's load.
const TIME_LIMIT_MS = 25_000;

/** One request the fuzzer sends: who asks, why, the operation and its variables. */
interface Probe {
  op: string;
  handle: 'admin' | 'ig.cardiff' | 'epc.cardiff' | 'school.cardiff.datamanager';
  purpose?: string;
  query: string;
  variables: Record<string, unknown>;
}

const QUERIES = {
  youngPerson: 'query ($id: ID!) { youngPerson(id: $id) { id sourceRecords { familyName dateOfBirth } } }',
  youngPeople: 'query ($first: Int, $after: String, $filter: YoungPeopleFilter) { youngPeople(first: $first, after: $after, filter: $filter) { edges { cursor node { id } } pageInfo { hasNextPage } } }',
  accessLog: 'query ($first: Int, $after: String, $filter: AccessLogFilter) { accessLog(first: $first, after: $after, filter: $filter) { edges { cursor node { seq event } } } }',
  recordConsentEvent: 'mutation ($input: RecordConsentEventInput!) { recordConsentEvent(input: $input) { id kind } }',
  submitRecords: 'mutation ($records: [PartnerRecordInput!]!) { submitRecords(input: { records: $records }) { id rejectedRows } }',
} as const;

// Text as an attacker or a careless export would send it: any code point, NUL, lone surrogates, SQL and
// LIKE metacharacters, formulas, very long strings.
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('a', 'Ŵ', '\u0000', '\ud800', '\udc00', '%', '_', '\\', "'", '"', '\n', '='), maxLength: 12 }),
  fc.constantFrom('', ' ', "'; DROP TABLE young_person; --", '=cmd|\' /C calc\'!A0', '${jndi:ldap://x}', 'x'.repeat(3000), '\u202e'),
);
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
);
/** Mostly a plausible value (so that requests reach the services), sometimes a wild one, sometimes the wrong type. */
const mix = (plausible: fc.Arbitrary<unknown>, wild: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: plausible, weight: 8 }, { arbitrary: wild, weight: 1 }, { arbitrary: wrongType, weight: 1 });
const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 3 });
const word = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 });
const isoDay = fc.date({ min: new Date('2004-01-01'), max: new Date('2012-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const isoTime = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
const integer = fc.oneof(fc.integer({ min: -5, max: 300 }), fc.constantFrom(0, -1, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 1e20, -1e20, 1.5));
const bigDigits = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String), fc.constantFrom('8640000000000001', '9223372036854775808', '-1', '1e400'));
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const dateish = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 39 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`),
  fc.tuple(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}T00:00:00Z`),
  fc.date({ noInvalidDate: true, min: new Date(-8.64e15), max: new Date(8.64e15) }).map((d) => d.toISOString()),
  fc.constantFrom('2026-02-31', '2026-02-31T00:00:00Z', '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', 'yesterday'),
  text,
);

describe('fuzzing the arguments of the operations partners call', () => {
  let t: TestApi;
  const tokens: Record<string, string> = {};
  let person: string;
  let realCursor: string;

  beforeAll(async () => {
    t = await startTestApi();
    for (const h of ['admin', 'ig.cardiff', 'epc.cardiff', 'school.cardiff.datamanager'] as const) tokens[h] = await tokenFor(t.infra, h);
    person = (await createPerson(t.infra.ds, [{ providerCode: DEMO_ORG_CODES.cardiffSchool, familyName: 'Fuzz' }])).personId;
    const page = await gql<{ youngPeople: { edges: Array<{ cursor: string }> } }>(t.url, QUERIES.youngPeople, { token: tokens['admin'], purpose: 'TRACKING', variables: { first: 1 } });
    realCursor = page.body.data!.youngPeople.edges[0]!.cursor;
  });
  afterAll(async () => {
    // Submitted imports queue matching jobs; no worker runs here, and later files must not inherit them.
    await t.infra.queues.get('matching').drain(true);
    await t.close();
  });

  it('never answers 500, never shows a stack, never quotes a value sent, and gives every error a code', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(probes(person, realCursor), async (p) => {
        const res = await gql(t.url, p.query, { token: tokens[p.handle], purpose: p.purpose, variables: p.variables });
        seen.set(`${p.op} ${res.status}`, (seen.get(`${p.op} ${res.status}`) ?? 0) + 1);
        const body = JSON.stringify(res.body);
        expect([200, 400, 403, 404], `${p.op}: HTTP ${res.status} ${body.slice(0, 300)}`).toContain(res.status);
        expect(body).not.toMatch(/stacktrace|\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
        for (const e of res.body.errors ?? []) {
          expect(typeof e.extensions?.['code'], `${p.op}: ${e.message}`).toBe('string');
          expect(e.extensions?.['code'], `${p.op}: ${e.message}`).not.toBe('INTERNAL_SERVER_ERROR');
        }
        const errors = JSON.stringify(res.body.errors ?? []);
        for (const value of sentText(p.variables)) expect(errors.includes(value), `${p.op} quotes ${JSON.stringify(value)}: ${errors.slice(0, 300)}`).toBe(false);
      }),
      { numRuns: 2000, plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS)] },
    );
    // Every operation was both answered and refused: the fuzzer reached past the argument checks.
    for (const op of Object.keys(QUERIES)) {
      expect(seen.get(`${op} 200`), `${op}: ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
      expect(seen.get(`${op} 400`), `${op}: ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
    }
  }, 60_000);
});

/** What the fuzzer sends, around a real person and a real cursor (made once the API runs). */
function probes(person: string, realCursor: string): fc.Arbitrary<Probe> {
  const id = mix(fc.oneof(fc.constant(person), fc.uuid()), text);
  const optionalId = mix(optional(fc.oneof(fc.constant(person), fc.uuid())), text);
  const first = mix(optional(fc.integer({ min: 1, max: 50 })), integer);
  const after = mix(
    optional(fc.constant(realCursor)),
    fc.oneof(
      text,
      fc.tuple(bigDigits, bigDigits).map(([a, b]) => encodeCursor(`${a}:${b}`)),
      fc.tuple(fc.oneof(fc.double().map(String), bigDigits), fc.uuid()).map(([w, u]) => encodeCursor(`${w}|${u}`)),
      fc.oneof(fc.uuid(), text).map(encodeCursor),
    ),
  );
  const orgCode = fc.constantFrom(...Object.values(DEMO_ORG_CODES));
  const record = fc.record(
    {
      partnerReference: mix(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }), text),
      givenName: mix(optional(word), text),
      familyName: mix(optional(word), text),
      middleNames: mix(optional(word), text),
      dateOfBirth: mix(optional(isoDay), dateish),
      sex: mix(optional(fc.constantFrom('F', 'M', 'X')), text),
      postcode: mix(optional(fc.constantFrom('CF10 1AA', 'LL55 4UR', 'SW1A 1AA')), text),
      upn: mix(optional(fc.string({ unit: 'grapheme-ascii', maxLength: 13 })), text),
      uln: mix(optional(fc.string({ unit: 'grapheme-ascii', maxLength: 10 })), text),
      email: mix(optional(fc.emailAddress()), text),
      phone: mix(optional(fc.string({ unit: fc.constantFrom('0', '1', '7', ' ', '+'), maxLength: 14 })), text),
      version: mix(optional(fc.integer({ min: 1, max: 5 })), integer),
      payload: mix(
        optional(fc.dictionary(fc.constantFrom(...DATA_CATEGORIES), fc.dictionary(word, fc.oneof(word, fc.integer()), { maxKeys: 2 }), { maxKeys: 2 })),
        fc.dictionary(text, fc.dictionary(text, text, { maxKeys: 2 }), { maxKeys: 2 }),
      ),
    },
    { requiredKeys: [] },
  );

  return fc.oneof(
    fc.record({ id }).map((v) => ({ op: 'youngPerson', handle: 'admin' as const, purpose: 'TRACKING', query: QUERIES.youngPerson, variables: v })),
    fc
      .record({
        first,
        after,
        filter: mix(
          optional(
            fc.record(
              {
                familyNamePrefix: mix(optional(fc.constantFrom('F', 'Fu', 'Fuzz', 'Zz')), text),
                laCode: mix(optional(fc.constantFrom('cardiff', 'gwynedd', 'nowhere')), text),
                providerCode: mix(optional(orgCode), text),
              },
              { requiredKeys: [] },
            ),
          ),
          fc.dictionary(text, text, { maxKeys: 2 }),
        ),
      })
      .map((v) => ({ op: 'youngPeople', handle: 'admin' as const, purpose: 'TRACKING', query: QUERIES.youngPeople, variables: v })),
    fc
      .record({
        first,
        after,
        filter: mix(
          optional(
            fc.record(
              {
                from: mix(optional(isoTime), dateish),
                to: mix(optional(isoTime), dateish),
                personId: optionalId,
                principalId: optionalId,
                purpose: mix(optional(fc.constantFrom(...PURPOSES)), text),
                event: mix(optional(fc.constantFrom('person.read', 'consent.given', 'access_log.read')), text),
                outcome: mix(optional(fc.constantFrom('RELEASED', 'WITHHELD')), fc.constantFrom('PARTIAL', 'released')),
              },
              { requiredKeys: [] },
            ),
          ),
          fc.dictionary(text, text, { maxKeys: 2 }),
        ),
      })
      .map((v) => ({ op: 'accessLog', handle: 'ig.cardiff' as const, query: QUERIES.accessLog, variables: v })),
    fc
      .record({
        input: fc.record(
          {
            personId: id,
            kind: mix(fc.constantFrom('GIVEN', 'REFUSED', 'WITHDRAWN', 'OBJECTION_RAISED', 'OBJECTION_LIFTED'), fc.constantFrom('MAYBE', 'given')),
            givenBy: mix(fc.constant('YOUNG_PERSON'), fc.constantFrom('PARENT_GUARDIAN', 'NEIGHBOUR')),
            evidenceReference: mix(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }).map((w) => `form ${w}`), text),
            purpose: mix(optional(fc.constantFrom(...PURPOSES)), fc.constant('NOSY')),
            recipientKind: mix(optional(fc.constantFrom('CAREERS_WALES', 'SCHOOL', 'VOLUNTARY')), fc.constant('PUB')),
            recipientOrganisationCode: mix(fc.constant(undefined), fc.oneof(orgCode, text)),
            categories: mix(optional(fc.array(fc.constantFrom(...DATA_CATEGORIES), { maxLength: 3 })), fc.array(text, { maxLength: 2 })),
          },
          { requiredKeys: ['personId', 'kind', 'givenBy', 'evidenceReference'] },
        ),
      })
      .map((v) => ({ op: 'recordConsentEvent', handle: 'epc.cardiff' as const, purpose: 'TRACKING', query: QUERIES.recordConsentEvent, variables: v })),
    fc
      .record({ records: mix(fc.array(record, { minLength: 1, maxLength: 3 }), fc.array(record, { maxLength: 0 })) })
      .map((v) => ({ op: 'submitRecords', handle: 'school.cardiff.datamanager' as const, query: QUERIES.submitRecords, variables: v })),
  );
}

/**
 * The strings a request sent that an error must never quote: every text value of eight characters or
 * more (shorter ones may occur in any message by chance), except enum names, which messages may use.
 */
function sentText(value: unknown): string[] {
  if (typeof value === 'string') return value.length >= 8 && !/^[A-Z_]+$/.test(value) ? [JSON.stringify(value).slice(1, -1)] : [];
  if (Array.isArray(value)) return value.flatMap(sentText);
  // Keys are names of fields (which messages name); the values under them are what was sent.
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(sentText);
  return [];
}
