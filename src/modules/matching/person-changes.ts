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
 * when none is left). New persons made only of records no person held (most of a first load) are listed in
 * `person.created` rows of up to CREATED_PER_ROW persons, as `personRecordIds` ([person id, ...record ids]). `context` (the run's
 * import id) goes into each row. Linear in the moves: a first load of 100,000 records passes through here.
 */
export function personChanges(people: PersonMoves, context: Record<string, unknown>): ChangeRecord[] {
  const joinedBy = new Map<string, RecordMove[]>();
  const leftBy = new Map<string, RecordMove[]>();
  const add = (map: Map<string, RecordMove[]>, key: string, m: RecordMove): void => {
    const list = map.get(key);
    if (list) list.push(m);
    else map.set(key, [m]);
  };
  for (const m of people.moves) {
    if (m.from === m.to) continue;
    add(joinedBy, m.to, m);
    if (m.from !== null) add(leftBy, m.from, m);
  }
  const changes: ChangeRecord[] = [];
  // New persons of unlinked records, in the order the re-clustering made them (sorting 100,000 ids buys nothing).
  const fresh: Array<[string, RecordMove[]]> = [];
  const others: string[] = [];
  for (const [personId, joined] of joinedBy) {
    if (people.created.has(personId) && !leftBy.has(personId) && joined.every((m) => m.from === null)) fresh.push([personId, joined]);
    else others.push(personId);
  }
  for (const personId of leftBy.keys()) if (!joinedBy.has(personId)) others.push(personId);
  for (const personId of others.sort()) {
    const joined = joinedBy.get(personId) ?? [];
    const left = leftBy.get(personId) ?? [];
    const providerIds = sortedUnique([...joined, ...left].map((m) => m.providerId));
    const fromPersonIds = sortedUnique(joined.flatMap((m) => (m.from === null ? [] : [m.from])));
    if (joined.length > 0) {
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
    const providers = new Set<string>();
    // [personId, ...its record ids]: arrays, not an object keyed by person, keep the canonical JSON cheap.
    const personRecordIds = part.map(([personId, joined]) => {
      const ids: string[] = [];
      for (const m of joined) {
        ids.push(m.recordId);
        providers.add(m.providerId);
      }
      return [personId, ...(ids.length > 1 ? ids.sort() : ids)];
    });
    changes.push({ personId: null, event: AUDIT_EVENTS.personCreated, providerIds: [...providers].sort(), change: { ...context, personRecordIds } });
  }
  return changes;
}
