import type { DataCategory } from '../policy/data-category.js';
import type { RedactionReason } from '../policy/redaction-reason.js';

/** One field value about a person that the request released or withheld. */
export interface FieldAccess {
  /** GraphQL field name, e.g. `attendance`. */
  field: string;
  category: DataCategory;
  /** Organisation that supplied the value. */
  providerOrganisationId: string;
  released: boolean;
  /** Why it was withheld (withheld values only). */
  reason?: RedactionReason;
  /** The agreement relied on or considered, as `reference@version`, if any. */
  agreement?: string | null;
}

/** Everything one operation released or withheld about one young person. */
export interface PersonAccess {
  personId: string;
  released: Array<{ field: string; category: DataCategory; providerOrganisationId: string }>;
  withheld: Array<{ field: string; category: DataCategory; providerOrganisationId: string; reason: RedactionReason }>;
  agreements: string[];
}

/** A change to personal data, an agreement, a consent or a tier made by a mutation. */
export interface ChangeRecord {
  personId: string | null;
  /** Audit event name `subject.action`, e.g. `consent.withdrawn`, `agreement.activated`. */
  event: string;
  /** What changed: ids, versions, old and new values of non-personal fields. */
  change: Record<string, unknown>;
  /** The organisations whose records the change concerns (their IG officers see the row); none when omitted. */
  providerIds?: readonly string[];
}

/** A whole-operation refusal: nothing was resolved because the principal may not ask at all. */
export interface RefusalRecord {
  /** The person the refused operation was about, or null for a list or search. */
  personId: string | null;
  reason: RedactionReason;
}

/** Something an operation did that is not a field read or a change, e.g. reading the access log itself. */
export interface ActivityRecord {
  personId: string | null;
  /** Audit event name `subject.action`, e.g. `access_log.read`. */
  event: string;
  /** What was asked (filters, counts, ids); never personal values. */
  detail: Record<string, unknown>;
}

/**
 * Collects, during one GraphQL operation, what was released and withheld about each person and
 * what was changed; the audit writer turns it into one access-log row per person per operation.
 * Noting a value is a map update, cheap enough to run for every personal field resolved.
 */
export class AccessBuffer {
  private readonly people = new Map<string, { released: Map<string, PersonAccess['released'][number]>; withheld: Map<string, PersonAccess['withheld'][number]>; agreements: Set<string> }>();
  private readonly changes: ChangeRecord[] = [];
  private readonly refusals: RefusalRecord[] = [];
  private readonly activities: ActivityRecord[] = [];

  /** The operation being run (its name, or its root fields when anonymous); set by the audit plugin. */
  operation: string | null = null;

  /** Notes that a person was returned (even by id alone): the operation gets a row for them. */
  noteListed(personId: string): void {
    this.entry(personId);
  }

  private entry(personId: string) {
    let entry = this.people.get(personId);
    if (!entry) {
      entry = { released: new Map(), withheld: new Map(), agreements: new Set() };
      this.people.set(personId, entry);
    }
    return entry;
  }

  /** Notes one released or withheld value about a person (repeats of the same field and provider collapse). */
  note(personId: string, access: FieldAccess): void {
    const entry = this.entry(personId);
    const key = `${access.field}|${access.providerOrganisationId}`;
    if (access.released) {
      entry.released.set(key, { field: access.field, category: access.category, providerOrganisationId: access.providerOrganisationId });
    } else {
      entry.withheld.set(key, {
        field: access.field,
        category: access.category,
        providerOrganisationId: access.providerOrganisationId,
        reason: access.reason ?? 'NO_AGREEMENT',
      });
    }
    if (access.agreement && access.released) entry.agreements.add(access.agreement);
  }

  /** Notes a change made by a mutation. */
  noteChange(change: ChangeRecord): void {
    this.changes.push(change);
  }

  /** Notes that the operation was refused as a whole (before any field was resolved). */
  noteRefusal(personId: string | null, reason: RedactionReason): void {
    if (!this.refusals.some((r) => r.personId === personId)) this.refusals.push({ personId, reason });
  }

  /** Notes an activity that the access log must record, such as a search of the log itself. */
  noteActivity(activity: ActivityRecord): void {
    this.activities.push(activity);
  }

  /** Whole-operation refusals noted, in order. */
  refusalRecords(): readonly RefusalRecord[] {
    return this.refusals;
  }

  /** Activities noted, in order. */
  activityRecords(): readonly ActivityRecord[] {
    return this.activities;
  }

  /** One entry per person touched, in the order first touched. */
  personAccesses(): PersonAccess[] {
    return [...this.people.entries()].map(([personId, e]) => ({
      personId,
      released: [...e.released.values()],
      withheld: [...e.withheld.values()],
      agreements: [...e.agreements].sort(),
    }));
  }

  /** Changes noted, in order. */
  changeRecords(): readonly ChangeRecord[] {
    return this.changes;
  }

  /** True when nothing about any person was touched. */
  get isEmpty(): boolean {
    return this.people.size === 0 && this.changes.length === 0 && this.refusals.length === 0 && this.activities.length === 0;
  }
}
