// What one matching transaction did to people, as access-log change records: one per person touched,
// holding ids only (records, persons, the run's import), never a value from a record.
import type { ChangeRecord } from '../../audit/access-buffer.js';
import { AUDIT_EVENTS } from '../../audit/access-event.js';

/** A record whose person changed: from none (a new record) or another person, to `to`. */
export interface RecordMove {
  recordId: string;
  /** The organisation that supplied the record (its IG officers see the row). */
  providerId: string;
  from: string | null;
  to: string;
}

/** The people a re-clustering changed: which records moved, which persons it created, which it left with no record. */
export interface PersonMoves {
  moves: RecordMove[];
  created: ReadonlySet<string>;
  emptied: ReadonlySet<string>;
}

/** No moves (nothing was linked). */
export const NO_MOVES: PersonMoves = { moves: [], created: new Set(), emptied: new Set() };

const sortedUnique = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/**
 * One change record per person touched: a person that took in whole other persons is `person.merged`, one
 * that took in records `person.linked` (`created` when it is new), one that only lost records
 * `person.unlinked` (`emptied` when it has no record left). `context` (the run's import id) goes into each.
 */
export function personChanges(people: PersonMoves, context: Record<string, unknown>): ChangeRecord[] {
  const touched = new Map<string, { joined: RecordMove[]; left: RecordMove[] }>();
  const touch = (personId: string): { joined: RecordMove[]; left: RecordMove[] } => {
    let t = touched.get(personId);
    if (!t) touched.set(personId, (t = { joined: [], left: [] }));
    return t;
  };
  for (const m of people.moves) {
    if (m.from === m.to) continue;
    touch(m.to).joined.push(m);
    if (m.from !== null) touch(m.from).left.push(m);
  }
  const changes: ChangeRecord[] = [];
  for (const personId of [...touched.keys()].sort()) {
    const { joined, left } = touched.get(personId)!;
    const providerIds = sortedUnique([...joined, ...left].map((m) => m.providerId));
    const leftRecordIds = sortedUnique(left.map((m) => m.recordId));
    const toPersonIds = sortedUnique(left.map((m) => m.to));
    if (joined.length > 0) {
      const fromPersonIds = sortedUnique(joined.flatMap((m) => (m.from === null ? [] : [m.from])));
      const mergedPersonIds = fromPersonIds.filter((p) => people.emptied.has(p));
      changes.push({
        personId,
        event: mergedPersonIds.length > 0 ? AUDIT_EVENTS.personMerged : AUDIT_EVENTS.personLinked,
        providerIds,
        change: {
          ...context,
          sourceRecordIds: sortedUnique(joined.map((m) => m.recordId)),
          fromPersonIds,
          created: people.created.has(personId),
          ...(mergedPersonIds.length > 0 ? { mergedPersonIds } : {}),
          ...(left.length > 0 ? { leftRecordIds, toPersonIds } : {}),
        },
      });
    } else {
      changes.push({
        personId,
        event: AUDIT_EVENTS.personUnlinked,
        providerIds,
        change: { ...context, sourceRecordIds: leftRecordIds, toPersonIds, emptied: people.emptied.has(personId) },
      });
    }
  }
  return changes;
}
