import { describe, expect, it } from 'vitest';
import {
  anglicisePatronymic,
  changedFamilyName,
  doubleLetter,
  dropDiacritics,
  effectiveRate,
  formatPhone,
  hasDiacritics,
  keyboardSlip,
  messCaseWhitespace,
  messyPostcode,
  mistypeDigit,
  nameVariant,
  NOISE_RATES,
  noisyIdentity,
  omitLetter,
  partialDateOfBirth,
  shiftIsoDate,
  shiftIsoYear,
  SOURCE_NOISE,
  swapDayMonth,
  transposeAdjacent,
  type IdentityTruth,
  type NoiseAlternatives,
  type NoiseKind,
} from './noise.js';
import { isValidUpn } from '../identifiers/upn.js';
import { Prng } from './prng.js';

describe('diacritics', () => {
  it('detects and drops Welsh and other accents', () => {
    expect(hasDiacritics('Siân')).toBe(true);
    expect(hasDiacritics('Sian')).toBe(false);
    expect(dropDiacritics('Siân')).toBe('Sian');
    expect(dropDiacritics('Llŷr')).toBe('Llyr');
    expect(dropDiacritics('Siôn ap Rhys')).toBe('Sion ap Rhys');
    expect(dropDiacritics('Heol y Dŵr')).toBe('Heol y Dwr');
    expect(dropDiacritics('Zoë Wójcik')).toBe('Zoe Wojcik');
    expect(dropDiacritics('Jones')).toBe('Jones');
  });
});

describe('typing slips', () => {
  it('replaces a letter with a neighbouring key, keeping its case', () => {
    expect(keyboardSlip('Jones', 1, 0)).toBe('Jines');
    expect(keyboardSlip('Jones', 0, 0)).toBe('Hones');
  });

  it('skips to the next plain letter when the index is not one', () => {
    expect(keyboardSlip('Hughes-Parry', 6, 0)).toBe('Hughes-Oarry');
    expect(keyboardSlip('Siân', 2, 0)).toBe('Siâb');
    expect(keyboardSlip('-', 0, 0)).toBe('-');
  });

  it('omits, doubles and transposes letters', () => {
    expect(omitLetter('Phillips', 3)).toBe('Philips');
    expect(omitLetter('Al', 1)).toBe('Al');
    expect(doubleLetter('Gwenlian', 4)).toBe('Gwenllian');
    expect(transposeAdjacent('Rhys', 1)).toBe('Ryhs');
    expect(transposeAdjacent('Rhys', 3)).toBe('Rhys');
  });
});

describe('name variants', () => {
  it('gives nicknames and other-language forms', () => {
    expect(nameVariant('Dafydd', 0)).toBe('Dai');
    expect(nameVariant('Dafydd', 2)).toBe('David');
    expect(nameVariant('Gwenllian', 0)).toBe('Gwen');
    expect(nameVariant('Siân', 1)).toBe('Shan');
    expect(nameVariant('Huw', 5)).toBe('Hugh');
  });

  it('returns null for names without variants', () => {
    expect(nameVariant('Xanthe', 0)).toBeNull();
  });
});

describe('family name changes', () => {
  it('anglicises ap/ab forms', () => {
    expect(anglicisePatronymic('ap Rhys', 0)).toBe('Price');
    expect(anglicisePatronymic('ab Owen', 0)).toBe('Bowen');
    expect(anglicisePatronymic('ap Hywel', 0)).toBe('Powell');
    expect(anglicisePatronymic('Jones', 0)).toBeNull();
  });

  it('drops one part of a hyphenated name or turns the hyphen into a space', () => {
    expect(changedFamilyName('Hughes-Parry', 0, 'Smith')).toBe('Hughes');
    expect(changedFamilyName('Hughes-Parry', 1, 'Smith')).toBe('Parry');
    expect(changedFamilyName('Hughes-Parry', 2, 'Smith')).toBe('Hughes Parry');
  });

  it('treats Ap-Rhys as a patronymic, not as a double-barrelled name', () => {
    expect(changedFamilyName('Ap-Rhys', 0, 'Smith')).toBe('Price');
  });

  it("otherwise uses or adds the other parent's surname", () => {
    expect(changedFamilyName('Jones', 0, 'Morgan')).toBe('Jones-Morgan');
    expect(changedFamilyName('Jones', 1, 'Morgan')).toBe('Morgan');
  });
});

describe('case and whitespace', () => {
  it('produces the four careless forms', () => {
    expect(messCaseWhitespace('Hughes Parry', 0)).toBe('HUGHES PARRY');
    expect(messCaseWhitespace('Hughes Parry', 1)).toBe('hughes parry');
    expect(messCaseWhitespace('Hughes Parry', 2)).toBe(' Hughes  Parry ');
    expect(messCaseWhitespace('Jones', 3)).toBe('JONES ');
  });
});

describe('dates of birth', () => {
  it('swaps day and month only when the result is a different real date', () => {
    expect(swapDayMonth('2010-03-07')).toBe('2010-07-03');
    expect(swapDayMonth('2010-03-13')).toBeNull();
    expect(swapDayMonth('2010-05-05')).toBeNull();
  });

  it('shifts by days and years, keeping 29 February real', () => {
    expect(shiftIsoDate('2010-03-01', -1)).toBe('2010-02-28');
    expect(shiftIsoDate('2010-12-31', 1)).toBe('2011-01-01');
    expect(shiftIsoYear('2008-02-29', 1)).toBe('2009-02-28');
    expect(shiftIsoYear('2008-02-29', 4)).toBe('2012-02-29');
    expect(shiftIsoYear('2010-07-04', -1)).toBe('2009-07-04');
  });

  it('keeps only the year for a partial date', () => {
    expect(partialDateOfBirth('2010-07-04')).toBe('2010-01-01');
  });
});

