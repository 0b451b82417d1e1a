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

  it('reads split date columns, year-only and two-digit years with the mapping\'s pivot; passes on a date that does not fit', () => {
    const cols = ['Ref', 'Name', 'Y', 'M', 'D', 'Born'];
    const split = compileMapping({ partnerReference: 'Ref', familyName: 'Name', dateOfBirth: { columns: ['Y', 'M', 'D'], format: 'YYYY M D' } }, cols);
    expect(split.toSubmission({ Ref: '1', Name: 'Evans', Y: '1948', M: '5', D: '18' }).dateOfBirth).toBe('1948-05-18');
    expect(split.toSubmission({ Ref: '1', Name: 'Evans', Y: '1948', M: '5', D: '' }).dateOfBirth).toBe('1948-05');
    const yearOnly = compileMapping({ partnerReference: 'Ref', dateOfBirth: { columns: 'Born', format: 'YYYY' } }, cols);
    expect(yearOnly.toSubmission({ Ref: '1', Born: '2009' }).dateOfBirth).toBe('2009');
    const pivot = compileMapping({ partnerReference: 'Ref', dateOfBirth: { columns: 'Born', format: 'MM/DD/YY', pivot: 10 } }, cols);
    expect(pivot.toSubmission({ Ref: '1', Born: '3/4/09' }).dateOfBirth).toBe('2009-03-04');
    expect(pivot.toSubmission({ Ref: '1', Born: '3/4/11' }).dateOfBirth).toBe('1911-03-04');
    expect(pivot.toSubmission({ Ref: '1', Born: 'about 2009' }).dateOfBirth).toBe('about 2009');
    expect(() => compileMapping({ partnerReference: 'Ref', dateOfBirth: { columns: ['Y', 'M'], format: 'YYYY M D' } }, cols)).toThrow(/2 columns but the format has 3 parts/);
    expect(() => compileMapping({ partnerReference: 'Ref', familyName: { columns: 'Name', format: 'YYYY' } }, cols)).toThrow(/only dateOfBirth takes a format/);
  });

  it('leaves a date that does not fit its layout for validation to name', () => {
    expect(toIsoDate('2009-03-04', 'YYYY-MM-DD')).toBe('2009-03-04');
    expect(toIsoDate('4/3/09', 'DD/MM/YYYY')).toBe('4/3/09');
  });
});
