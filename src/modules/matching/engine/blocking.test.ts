import { describe, expect, it } from 'vitest';
import { BLOCKING_RULES, blockingKeys, candidatePairs, packPair, pairCompleteness } from './blocking.js';
import { standardise, type IdentityFields } from './standardise.js';

const blank: IdentityFields = {
  givenName: null, middleNames: null, familyName: null, dateOfBirth: null, sex: null, postcode: null, addressLine: null,
  locality: null, upn: null, uln: null, otherIdentifier: null, email: null, phone: null,
};
const rec = (r: Partial<IdentityFields>) => standardise({ ...blank, ...r });

describe('blocking', () => {
  it('puts a swapped date of birth, a nickname and an anglicised ap name into shared blocks', () => {
    const share = (a: Partial<IdentityFields>, b: Partial<IdentityFields>): boolean => {
      const kb = new Set(blockingKeys(rec(b)));
      return blockingKeys(rec(a)).some((k) => kb.has(k));
    };
    expect(share({ givenName: 'Siân', familyName: 'Ap-Rhys', dateOfBirth: '2009-03-04' }, { givenName: 'Sian', familyName: 'Price', dateOfBirth: '2009-04-03' })).toBe(true);
    expect(share({ givenName: 'Dafydd', familyName: 'Evans', dateOfBirth: '2008-11-02' }, { givenName: 'Dai', familyName: 'Jenkins', dateOfBirth: '2008-11-02' })).toBe(true);
    expect(share({ givenName: 'Ffion', familyName: 'Evans', dateOfBirth: '2008-11-02' }, { givenName: 'Osian', familyName: 'Pugh', dateOfBirth: '2001-01-09' })).toBe(false);
  });

  it('unions several rules and measures pair completeness against known pairs', () => {
    expect(BLOCKING_RULES.length).toBeGreaterThanOrEqual(5);
    const records = [
      rec({ givenName: 'Cerys', familyName: 'Hughes', dateOfBirth: '2010-05-06', postcode: 'CF10 1AA' }),
      rec({ givenName: 'Cerys', familyName: 'Huws', dateOfBirth: '2010-06-05', postcode: 'CF10 1AA' }),
      rec({ givenName: 'Tomos', familyName: 'Lloyd', dateOfBirth: '2007-01-02', postcode: 'LL55 4UR' }),
      rec({ givenName: 'Twm', familyName: 'Lloyd', dateOfBirth: null, postcode: 'LL55 4UR' }),
    ];
    const { pairs } = candidatePairs(records);
    const truth = new Set([packPair(0, 1), packPair(2, 3)]);
    expect(pairCompleteness(truth, pairs)).toEqual({ completeness: 1, truePairs: 2, found: 2 });
    expect(pairs.has(packPair(0, 2))).toBe(false);
  });

  it('skips blocks larger than the limit', () => {
    const many = Array.from({ length: 5 }, () => rec({ givenName: 'Jac', familyName: 'Jones', dateOfBirth: '2009-01-01' }));
    expect(candidatePairs(many, { maxBlock: 3 }).pairs.size).toBe(0);
    expect(candidatePairs(many, { maxBlock: 10 }).pairs.size).toBe(10);
  });
});