describe('postcodes, identifiers and phones', () => {
  it('writes postcodes carelessly', () => {
    expect(messyPostcode('CF24 3AB', 0)).toBe('CF243AB');
    expect(messyPostcode('CF24 3AB', 1)).toBe('cf24 3ab');
    expect(messyPostcode('CF24 3AB', 2)).toBe('CF24  3AB');
    expect(messyPostcode('CF24 3AB', 3)).toBe('cf243ab');
  });

  it('mistypes a digit into a different digit and so breaks the check letter', () => {
    expect(mistypeDigit('U681406126001', 12, 0)).toBe('U681406126002');
    expect(mistypeDigit('U681406126001', 0, 0)).toBe('U781406126001');
    for (let choice = 0; choice < 9; choice++) {
      const typed = mistypeDigit('U681406126001', 5, choice);
      expect(typed).not.toBe('U681406126001');
      expect(isValidUpn(typed)).toBe(false);
    }
  });

  it('lays out mobile numbers in four ways', () => {
    expect(formatPhone('07700900123', 0)).toBe('07700 900123');
    expect(formatPhone('07700900123', 1)).toBe('07700900123');
    expect(formatPhone('07700900123', 2)).toBe('+44 7700 900123');
    expect(formatPhone('07700900123', 3)).toBe('+447700900123');
  });
});

describe('rates', () => {
  it('scales base rates by the source noise level, with per-source overrides', () => {
    expect(effectiveRate('typo', 'CAREERS_WALES')).toBeCloseTo(NOISE_RATES.typo);
    expect(effectiveRate('typo', 'SCHOOL')).toBeCloseTo(NOISE_RATES.typo * SOURCE_NOISE.SCHOOL.level);
    expect(effectiveRate('nameVariant', 'VOLUNTARY')).toBe(0.3);
    expect(effectiveRate('diacriticsDropped', 'VOLUNTARY')).toBeCloseTo(0.6);
  });
});

const TRUTH: IdentityTruth = {
  givenName: 'Siân',
  middleNames: 'Haf',
  familyName: 'ap Rhys',
  dateOfBirth: '2010-03-07',
  sex: 'F',
  address: { addressLine: '3 Stryd Fawr', locality: 'Bangor', postcode: 'LL57 1AB' },
  upn: 'U681406126001',
  uln: '1234567899',
  phone: '07700900123',
  email: 'sian.aprhys1@example.com',
};

const ALTERNATIVES: NoiseAlternatives = {
  movedAddress: () => ({ addressLine: '9 Lôn Las', locality: 'Caernarfon', postcode: 'LL55 2XY' }),
  otherPhone: () => '07999999999',
  otherSurname: () => 'Jones',
};

function allRates(value: number): Record<NoiseKind, number> {
  return Object.fromEntries(Object.keys(NOISE_RATES).map((kind) => [kind, value])) as Record<NoiseKind, number>;
}

describe('noisyIdentity', () => {
  it('leaves names, date of birth and address untouched when every rate is 0', () => {
    const rng = new Prng('clean');
    for (let i = 0; i < 500; i++) {
      const copy = noisyIdentity(TRUTH, 'FE_COLLEGE', rng, ALTERNATIVES, allRates(0));
      expect(copy.givenName).toBe('Siân');
      expect(copy.familyName).toBe('ap Rhys');
      if (copy.dateOfBirth !== null) expect(copy.dateOfBirth).toBe('2010-03-07');
      if (copy.postcode !== null) expect(copy.postcode).toBe('LL57 1AB');
      if (copy.uln !== null) expect(copy.uln).toBe('1234567899');
    }
  });

  it('applies forced noise', () => {
    const rng = new Prng('forced');
    const copy = noisyIdentity(TRUTH, 'SCHOOL', rng, ALTERNATIVES, {
      ...allRates(0),
      diacriticsDropped: 1,
      postcodeMoved: 1,
      familyNameChanged: 1,
      dayMonthSwap: 1,
    });
    expect(copy.givenName).toBe('Sian');
    expect(['Price', 'Prys', 'Rees', 'Preece']).toContain(copy.familyName);
    expect(copy.locality).toBe('Caernarfon');
    if (copy.postcode !== null) expect(copy.postcode).toBe('LL55 2XY');
    if (copy.dateOfBirth !== null) expect(copy.dateOfBirth).toBe('2010-07-03');
  });

  it('records no identifiers at a voluntary body and only the year of birth now and then', () => {
    const rng = new Prng('voluntary');
    let partial = 0;
    for (let i = 0; i < 2000; i++) {
      const copy = noisyIdentity(TRUTH, 'VOLUNTARY', rng, ALTERNATIVES);
      expect(copy.upn).toBeNull();
      expect(copy.uln).toBeNull();
      if (copy.dateOfBirth === '2010-01-01') partial++;
    }
    // 65% have a date of birth, 20% of those only the year.
    expect(partial / 2000).toBeGreaterThan(0.09);
    expect(partial / 2000).toBeLessThan(0.17);
  });

  it('drops diacritics at about the configured rate', () => {
    const rng = new Prng('accents');
    let dropped = 0;
    const n = 5000;
    for (let i = 0; i < n; i++) {
      const copy = noisyIdentity({ ...TRUTH, givenName: 'Llŷr' }, 'CAREERS_WALES', rng, ALTERNATIVES, { nameVariant: 0, typo: 0 });
      if (copy.givenName === 'Llyr' || copy.familyName === 'Llyr') dropped++;
    }
    expect(dropped / n).toBeGreaterThan(NOISE_RATES.diacriticsDropped - 0.03);
    expect(dropped / n).toBeLessThan(NOISE_RATES.diacriticsDropped + 0.03);
  });
});
