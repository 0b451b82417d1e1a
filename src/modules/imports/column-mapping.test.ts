import { describe, expect, it } from 'vitest';
import { compileMapping, toIsoDate } from './column-mapping.js';

describe('column mapping', () => {
  const header = ['Learner Ref', 'Forename', 'Surname', 'DOB', 'House', 'Street'];

  it("turns a partner's columns into hub fields, joining columns and reading its date layout", () => {
    const m = compileMapping(
      { partnerReference: 'Learner Ref', givenName: 'Forename', familyName: 'Surname', dateOfBirth: { columns: 'DOB', format: 'DD/MM/YYYY' }, addressLine: ['House', 'Street'] },
      header,
    );
    expect(m.toSubmission({ 'Learner Ref': 'C1', Forename: 'Siân', Surname: 'ap Rhys', DOB: '04/03/2009', House: '12', Street: 'Heol y Parc' })).toEqual({
      partnerReference: 'C1', givenName: 'Siân', familyName: 'ap Rhys', dateOfBirth: '2009-03-04', addressLine: '12 Heol y Parc',
    });
  });

  it('names every problem in the mapping at once', () => {
    expect(() => compileMapping({ givenName: 'First', shoeSize: 'x', dateOfBirth: { columns: 'DOB', format: 'MM/DD' } }, header)).toThrow(
      /shoeSize.*\n.*givenName: the file has no column "First"|givenName: the file has no column "First"/s,
    );
    expect(() => compileMapping({ givenName: 'Forename' }, header)).toThrow(/partnerReference must be mapped/);
  });

  it('leaves a date that does not fit its layout for validation to name', () => {
    expect(toIsoDate('2009-03-04', 'YYYY-MM-DD')).toBe('2009-03-04');
    expect(toIsoDate('4/3/09', 'DD/MM/YYYY')).toBe('4/3/09');
  });
});
