import { describe, expect, it } from 'vitest';
import { makeUln } from '../identifiers/uln.js';
import { makeUpn } from '../identifiers/upn.js';
import { groupByStrongIdentifiers } from './strong-identifier-links.js';

describe('groupByStrongIdentifiers', () => {
  const upnA = makeUpn(681, 4001, 20, 1);
  const upnB = makeUpn(661, 4002, 21, 2);
  const ulnA = makeUln('123456789')!;

  it('links records sharing a valid UPN or ULN, transitively', () => {
    const groups = groupByStrongIdentifiers([
      { upn: upnA, uln: null }, // school
      { upn: upnA.toLowerCase(), uln: ulnA }, // college knows both
      { upn: null, uln: ` ${ulnA} ` }, // Careers Wales knows the ULN only
      { upn: upnB, uln: null }, // someone else
    ]);
    expect(groups).toEqual([0, 0, 0, 3]);
  });

  it('never links on an identifier that fails its check character, nor on missing ones', () => {
    const badUpn = `${upnA[0] === 'A' ? 'B' : 'A'}${upnA.slice(1)}`;
    const groups = groupByStrongIdentifiers([
      { upn: badUpn, uln: null },
      { upn: badUpn, uln: null },
      { upn: null, uln: null },
      { upn: null, uln: null },
    ]);
    expect(groups).toEqual([0, 1, 2, 3]);
  });
});
