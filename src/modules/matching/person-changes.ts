// What one matching transaction did to people, as access-log change records, holding ids only (records,
// persons, the run's import), never a value from a record.
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

/** New persons listed in one `person.created` row. */
export const CREATED_PER_ROW = 1000;

const sortedUnique = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/**
 * The access-log changes of one matching transaction. Every person that existed before it and every new
 * person holding a record taken from another gets its own row: `person.merged` when it took in whole other
 * persons, `person.linked` when it took in records, `person.unlinked` when it only lost records (`emptied`
 * when none is left). New persons made only of records no person held (most of a first load) are listed,
 * with their record ids, in `person.created` rows of up to CREATED_PER_ROW persons. `context` (the run's
 * import id) goes into each row.
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
  const fresh: Array<{ personId: string; joined: RecordMove[] }> = [];
  for (const personId of [...touched.keys()].sort()) {
    const { joined, left } = touched.get(personId)!;
    const providerIds = sortedUnique([...joined, ...left].map((m) => m.providerId));
    const fromPersonIds = sortedUnique(joined.flatMap((m) => (m.from === null ? [] : [m.from])));
    const created = people.created.has(personId);
    if (created && fromPersonIds.length === 0) {
      fresh.push({ personId, joined });
    } else if (joined.length > 0) {
      const mergedPersonIds = fromPersonIds.filter((p) => people.emptied.has(p));
      changes.push({
        personId,
        event: mergedPersonIds.length > 0 ? AUDIT_EVENTS.personMerged : AUDIT_EVENTS.personLinked,
        providerIds,
        change: {
          ...context,
          sourceRecordIds: sortedUnique(joined.map((m) => m.recordId)),
          fromPersonIds,
          created,
          ...(mergedPersonIds.length > 0 ? { mergedPersonIds } : {}),
          ...(left.length > 0 ? { leftRecordIds: sortedUnique(left.map((m) => m.recordId)), toPersonIds: sortedUnique(left.map((m) => m.to)) } : {}),
        },
      });
    } else {
      changes.push({
        personId,
        event: AUDIT_EVENTS.personUnlinked,
        providerIds,
        change: {
          ...context,
          sourceRecordIds: sortedUnique(left.map((m) => m.recordId)),
          toPersonIds: sortedUnique(left.map((m) => m.to)),
          emptied: people.emptied.has(personId),
        },
      });
    }
  }
  for (let i = 0; i < fresh.length; i += CREATED_PER_ROW) {
    const part = fresh.slice(i, i + CREATED_PER_ROW);
    changes.push({
      personId: null,
      event: AUDIT_EVENTS.personCreated,
      providerIds: sortedUnique(part.flatMap((p) => p.joined.map((m) => m.providerId))),
      change: { ...context, people: part.map((p) => ({ personId: p.personId, sourceRecordIds: sortedUnique(p.joined.map((m) => m.recordId)) })) },
    });
  }
  return changes;
}
