import fc from 'fast-check';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DATA_CATEGORIES } from '../policy/data-category.js';
import { REDACTION_REASONS } from '../policy/redaction-reason.js';
import { AccessBuffer } from './access-buffer.js';
import { canonicalJson, decodeEntry, encodeEntry } from './access-event.js';
import { csvCell } from './access-log.query.js';
import { eventsForOperation } from './access-log.writer.js';
import { describeOperation } from './audit.plugin.js';
import { isThirdPartyKey } from './subject-access.policy.js';
import type { RequestContext } from '../graphql/context.js';

const ORG = '11111111-1111-4111-8111-111111111111';
const PROVIDER = '22222222-2222-4222-8222-222222222222';
const PERSON = '33333333-3333-4333-8333-333333333333';

function ctxWith(access: AccessBuffer): RequestContext {
  return {
    requestId: 'req-1',
    principal: { id: '44444444-4444-4444-8444-444444444444', roles: ['EPC'], organisation: { id: ORG } },
    purpose: 'TRACKING',
    access,
  } as unknown as RequestContext;
}

describe('access-log entries', () => {
  it('encode and decode every category, field and reason without loss', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DATA_CATEGORIES),
        fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/),
        fc.option(fc.constantFrom(...REDACTION_REASONS), { nil: null }),
        (category, field, reason) => {
          const e = { category, field, providerOrganisationId: PROVIDER, reason };
          expect(decodeEntry(encodeEntry(e, [ORG, PROVIDER]), [ORG, PROVIDER])).toEqual(e);
        },
      ),
    );
  });

  it('writes canonical JSON with keys sorted at every level and no raw control characters', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
    const text = canonicalJson({ note: 'a\u001fb\u001ec' });
    expect(text.includes('\u001f') || text.includes('\u001e')).toBe(false);
    expect(text).toBe('{"note":"a\\u001fb\\u001ec"}');
  });
});

describe('eventsForOperation', () => {
  it('makes one row per person with released, withheld, agreements and providers, then refusals, changes and activities', () => {
    const access = new AccessBuffer();
    access.note(PERSON, { field: 'givenName', category: 'IDENTITY', providerOrganisationId: PROVIDER, released: true, agreement: 'ISP-1@2' });
    access.note(PERSON, { field: 'givenName', category: 'IDENTITY', providerOrganisationId: PROVIDER, released: true, agreement: 'ISP-1@2' });
    access.note(PERSON, { field: 'tierStatus', category: 'TIER_STATUS', providerOrganisationId: ORG, released: false, reason: 'TIER_RESTRICTED' });
    access.noteRefusal(null, 'ROLE_NOT_PERMITTED');
    access.noteChange({ personId: PERSON, event: 'consent.withdrawn', change: { consentEventId: 'c-1', version: 3 } });
    access.noteActivity({ personId: null, event: 'access_log.read', detail: { first: 10 } });
    const rows = eventsForOperation(ctxWith(access), 'query PeoplePage');
    expect(rows.map((r) => [r.event, r.outcome, r.personId])).toEqual([
      ['person.read', 'PARTIAL', PERSON],
      ['operation.refused', 'WITHHELD', null],
      ['consent.withdrawn', 'NONE', PERSON],
      ['access_log.read', 'NONE', null],
    ]);
    expect(rows[0]).toMatchObject({
      requestId: 'req-1',
      operation: 'query PeoplePage',
      roles: ['EPC'],
      purpose: 'TRACKING',
      released: ['IDENTITY.givenName@1'],
      withheld: ['TIER_STATUS.tierStatus@0!TIER_RESTRICTED'],
      agreements: ['ISP-1@2'],
      providerIds: [ORG, PROVIDER].sort(),
      details: null,
    });
    expect(rows[2]!.details).toBe('{"consentEventId":"c-1","version":3}');
  });

  it('records a refusal about one person as a withheld read of that person', () => {
    const access = new AccessBuffer();
    access.noteRefusal(PERSON, 'ROLE_NOT_PERMITTED');
    const [row] = eventsForOperation(ctxWith(access), 'query {youngPerson}');
    expect(row).toMatchObject({ event: 'person.read', outcome: 'WITHHELD', personId: PERSON, details: '{"refused":"ROLE_NOT_PERMITTED"}' });
  });
});

describe('describeOperation', () => {
  it('names an operation by its name, else by its root fields, never by its arguments', () => {
    const named = parse('query PeoplePage { youngPeople(filter: {familyNamePrefix: "Jones"}) { totalCount } }');
    expect(describeOperation(named.definitions[0] as never, null)).toBe('query PeoplePage');
    const anonymous = parse('{ youngPerson(id: "x") { id } me { handle } }');
    expect(describeOperation(anonymous.definitions[0] as never, null)).toBe('query {youngPerson,me}');
  });
});

describe('csvCell', () => {
  it('quotes separators and neutralises spreadsheet formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell(null)).toBe('');
  });
});

describe('isThirdPartyKey', () => {
  it("recognises other people's names and contacts but not the young person's own data", () => {
    expect(isThirdPartyKey('supportWorkerInitials')).toBe(true);
    expect(isThirdPartyKey('parentPhone')).toBe(true);
    expect(isThirdPartyKey('youngCarer')).toBe(false);
    expect(isThirdPartyKey('programme')).toBe(false);
  });
});
