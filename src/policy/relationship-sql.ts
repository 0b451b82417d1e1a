import type { Relationship } from './policy.types.js';

/** Enrolment statuses (`EDUCATION_ENROLMENT.status`) that make the holder of a record an applicant. */
export const APPLICANT_STATUSES = ['APPLIED', 'OFFERED', 'ACCEPTED', 'ENROLLED'] as const;

/**
 * SQL true when source record `r` is tied to its person by strong evidence: the matcher linked it to
 * another organisation's record of the same person on a valid UPN or ULN, or an EPC confirmed a pair
 * joining it to one. A probabilistic link from the holder's own submission never counts.
 */
export function strongLinkSql(r: string): string {
  return `EXISTS (SELECT 1 FROM match_candidate mc
      JOIN source_record other ON other.id = CASE WHEN mc.record_a_id = ${r}.id THEN mc.record_b_id ELSE mc.record_a_id END
     WHERE (mc.record_a_id = ${r}.id OR mc.record_b_id = ${r}.id)
       AND other.person_id = ${r}.person_id AND other.provider_organisation_id <> ${r}.provider_organisation_id
       AND (mc.status = 'CONFIRMED' OR (mc.rule IN ('UPN', 'ULN') AND mc.status = 'LINKED')))`;
}

/** SQL true when record `r`'s enrolment establishes the relationship on day `today` (a SQL expression of an ISO date string). */
export function enrolmentSql(r: string, relationship: Relationship, today: string): string {
  const status = `(${r}.payload -> 'EDUCATION_ENROLMENT' ->> 'status')`;
  if (relationship === 'APPLICANT') return `${status} IN (${APPLICANT_STATUSES.map((s) => `'${s}'`).join(', ')})`;
  const start = `(${r}.payload -> 'EDUCATION_ENROLMENT' ->> 'startDate')`;
  return `(${status} = 'ENROLLED' AND ${start} ~ '^\\d{4}-\\d{2}-\\d{2}$' AND ${start} <= ${today})`;
}

/**
 * SQL true when the organisation `org` holds, about person `personId`, a record that earns the
 * relationship (docs/sharing-rules.md §1): the right enrolment status, on a strongly linked record.
 */
export function earnedRelationshipSql(personId: string, org: string, relationship: Relationship, today: string): string {
  return `EXISTS (SELECT 1 FROM source_record en WHERE en.person_id = ${personId} AND en.provider_organisation_id = ${org}
      AND ${enrolmentSql('en', relationship, today)} AND ${strongLinkSql('en')})`;
}
