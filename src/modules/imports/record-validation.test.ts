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
    const r = validateRecord({ givenName: 'J0hn', dateOfBirth: '2009-02-30', sex: 'q', email: 'nope', version: 0, payload: { IDENTITY: {} } }, '2026-10-01');
    expect(errorsOf(r)).toEqual([
      { field: 'partnerReference', reason: 'is required' },
      { field: 'givenName', reason: 'contains digits' },
      { field: 'dateOfBirth', reason: 'is not a real date in the form YYYY-MM-DD' },
      { field: 'sex', reason: 'must be F, M or X' },
      { field: 'email', reason: 'is not an email address' },
      { field: 'version', reason: 'must be a whole number of at least 1' },
      { field: 'payload.IDENTITY', reason: 'is not a data category for payloads (identity and contact are fields)' },
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
});
