import { describe, expect, it } from 'vitest';
import { makeUpn } from '../identifiers/upn.js';
import { NOTHING_TO_IDENTIFY, validateRecord } from './record-validation.js';

const errorsOf = (r: ReturnType<typeof validateRecord>) => (r.ok ? [] : r.errors);

describe('row validation', () => {
  it('accepts a plain record, trimming and normalising it', () => {
    const r = validateRecord({ partnerReference: ' ADM001 ', givenName: ' Siân ', familyName: 'ap  Rhys', dateOfBirth: '20090304', sex: 'female' });
    expect(r).toMatchObject({ ok: true, record: { partnerReference: 'ADM001', givenName: 'Siân', familyName: 'ap Rhys', dateOfBirth: '2009-03-04', sex: 'F' } });
  });

  it('keeps the row when fields are bad: each is dropped or flagged with a warning naming it, never the value', () => {
    const r = validateRecord(
      { partnerReference: 'R1', givenName: 'J0hn', familyName: 'Evans', dateOfBirth: '2009-02-30', sex: 'q', email: 'nope', phone: 'call me', version: 0 },
      '2026-10-01',
    );
    expect(r).toMatchObject({
      ok: true,
      record: { givenName: 'J0hn', familyName: 'Evans', dateOfBirth: null, dateOfBirthText: '2009-02-30', sex: null, email: null, phone: null, version: null },
    });
    expect(r.ok && r.record.flaggedFields).toEqual(['givenName']);
    expect(r.ok && r.warnings).toEqual([
      { field: 'givenName', reason: 'contains digits; kept, but not used to match' },
      { field: 'dateOfBirth', reason: 'is not a real calendar date; kept as written and compared digit by digit' },
      { field: 'sex', reason: 'is not a sex code the hub knows (F, M or X); dropped' },
      { field: 'email', reason: 'is not an email address; dropped' },
      { field: 'phone', reason: 'is not a phone number; dropped' },
      { field: 'version', reason: 'is not a whole number of at least 1; ignored' },
    ]);
    expect(JSON.stringify(r.ok && r.warnings)).not.toContain('J0hn');
  });

  it('keeps an implausible date of birth flagged, not used to match: in the future, before 1900, outside the partner\'s ages', () => {
    const flagged = (dateOfBirth: string, ages = {}) => {
      const r = validateRecord({ partnerReference: 'R1', familyName: 'Evans', dateOfBirth }, '2026-10-01', ages);
      return r.ok ? { kept: r.record.dateOfBirth ?? r.record.dateOfBirthText, flagged: r.record.flaggedFields, reasons: r.warnings.map((w) => w.reason) } : null;
    };
    expect(flagged('2030-01-01')).toEqual({ kept: '2030-01-01', flagged: ['dateOfBirth'], reasons: ['is in the future; kept, but not used to match'] });
    expect(flagged('1899-12-31')).toEqual({ kept: '1899-12-31', flagged: ['dateOfBirth'], reasons: ['is before 1900; kept, but not used to match'] });
    expect(flagged('1980-05-01', { minAge: 10, maxAge: 20 })).toEqual({
      kept: '1980-05-01', flagged: ['dateOfBirth'], reasons: ["gives an age outside this partner's range (10–20); kept, but not used to match"],
    });
    expect(flagged('2010-05-01', { minAge: 10, maxAge: 20 })).toEqual({ kept: '2010-05-01', flagged: [], reasons: [] });
    // A year, or a month and year, is kept at that precision; text that is no date is kept, flagged.
    expect(flagged('2009')).toEqual({ kept: '2009', flagged: [], reasons: [] });
    expect(flagged('2009-05')).toEqual({ kept: '2009-05', flagged: [], reasons: [] });
    expect(flagged('2031')).toEqual({ kept: '2031', flagged: ['dateOfBirth'], reasons: ['is in the future; kept, but not used to match'] });
    expect(flagged('not known')).toEqual({ kept: 'not known', flagged: ['dateOfBirth'], reasons: ['is not a date; kept, but not used to match'] });
  });

  it('drops a name with no letters and an over-long value, with warnings, and lands the rest', () => {
    const r = validateRecord({ partnerReference: 'R1', givenName: '***', familyName: 'Evans', addressLine: 'x'.repeat(301) });
    expect(r).toMatchObject({ ok: true, record: { givenName: null, familyName: 'Evans', addressLine: null } });
    expect(r.ok && r.warnings).toEqual([
      { field: 'givenName', reason: 'has no letters; dropped' },
      { field: 'addressLine', reason: 'is longer than 300 characters; dropped' },
    ]);
  });

  it('rejects a row only without a reference, or when nothing usable to identify anyone is left', () => {
    expect(errorsOf(validateRecord({ partnerReference: 'R1' }))).toEqual([{ field: 'identity', reason: NOTHING_TO_IDENTIFY }]);
    expect(errorsOf(validateRecord({ partnerReference: 'R1', givenName: '123', dateOfBirth: '2099-01-01', upn: 'A123', email: 'a@b.cymru' }, '2026-10-01'))).toEqual([
      { field: 'identity', reason: NOTHING_TO_IDENTIFY },
    ]);
    expect(errorsOf(validateRecord({ givenName: 'Cerys' }))).toEqual([{ field: 'partnerReference', reason: 'is required' }]);
    expect(errorsOf(validateRecord({ partnerReference: 'x'.repeat(101), familyName: 'Evans' }))[0]?.field).toBe('partnerReference');
    // Any one usable thing is enough: a date of birth, a valid identifier, a name.
    expect(validateRecord({ partnerReference: 'R1', dateOfBirth: '2009-03-04' }, '2026-10-01').ok).toBe(true);
    expect(validateRecord({ partnerReference: 'R1', upn: makeUpn(681, 4001, 20, 1) }).ok).toBe(true);
    expect(validateRecord({ partnerReference: 'R1', familyName: 'Evans' }).ok).toBe(true);
  });

  it('keeps a malformed UPN or a non-UK postcode with a warning: they are never used to link', () => {
    const upn = makeUpn(681, 4001, 20, 1);
    const bad = `${upn[0] === 'A' ? 'B' : 'A'}${upn.slice(1)}`;
    const r = validateRecord({ partnerReference: 'R1', familyName: 'Evans', upn: bad, postcode: '4223' });
    expect(r.ok).toBe(true);
    expect(r.ok && r.warnings.map((w) => w.field)).toEqual(['postcode', 'upn']);
  });

  it('strips NUL, controls, bidi and zero-width characters from identity fields with a warning, and lands the row', () => {
    const r = validateRecord({ partnerReference: 'R\u00001', givenName: 'Ga\u200Breth', familyName: 'Evans\u202E', dateOfBirth: '2009-03-04\u0000', postcode: 'CF10\u2066 1AA' }, '2026-10-01');
    expect(r).toMatchObject({ ok: true, record: { partnerReference: 'R1', givenName: 'Gareth', familyName: 'Evans', dateOfBirth: '2009-03-04', postcode: 'CF10 1AA' } });
    expect(r.ok && r.warnings).toEqual([
      { field: 'partnerReference', reason: 'had control characters removed' },
      { field: 'givenName', reason: 'had invisible or bidirectional formatting characters removed' },
      { field: 'familyName', reason: 'had invisible or bidirectional formatting characters removed' },
      { field: 'dateOfBirth', reason: 'had control characters removed' },
      { field: 'postcode', reason: 'had invisible or bidirectional formatting characters removed' },
    ]);
    // Without them, no warning.
    const clean = validateRecord({ partnerReference: 'R1', givenName: 'Gareth', familyName: 'Evans', postcode: 'CF10 1AA' });
    expect(clean.ok && clean.warnings).toEqual([]);
  });

  it('a name that is nothing but invisible characters is no name', () => {
    expect(errorsOf(validateRecord({ partnerReference: 'R1', familyName: '\u200B\u200D' }))).toEqual([{ field: 'identity', reason: NOTHING_TO_IDENTIFY }]);
  });

  it('flags (and keeps) a name mixing Latin with Cyrillic or Greek look-alikes; a name in one script is not flagged', () => {
    const mixed = validateRecord({ partnerReference: 'R1', givenName: 'M\u0430ry', familyName: 'J\u03BFnes' });
    expect(mixed).toMatchObject({ ok: true, record: { givenName: 'M\u0430ry', familyName: 'J\u03BFnes' } });
    expect(mixed.ok && mixed.warnings).toEqual([
      { field: 'givenName', reason: 'mixes Latin and Cyrillic letters, which look alike; kept, but not used to match' },
      { field: 'familyName', reason: 'mixes Latin and Greek letters, which look alike; kept, but not used to match' },
    ]);
    const cyrillic = validateRecord({ partnerReference: 'R2', givenName: 'Олена', familyName: 'Шевченко' });
    expect(cyrillic.ok && cyrillic.warnings).toEqual([]);
    const welsh = validateRecord({ partnerReference: 'R3', givenName: 'Siân', familyName: 'Ŵyn' });
    expect(welsh.ok && welsh.warnings).toEqual([]);
  });

  it('never rejects a row for its payload: bad fields are dropped with warnings and the rest lands', () => {
    const r = validateRecord(
      { partnerReference: 'R1', familyName: 'Evans', payload: { IDENTITY: { givenName: 'x' }, TIER_STATUS: { tier: 3, assessedOn: '9999-12-31' } } },
      '2026-10-01',
    );
    expect(r).toMatchObject({ ok: true, record: { payload: { TIER_STATUS: { tier: 3 } } } });
    expect(r.ok && r.warnings).toEqual([
      { field: 'payload.IDENTITY', reason: 'is not a data category for payloads (identity and contact are fields); dropped' },
      { field: 'payload.TIER_STATUS.assessedOn', reason: 'is after today; dropped' },
    ]);
  });
});
