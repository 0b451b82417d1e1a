import type { DataCategory } from '../../policy/data-category.js';
import type { SourceRecordType } from '../sources/source-record.type.js';

/** What kind of contact a partner's record shows. */
export const CONTACT_KINDS = [
  'ENROLLED',
  'APPLIED',
  'WITHDRAWN',
  'ON_SCHOOL_ROLL',
  'LEFT_SCHOOL',
  'ATTENDANCE_RETURN',
  'CAREERS_CONTACT',
  'TIER_ASSESSMENT',
  'YOUTH_OR_VOLUNTARY_CONTACT',
  'LEAD_WORKER_CONTACT',
  'DESTINATION_RETURN',
] as const;

/** One kind of contact. */
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** The categories a sighting can rest on, each giving its GraphQL type. */
export const SIGHTING_CATEGORIES = [
  'EDUCATION_ENROLMENT',
  'ATTENDANCE',
  'CAREERS_GUIDANCE',
  'TIER_STATUS',
  'INVOLVEMENT',
  'LEAD_WORKER',
  'DESTINATION',
] as const satisfies readonly DataCategory[];

/** A category a sighting rests on. */
export type SightingCategory = (typeof SIGHTING_CATEGORIES)[number];

/** The latest contact one partner's record shows: which organisation, what kind, when. */
export interface Contact {
  category: SightingCategory;
  kind: ContactKind;
  /** YYYY-MM-DD. */
  on: string;
  record: SourceRecordType;
}

type Json = Record<string, unknown> | null;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (v: unknown): string | null => (typeof v === 'string' && DAY.test(v) ? v : null);
const receivedDay = (r: SourceRecordType): string => r.receivedAt.toISOString().slice(0, 10);

/** The contacts one category's value shows (at most one), as a partner recorded it. */
function contactIn(category: SightingCategory, value: Json, r: SourceRecordType): Omit<Contact, 'category' | 'record'> | null {
  if (!value) return null;
  const at = (kind: ContactKind, on: string | null): Omit<Contact, 'category' | 'record'> | null => (on ? { kind, on } : null);
  switch (category) {
    case 'EDUCATION_ENROLMENT': {
      const status = value['status'];
      if (status === 'WITHDRAWN') return at('WITHDRAWN', day(value['withdrawnOn']) ?? receivedDay(r));
      if (status === 'LEFT') return at(r.provider.kind === 'SCHOOL' ? 'LEFT_SCHOOL' : 'WITHDRAWN', day(value['leftOn']) ?? receivedDay(r));
      if (status === 'ENROLLED') return at('ENROLLED', day(value['startDate']) ?? receivedDay(r));
      if (status === 'APPLIED' || status === 'OFFERED' || status === 'ACCEPTED') return at('APPLIED', day(value['appliedOn']) ?? receivedDay(r));
      // A school's roll carries no status: the pupil was on roll when the school last sent it.
      if (status === undefined && r.provider.kind === 'SCHOOL') return at('ON_SCHOOL_ROLL', receivedDay(r));
      return null;
    }
    case 'ATTENDANCE':
      return at('ATTENDANCE_RETURN', day(value['lastAttendedOn']) ?? receivedDay(r));
    case 'CAREERS_GUIDANCE':
      return at('CAREERS_CONTACT', day(value['lastContactOn']));
    case 'TIER_STATUS':
      // Tier 1 is Careers Wales saying it has lost touch: not a contact.
      return value['tier'] === 1 || value['tier'] === '1' ? null : at('TIER_ASSESSMENT', day(value['assessedOn']));
    case 'INVOLVEMENT':
      return at('YOUTH_OR_VOLUNTARY_CONTACT', day(value['lastContactOn']) ?? day(value['since']));
    case 'LEAD_WORKER':
      return at('LEAD_WORKER_CONTACT', day(value['lastContactOn']) ?? day(value['since']));
    case 'DESTINATION':
      return value['nonRespondent'] === true ? null : at('DESTINATION_RETURN', day(value['surveyOn']) ?? receivedDay(r));
  }
}

const VALUE_OF: Readonly<Record<SightingCategory, (r: SourceRecordType) => Json>> = {
  EDUCATION_ENROLMENT: (r) => r.enrolment,
  ATTENDANCE: (r) => r.attendance,
  CAREERS_GUIDANCE: (r) => r.careersGuidance,
  TIER_STATUS: (r) => r.tierStatus,
  INVOLVEMENT: (r) => r.involvement,
  LEAD_WORKER: (r) => r.leadWorker,
  DESTINATION: (r) => r.destination,
};

/**
 * The latest contact each partner has recorded, newest first, from records shown to the asker and values
 * released to it only (a value released as a flag only shows nothing), so a withheld record or value can
 * neither add a sighting nor, by its absence, say that it exists.
 */
export function latestContacts(records: readonly SourceRecordType[], max: number): Contact[] {
  const byProvider = new Map<string, Contact>();
  for (const r of records) {
    for (const category of SIGHTING_CATEGORIES) {
      const decision = r.decisions?.get(category);
      if (!decision?.allowed || decision.flagOnly) continue;
      const c = contactIn(category, VALUE_OF[category](r), r);
      if (!c) continue;
      const contact: Contact = { ...c, category, record: r };
      const best = byProvider.get(r.providerOrganisationId);
      if (!best || newer(contact, best)) byProvider.set(r.providerOrganisationId, contact);
    }
  }
  return [...byProvider.values()].sort((a, b) => (newer(a, b) ? -1 : newer(b, a) ? 1 : 0)).slice(0, max);
}

function newer(a: Contact, b: Contact): boolean {
  if (a.on !== b.on) return a.on > b.on;
  const ra = a.record.receivedAt.getTime();
  const rb = b.record.receivedAt.getTime();
  if (ra !== rb) return ra > rb;
  return a.record.id > b.record.id || (a.record.id === b.record.id && a.category > b.category);
}
