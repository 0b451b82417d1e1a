import { describe, expect, it } from 'vitest';
import { NO_MOVES, personChanges, type RecordMove } from './person-changes.js';

const SCHOOL = 'org-school';
const COLLEGE = 'org-college';
const move = (recordId: string, from: string | null, to: string, providerId = SCHOOL): RecordMove => ({ recordId, providerId, from, to });

describe('personChanges', () => {
  it('writes nothing when no record changed person', () => {
    expect(personChanges(NO_MOVES, { importId: 'i1' })).toEqual([]);
    expect(personChanges({ moves: [move('r1', 'p1', 'p1')], created: new Set(), emptied: new Set() }, {})).toEqual([]);
  });

  it('records new records put into a new person and into an existing one as person.linked, with ids only', () => {
    const changes = personChanges(
      { moves: [move('r2', null, 'p-new'), move('r1', null, 'p-new', COLLEGE), move('r3', null, 'p-old')], created: new Set(['p-new']), emptied: new Set() },
      { importId: 'i1' },
    );
    expect(changes).toEqual([
      {
        personId: 'p-new',
        event: 'person.linked',
        providerIds: [COLLEGE, SCHOOL],
        change: { importId: 'i1', sourceRecordIds: ['r1', 'r2'], fromPersonIds: [], created: true },
      },
      { personId: 'p-old', event: 'person.linked', providerIds: [SCHOOL], change: { importId: 'i1', sourceRecordIds: ['r3'], fromPersonIds: [], created: false } },
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

  it('records a record leaving a person that survives, and a person that both gained and lost records, in one row each', () => {
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
  });
});
