import { describe, expect, it } from 'vitest';
import { CREATED_PER_ROW, NO_MOVES, personChanges, type RecordMove } from './person-changes.js';

const SCHOOL = 'org-school';
const COLLEGE = 'org-college';
const move = (recordId: string, from: string | null, to: string, providerId = SCHOOL): RecordMove => ({ recordId, providerId, from, to });

describe('personChanges', () => {
  it('writes nothing when no record changed person', () => {
    expect(personChanges(NO_MOVES, { importId: 'i1' })).toEqual([]);
    expect(personChanges({ moves: [move('r1', 'p1', 'p1')], created: new Set(), emptied: new Set() }, {})).toEqual([]);
  });

  it('records records put into an existing person as person.linked about that person, with ids only', () => {
    const changes = personChanges({ moves: [move('r3', null, 'p-old'), move('r1', null, 'p-old', COLLEGE)], created: new Set(), emptied: new Set() }, { importId: 'i1' });
    expect(changes).toEqual([
      {
        personId: 'p-old',
        event: 'person.linked',
        providerIds: [COLLEGE, SCHOOL],
        change: { importId: 'i1', sourceRecordIds: ['r1', 'r3'], fromPersonIds: [], created: false },
      },
    ]);
  });

  it('lists new persons made of records no person held in person.created rows, at most CREATED_PER_ROW persons each', () => {
    const one = personChanges({ moves: [move('r2', null, 'p-new'), move('r1', null, 'p-new', COLLEGE)], created: new Set(['p-new']), emptied: new Set() }, { importId: 'i1' });
    expect(one).toEqual([
      { personId: null, event: 'person.created', providerIds: [COLLEGE, SCHOOL], change: { importId: 'i1', personRecordIds: [['p-new', 'r1', 'r2']] } },
    ]);

    const n = CREATED_PER_ROW + 1;
    const ids = Array.from({ length: n }, (_, i) => `p${String(i).padStart(5, '0')}`);
    const many = personChanges({ moves: ids.map((p, i) => move(`r${i}`, null, p)), created: new Set(ids), emptied: new Set() }, {});
    expect(many.map((c) => [c.event, (c.change['personRecordIds'] as unknown[]).length])).toEqual([
      ['person.created', CREATED_PER_ROW],
      ['person.created', 1],
    ]);
  });

  it('records a merge on both persons: person.merged on the survivor, person.unlinked (emptied) on the one merged away', () => {
    const changes = personChanges(
      { moves: [move('r5', 'p-gone', 'p-keep'), move('r6', 'p-gone', 'p-keep'), move('r7', null, 'p-keep')], created: new Set(), emptied: new Set(['p-gone']) },
      {},
    );
    expect(changes).toEqual([
      { personId: 'p-gone', event: 'person.unlinked', providerIds: [SCHOOL], change: { sourceRecordIds: ['r5', 'r6'], toPersonIds: ['p-keep'], emptied: true } },
      {
        personId: 'p-keep',
        event: 'person.merged',
        providerIds: [SCHOOL],
        change: { sourceRecordIds: ['r5', 'r6', 'r7'], fromPersonIds: ['p-gone'], mergedPersonIds: ['p-gone'], created: false },
      },
    ]);
  });

  it('gives a new person taking records from another its own row, and one row to a person that both gained and lost records', () => {
    const changes = personChanges(
      { moves: [move('r8', 'p-a', 'p-b'), move('r9', 'p-b', 'p-c')], created: new Set(['p-c']), emptied: new Set() },
      {},
    );
    expect(changes.map((c) => [c.personId, c.event])).toEqual([
      ['p-a', 'person.unlinked'],
      ['p-b', 'person.linked'],
      ['p-c', 'person.linked'],
    ]);
    expect(changes[0]!.change).toEqual({ sourceRecordIds: ['r8'], toPersonIds: ['p-b'], emptied: false });
    expect(changes[1]!.change).toEqual({ sourceRecordIds: ['r8'], fromPersonIds: ['p-a'], created: false, leftRecordIds: ['r9'], toPersonIds: ['p-c'] });
    expect(changes[2]!.change).toEqual({ sourceRecordIds: ['r9'], fromPersonIds: ['p-b'], created: true });
  });
});
