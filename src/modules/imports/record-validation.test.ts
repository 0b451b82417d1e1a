import { describe, expect, it } from 'vitest';
import { makeUpn } from '../identifiers/upn.js';
import { validateRecord } from './record-validation.js';

const errorsOf = (r: ReturnType<typeof validateRecord>) => (r.ok ? [] : r.errors);

describe('row validation', () => {
  it('accepts a plain record, trimming and normalising it', () => {
    const r = validateRecord({ partnerReference: ' ADM001 ', givenName: ' Siân ', familyName: 'ap  Rhys', dateOfBirth: '20090304', sex: 'female' });
    expect(r).toMatchObject({ ok: true, record: { partnerReference: 'ADM001', givenName: 'Siân', familyName: 'ap Rhys', dateOfBirth: '2009-03-04', sex: 'F' } });
  });

  it('names the field and the reason of every problem, never the value', () => {
    const r = validateRecord({ givenName: 'J0hn', dateOfBirth: '2009-02-30', sex: 'q', email: 'nope', version: 0 }, '2026-10-01');
    expect(errorsOf(r)).toEqual([
      { field: 'partnerReference', reason: 'is required' },
      { field: 'givenName', reason: 'contains digits' },
      { field: 'dateOfBirth', reason: 'is not a real date in the form YYYY-MM-DD' },
      { field: 'sex', reason: 'must be F, M or X' },
      { field: 'email', reason: 'is not an email address' },
      { field: 'version', reason: 'must be a whole number of at least 1' },
    ]);
    expect(JSON.stringify(r)).not.toContain('J0hn');
  });

  it('needs a name, refuses future dates and over-long values', () => {
    expect(errorsOf(validateRecord({ partnerReference: 'R1' }))).toEqual([{ field: 'familyName', reason: 'a record needs a given or a family name' }]);
    expect(errorsOf(validateRecord({ partnerReference: 'R1', familyName: 'Evans', dateOfBirth: '2030-01-01' }, '2026-10-01'))).toEqual([
      { field: 'dateOfBirth', reason: 'is in the future' },
    ]);
    expect(errorsOf(validateRecord({ partnerReference: 'x'.repeat(101), familyName: 'Evans' }))[0]?.field).toBe('partnerReference');
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
    expect(errorsOf(validateRecord({ partnerReference: 'R1', familyName: '\u200B\u200D' }))).toEqual([{ field: 'familyName', reason: 'a record needs a given or a family name' }]);
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
