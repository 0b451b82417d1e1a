import { describe, expect, it } from 'vitest';
import { COHORT_DISTRICTS } from '../cohort/places.data.js';
import { WELSH_LOCAL_AUTHORITIES } from '../organisations/organisations.data.js';
import { districtEntry, placePostcode, postcodeDistrict } from './place-postcode.js';
import { OUTSIDE_WALES, POSTCODE_DISTRICTS, WELSH_POSTCODE_AREAS } from './postcode-districts.data.js';

const LA_CODES = new Set(WELSH_LOCAL_AUTHORITIES.map((la) => la.code));

describe('the postcode-district table', () => {
  it('lists each district once, well formed, each in a Welsh LA or outside Wales, and ambiguous ones with the others named', () => {
    const districts = POSTCODE_DISTRICTS.map((d) => d.district);
    expect(new Set(districts).size).toBe(districts.length);
    for (const d of POSTCODE_DISTRICTS) {
      expect(d.district, d.district).toMatch(/^[A-Z]{1,2}[0-9][A-Z0-9]?$/);
      expect(LA_CODES.has(d.laCode) || d.laCode === OUTSIDE_WALES, d.district).toBe(true);
      for (const other of d.alsoIn ?? []) {
        expect(other === OUTSIDE_WALES || LA_CODES.has(other), `${d.district} also in ${other}`).toBe(true);
        expect(other, d.district).not.toBe(d.laCode);
      }
      if (d.alsoIn?.length) expect(d.note, `${d.district} says which places make it ambiguous`).toBeTruthy();
    }
  });

  it('covers all 22 Welsh LAs', () => {
    const covered = new Set(POSTCODE_DISTRICTS.map((d) => d.laCode));
    expect([...LA_CODES].filter((la) => !covered.has(la))).toEqual([]);
  });

  it("agrees with the synthetic cohort: every district the generator puts a young person in lies in that person's LA", () => {
    for (const [la, districts] of Object.entries(COHORT_DISTRICTS)) {
      for (const d of districts) expect([d.district, placePostcode(`${d.district} ${d.sectors[0]}AB`)]).toEqual([d.district, la]);
    }
  });
});

describe('placing a postcode', () => {
  it('reads the district whatever the spacing and case, and nothing from text that is not a UK postcode', () => {
    expect(postcodeDistrict('cf10 1aa')).toBe('CF10');
    expect(postcodeDistrict('CF101AA')).toBe('CF10');
    expect(postcodeDistrict(' ll55-1sa ')).toBe('LL55');
    expect(postcodeDistrict('SW1A 1AA')).toBe('SW1A');
    for (const bad of [null, undefined, '', 'CF10', 'Cardiff', '12345', 'CF10 1A', 'CF10 AAA']) expect(postcodeDistrict(bad), String(bad)).toBeNull();
  });

  it('places Welsh districts in their LA, the rest of the UK outside Wales, and unlisted Welsh districts nowhere', () => {
    expect(placePostcode('CF24 3AA')).toBe('cardiff');
    expect(placePostcode('LL57 2DG')).toBe('gwynedd');
    expect(placePostcode('LL65 1AA')).toBe('isle-of-anglesey');
    expect(placePostcode('SA9 1AA')).toBe('powys');
    expect(placePostcode('CH5 1AA')).toBe('flintshire');
    expect(placePostcode('SY23 1AA')).toBe('ceredigion');
    expect(placePostcode('HR3 5AA')).toBe('powys');
    // Border districts mostly in England, and any other area.
    expect(placePostcode('CH1 1AA')).toBe(OUTSIDE_WALES);
    expect(placePostcode('SY10 7AA')).toBe(OUTSIDE_WALES);
    expect(placePostcode('CH41 1AA')).toBe(OUTSIDE_WALES);
    expect(placePostcode('BS1 4DJ')).toBe(OUTSIDE_WALES);
    expect(placePostcode('EH1 1AA')).toBe(OUTSIDE_WALES);
    // A district of a wholly Welsh area the table does not list cannot be placed (not "outside Wales").
    for (const area of WELSH_POSTCODE_AREAS) expect(placePostcode(`${area}98 1AA`), area).toBeNull();
    expect(placePostcode('not a postcode')).toBeNull();
  });

  it('says when a district is shared: the LA holding most of it, and the others', () => {
    expect(districtEntry('NP16 7AA')).toMatchObject({ laCode: 'monmouthshire', alsoIn: [OUTSIDE_WALES] });
    expect(districtEntry('CF15 7AA')).toMatchObject({ laCode: 'cardiff', alsoIn: ['rhondda-cynon-taf'] });
    expect(districtEntry('CF10 1AA')?.alsoIn).toBeUndefined();
  });
});
