import { describe, expect, it } from 'vitest';
import { compareRecords } from './compare.js';
import { COMPARISONS } from './criteria.js';
import { decidePair, looksLikeTwins } from './decision.js';
import { compileModel, scorePair } from './model.js';
import { priorModel } from './prior-model.js';
import { standardise, type IdentityFields } from './standardise.js';

const blank: IdentityFields = {
  givenName: null, middleNames: null, familyName: null, dateOfBirth: null, sex: null, postcode: null, addressLine: null,
  locality: null, upn: null, uln: null, otherIdentifier: null, email: null, phone: null,
};
const household = { familyName: 'Pritchard', dateOfBirth: '2010-03-04', postcode: 'CF10 1AA', addressLine: '12 Heol y Parc', locality: 'Cardiff' };
const cm = compileModel(priorModel(), COMPARISONS);
const thresholds = { link: 0, review: -6, identifierFloor: -8 };
const decide = (a: Partial<IdentityFields>, b: Partial<IdentityFields>) => {
  const [ra, rb] = [standardise({ ...blank, ...a }), standardise({ ...blank, ...b })];
  const score = scorePair(cm, ra, rb);
  return { ...decidePair(COMPARISONS, ra, rb, score, thresholds), total: score.total, twins: looksLikeTwins(COMPARISONS, compareRecords(COMPARISONS, ra, rb)) };
};

describe('the linking decision', () => {
  it('never links twins automatically: one household, different given names and sex, however heavy the rest', () => {
    const twins = decide({ ...household, givenName: 'Megan', sex: 'F' }, { ...household, givenName: 'Rhys', sex: 'M' });
    expect(twins.total).toBeGreaterThan(thresholds.link); // the score alone would link them
    expect(twins).toMatchObject({ status: 'REVIEW', held: 'LIKELY_TWINS', twins: true });
    // Same-sex twins, told apart by an identifier or contact a child has one of; loosely alike names too.
    expect(decide({ ...household, givenName: 'Rhys', sex: 'M', email: 'rhys@example.com' }, { ...household, givenName: 'Dylan', sex: 'M', email: 'dylan@example.com' })).toMatchObject({ held: 'LIKELY_TWINS' });
    expect(decide({ ...household, givenName: 'Ella', sex: 'F' }, { ...household, givenName: 'Ellis', sex: 'M' }).twins).toBe(true);
    // A different given name and nothing else to tell them apart is how a record with a replaced first name looks too.
    expect(decide({ ...household, givenName: 'Rhys' }, { ...household, givenName: 'Dylan' }).twins).toBe(false);
  });

  it('still links one child recorded twice in one household: a nickname, a typo, a missing sex', () => {
    expect(decide({ ...household, givenName: 'Dafydd', sex: 'M' }, { ...household, givenName: 'Dai', sex: 'M' })).toMatchObject({ status: 'LINKED', twins: false });
    expect(decide({ ...household, givenName: 'Megan', sex: 'F' }, { ...household, givenName: 'Megna' })).toMatchObject({ status: 'LINKED', twins: false });
  });

  it('holds a names-only match for review, and links on a shared valid identifier unless the rest contradicts it', () => {
    expect(decide({ givenName: 'Gethin', familyName: 'Pritchard' }, { givenName: 'Gethin', familyName: 'Pritchard' })).toMatchObject({ status: 'REVIEW', held: 'NAMES_ONLY' });
    expect(decide({ givenName: 'Gethin', familyName: 'Pritchard', dateOfBirth: '2010-03-04' }, { givenName: 'Zara', familyName: 'Okafor', dateOfBirth: '2008-11-20' }).status).toBeNull();
  });
});
