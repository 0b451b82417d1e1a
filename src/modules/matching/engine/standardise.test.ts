import { describe, expect, it } from 'vitest';
import { makeUln } from '../../identifiers/uln.js';
import { makeUpn } from '../../identifiers/upn.js';
import { compareOne } from './compare.js';
import { COMPARISONS, levelName } from './criteria.js';
import {
  daysBetween,
  givenNameGroups,
  normaliseText,
  standardise,
  standardiseAddress,
  standardiseDate,
  standardiseFamilyName,
  standardiseGivenName,
  standardisePhone,
  standardisePostcode,
  standardiseSex,
  swapDayAndMonth,
  type IdentityFields,
} from './standardise.js';

const blank: IdentityFields = {
  givenName: null, middleNames: null, familyName: null, dateOfBirth: null, sex: null, postcode: null, addressLine: null,
  locality: null, upn: null, uln: null, otherIdentifier: null, email: null, phone: null,
};
const spec = (key: string) => COMPARISONS.find((c) => c.key === key)!;
const level = (key: string, a: Partial<IdentityFields>, b: Partial<IdentityFields>): string =>
  levelName(spec(key), compareOne(spec(key), standardise({ ...blank, ...a }), standardise({ ...blank, ...b })));

describe('standardisation', () => {
  it('folds case, whitespace and Welsh diacritics (ŵ, ŷ, â, ô) and drops apostrophes', () => {
    expect(normaliseText('  Siân  ')).toBe('sian');
    expect(normaliseText('LLŶR')).toBe('llyr');
    expect(normaliseText('Gwŵr')).toBe('gwwr');
    expect(normaliseText('Siôn')).toBe('sion');
    expect(normaliseText("O'Brien")).toBe('obrien');
    expect(normaliseText('  ')).toBeNull();
    expect(level('givenName', { givenName: 'Siân' }, { givenName: 'SIAN ' })).toBe('exact');
  });

  it('knows Welsh and English forms and nicknames from the name table', () => {
    expect(givenNameGroups('dai')).toEqual(givenNameGroups('dafydd'));
    expect(level('givenName', { givenName: 'Dafydd' }, { givenName: 'Dai' })).toBe('variant');
    expect(level('givenName', { givenName: 'Gwilym' }, { givenName: 'William' })).toBe('variant');
    expect(level('givenName', { givenName: 'Siân' }, { givenName: 'Jane' })).toBe('variant');
    expect(level('givenName', { givenName: 'Ffion' }, { givenName: 'Osian' })).toBe('different');
  });

  it('splits the first given name from the rest', () => {
    expect(standardiseGivenName('Mary-Jane')).toEqual({ given: 'mary', rest: 'jane' });
  });

  it('treats ap/ab particles in every spelling alike and links them to anglicised forms', () => {
    for (const spelling of ['ap Rhys', 'Ap-Rhys', 'AP RHYS', 'aprhys']) expect(standardiseFamilyName(spelling).family).toBe('aprhys');
    expect(standardiseFamilyName('ap Rhys').keys).toEqual(expect.arrayContaining(['rhys', 'price', 'prys']));
    expect(level('familyName', { familyName: 'Ap-Rhys' }, { familyName: 'Price' })).toBe('other form');
    expect(level('familyName', { familyName: 'ab Owen' }, { familyName: 'Bowen' })).toBe('other form');
  });

  it('matches one part of a hyphenated surname', () => {
    expect(standardiseFamilyName('Jones-Williams').keys).toEqual(['jones', 'williams']);
    expect(level('familyName', { familyName: 'Jones-Williams' }, { familyName: 'Williams' })).toBe('other form');
    expect(level('familyName', { familyName: 'Jones Williams' }, { familyName: 'Jones-Williams' })).toBe('exact');
  });

  it('normalises UK postcodes, with sector and district levels', () => {
    expect(standardisePostcode('cf101aa')).toEqual({ postcode: 'CF10 1AA', outward: 'CF10', sector: 'CF10 1' });
    expect(standardisePostcode(' LL55  4UR ').postcode).toBe('LL55 4UR');
    expect(standardisePostcode('CF10 OAA').postcode).toBe('CF10 0AA');
    expect(standardisePostcode('4223')).toEqual({ postcode: '4223', outward: null, sector: null });
    expect(level('postcode', { postcode: 'CF10 1AA' }, { postcode: 'cf10 1ab' })).toBe('sector');
    expect(level('postcode', { postcode: 'CF10 1AA' }, { postcode: 'CF10 3XY' })).toBe('district');
  });

  it('recognises a date of birth with day and month swapped, and near dates', () => {
    expect(standardiseDate('2009-03-14')).toBe('20090314');
    expect(swapDayAndMonth('20090304')).toBe('20090403');
    expect(daysBetween('20091231', '20100101')).toBe(1);
    expect(daysBetween('20090230', '20090301')).toBeNull();
    expect(level('dateOfBirth', { dateOfBirth: '2009-03-04' }, { dateOfBirth: '2009-04-03' })).toBe('day/month swapped');
    expect(level('dateOfBirth', { dateOfBirth: '2009-03-04' }, { dateOfBirth: '2009-03-05' })).toBe('one digit or day');
    expect(level('dateOfBirth', { dateOfBirth: '2009-03-04' }, { dateOfBirth: '2010-03-04' })).toBe('same day and month');
    expect(level('dateOfBirth', { dateOfBirth: '2009-03-04' }, { dateOfBirth: '2009-01-01' })).toBe('same year');
    expect(level('dateOfBirth', { dateOfBirth: '2009-03-04' }, { dateOfBirth: null })).toBe('missing');
  });

  it('keeps only strong identifiers whose check character is right', () => {
    const upn = makeUpn(681, 4001, 20, 1);
    const uln = makeUln('123456789')!;
    const bad = `${upn[0] === 'A' ? 'B' : 'A'}${upn.slice(1)}`;
    expect(standardise({ ...blank, upn: ` ${upn.toLowerCase()} `, uln }).upn).toBe(upn);
    expect(standardise({ ...blank, upn: bad }).upn).toBeNull();
    const badUln = `${uln.slice(0, 9)}${(Number(uln[9]) + 1) % 10}`;
    expect(standardise({ ...blank, uln: badUln }).uln).toBeNull();
  });

  it('normalises sex, phone numbers and address lines', () => {
    expect(standardiseSex('female')).toBe('F');
    expect(standardiseSex('?')).toBeNull();
    expect(standardisePhone('+44 7700 900123')).toBe('07700900123');
    expect(standardiseAddress('12 Heol y Parc Rd')).toEqual({ number: '12', text: 'heol y parc road' });
  });

  it('does not use a name that mixes look-alike scripts as evidence: it counts as missing, not as a match', () => {
    const spoof = standardise({ ...blank, givenName: 'M\u0430ry', middleNames: 'J\u03BFy', familyName: 'Ev\u0430ns' });
    expect(spoof).toMatchObject({ g: null, gk: [], gp: null, mn: null, f: null, fk: [], fp: null });
    expect(level('givenName', { givenName: 'M\u0430ry' }, { givenName: 'Mary' })).toBe('missing');
    expect(level('familyName', { familyName: 'Ev\u0430ns' }, { familyName: 'Evans' })).toBe('missing');
    // The same names in one script are evidence as usual.
    expect(level('givenName', { givenName: 'Mary' }, { givenName: 'Mary' })).toBe('exact');
    expect(level('familyName', { familyName: 'Evans' }, { familyName: 'Evans' })).toBe('exact');
  });
});

describe('dates at the precision given, and fields flagged at ingest', () => {
  it('keeps a year or a month of birth at its precision, and compares it only on the year', () => {
    expect(standardiseDate('2009')).toBe('2009');
    expect(standardiseDate('2009-03')).toBe('200903');
    expect(standardiseDate('2009-03-04')).toBe('20090304');
    const dob = (a: string, b: string) => level('dateOfBirth', { familyName: 'Evans', dateOfBirth: a }, { familyName: 'Evans', dateOfBirth: b });
    expect(dob('2009', '2009')).toBe('same year');
    expect(dob('2009', '2009-03-04')).toBe('same year');
    expect(dob('2009-03', '2009-03')).toBe('same year');
    expect(dob('2009-03-04', '2009-04-03')).toBe('day/month swapped');
    expect(dob('2009-03-04', '2009-03-04')).toBe('exact');
  });

  it('treats a field flagged at ingest as missing', () => {
    const r = standardise({ ...blank, givenName: 'J0hn', familyName: 'Evans', dateOfBirth: '2030-01-01', flaggedFields: ['givenName', 'dateOfBirth'] });
    expect(r).toMatchObject({ g: null, f: 'evans', d: null });
  });
});
