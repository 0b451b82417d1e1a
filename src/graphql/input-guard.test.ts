import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { firstUnstorableArgument, isStorableText, reasonWithoutValue, unstorableIn } from './input-guard.js';
import { getSchema } from './schema.js';

describe('isStorableText', () => {
  it('refuses NUL and unpaired surrogates, accepts any other Unicode', () => {
    for (const bad of ['a\u0000b', '\ud800', 'x\udc00', '\udc00\ud800']) expect(isStorableText(bad), JSON.stringify(bad)).toBe(false);
    for (const good of ['', 'Siân Ap-Rhys', 'ŵŷ', '😀', 'tab\tand\nnewline', '\u0001']) expect(isStorableText(good), good).toBe(true);
  });
});

describe('unstorableIn and firstUnstorableArgument', () => {
  it('name the first bad string by its path, in values and in literals', () => {
    expect(unstorableIn({ a: [{ b: 'ok' }, { b: 'x\u0000' }] }, 'input')).toBe('input.a[1].b');
    expect(unstorableIn({ ['k\u0000']: 1 }, 'payload')).toBe('payload');
    expect(unstorableIn({ ATTENDANCE: { 'Ffion Evans': '\u0000' } }, 'payload')).toBe('payload.ATTENDANCE.*');
    expect(unstorableIn({ a: ['ok', 3, null, true] }, 'input')).toBeNull();
  });

  it('follow the schema through variables and literals, and leave a partner\'s records to the import pipeline', async () => {
    const schema = await getSchema();
    const doc = parse('mutation ($c: [DataCategory!], $e: String!) { recordConsentEvent(input: { personId: "p", kind: GIVEN, givenBy: YOUNG_PERSON, evidenceReference: $e, categories: $c }) { id } }');
    expect(firstUnstorableArgument(schema, doc, { e: 'form 12\u0000' })).toBe('input.evidenceReference');
    expect(firstUnstorableArgument(schema, doc, { e: 'form 12' })).toBeNull();
    expect(firstUnstorableArgument(schema, parse('{ youngPerson(id: "a\\u0000") { id } }'), {})).toBe('id');
    const records = parse('mutation ($r: [PartnerRecordInput!]!) { submitRecords(input: { records: $r }) { id } }');
    expect(firstUnstorableArgument(schema, records, { r: [{ givenName: 'Ffion' }, { givenName: '\ud800', payload: { A: { b: '\u0000' } } }] })).toBeNull();
    const literal = parse('mutation { submitRecords(input: { records: [{ givenName: "a\\u0000" }] }) { id } }');
    expect(firstUnstorableArgument(schema, literal, {})).toBeNull();
  });
});

describe('reasonWithoutValue', () => {
  it("keeps graphql-js's reason and drops the value it quotes", () => {
    const cases: Array<[string, string]> = [
      ['String cannot represent a non string value: 20090314', 'expected a valid String'],
      ['Int cannot represent non 32-bit signed integer value: 1099511627776', 'expected a valid Int'],
      ['Value "ACTIV" does not exist in "AgreementStatus" enum. Did you mean the enum value "ACTIVE"?', 'expected a value of the enum "AgreementStatus"'],
      ['Expected value of type "Int!", found "Ffion Evans".', 'expected a value of type "Int!"'],
      ['Field "nickname" is not defined by type "PartnerRecordInput". Did you mean "middleNames"?', 'field "nickname" is not defined by type "PartnerRecordInput"'],
      ['Field "Ffion Evans, 14 Heol" is not defined by type "PartnerRecordInput".', 'has a field that is not defined by type "PartnerRecordInput"'],
      ['Field "givenBy" of required type "ConsentAuthority!" was not provided.', 'field "givenBy" of required type "ConsentAuthority!" was not provided'],
      ['Something new about "Ffion Evans"', 'is not a valid value of its type'],
    ];
    for (const [message, reason] of cases) expect(reasonWithoutValue(message), message).toBe(reason);
  });
});
