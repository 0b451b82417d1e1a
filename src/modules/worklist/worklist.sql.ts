import type { DataCategory } from '../../policy/data-category.js';
import type { RequestPolicy } from '../../policy/request-policy.js';
import { CLOSING_OUTCOMES } from '../tiers/tier-history.data.js';
import { REASON_CATEGORY, type UnknownReason } from './worklist.policy.js';

/** What narrows one EPC's worklist (all optional but the LA). */
export interface WorklistScope {
  laCode: string;
  today: string;
  /** Careers Wales contact older than this day (exclusive) is no contact. */
  contactCutoff: string;
  ages: readonly number[];
  reasons: readonly UnknownReason[];
  /** Code of a school whose released enrolment record the young person has. */
  schoolCode?: string | null;
  /** Unknown since on or before this day. */
  unknownOnOrBefore?: string | null;
  /** Only these people (a check before a change). */
  personId?: string | null;
}

const sql = (strings: TemplateStringsArray, ...values: string[]): string => String.raw(strings, ...values);
const isoDate = (json: string): string => `iso_date_or_null(${json})`;

/**
 * The records and tier-history events that could make a status unknown, found through small partial indexes:
 * one row per fact and reason, with its supplier (the record's provider, or the event's source) and the day
 * it became unknown. Nothing here is yet decided for the asker.
 */
const CANDIDATES = sql`
  SELECT sr.person_id, sr.id AS record_id, sr.provider_organisation_id AS supplier_id, 'TIER_1' AS reason,
         coalesce(${isoDate(`sr.payload -> 'TIER_STATUS' ->> 'assessedOn'`)}, sr.received_at::date) AS since
    FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
   WHERE (sr.payload -> 'TIER_STATUS' ->> 'tier') = '1' AND o.kind = 'CAREERS_WALES' AND sr.person_id IS NOT NULL
  UNION ALL
  SELECT sr.person_id, sr.id, sr.provider_organisation_id, 'NO_CAREERS_WALES_CONTACT', ${isoDate(`sr.payload -> 'CAREERS_GUIDANCE' ->> 'lastContactOn'`)}
    FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
   WHERE (sr.payload -> 'CAREERS_GUIDANCE' ->> 'lastContactOn') < :contactCutoff AND o.kind = 'CAREERS_WALES' AND sr.person_id IS NOT NULL
  UNION ALL
  SELECT te.person_id, NULL::uuid, te.source_organisation_id, 'DESTINATION_NON_RESPONDENT', te.effective_on
    FROM tier_event te
   WHERE te.kind = 'DESTINATION_RETURN' AND te.reason = 'NON_RESPONDENT'
     AND NOT EXISTS (SELECT 1 FROM tier_event later WHERE later.person_id = te.person_id AND later.kind = 'DESTINATION_RETURN'
                        AND later.source_organisation_id = te.source_organisation_id AND later.seq > te.seq)
  UNION ALL
  SELECT sr.person_id, sr.id, sr.provider_organisation_id, 'LEFT_PROVISION',
         coalesce(${isoDate(`sr.payload -> 'EDUCATION_ENROLMENT' ->> 'withdrawnOn'`)}, ${isoDate(`sr.payload -> 'EDUCATION_ENROLMENT' ->> 'leftOn'`)},
                  sr.received_at::date)
    FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
   WHERE (sr.payload -> 'EDUCATION_ENROLMENT' ->> 'status') IN ('WITHDRAWN', 'LEFT') AND sr.person_id IS NOT NULL
     AND (o.kind IN ('FE_COLLEGE', 'WBL_PROVIDER')
          OR (o.kind = 'SCHOOL' AND (sr.payload -> 'EDUCATION_ENROLMENT' ->> 'yearGroup') IN ('12', '13')))`;

/**
 * The released reasons of each young person on the EPC's worklist, one row per reason: `person_id`,
 * `record_id` (null for a tier-history event), `supplier_id`, `reason`, `since`, `age`. Membership is decided in SQL from the request's compiled rules
 * (RequestPolicy.visibility): a reason counts only when the category it rests on is released to the asker
 * from that very record, and only released values can void it (a later released Careers Wales assessment
 * of tier 2 to 5, a later released enrolment), so the list, its order and its counts depend on nothing
 * withheld. The asker's own organisation's latest outcome still standing (not reversed by a reopening) closes
 * it when it is a closing one (moved out of area, left Wales or the UK, deceased).
 */
export function releasedReasonsSql(policy: RequestPolicy, scope: WorklistScope): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {
    la: scope.laCode,
    today: scope.today,
    contactCutoff: scope.contactCutoff,
    ages: [...scope.ages],
    reasons: [...scope.reasons],
  };
  const released = (where: string, category: DataCategory): string => {
    const v = policy.visibility({ where, categories: [category] });
    Object.assign(params, v.params);
    return v.sql;
  };
  const ofRecord = (reason: UnknownReason): string => released('sr.id = r.record_id', REASON_CATEGORY[reason]);
  const tier1 = ofRecord('TIER_1');
  const noContact = ofRecord('NO_CAREERS_WALES_CONTACT');
  const left = ofRecord('LEFT_PROVISION');
  const supplied = (supplier: string, category: DataCategory): string => {
    const v = policy.visibility({ supplier, categories: [category] });
    Object.assign(params, v.params);
    return v.sql;
  };
  const nonRespondent = supplied('r.supplier_id', REASON_CATEGORY.DESTINATION_NON_RESPONDENT);
  const enrolledSince = released(
    sql`(sr.payload -> 'EDUCATION_ENROLMENT' ->> 'status') = 'ENROLLED' AND (sr.payload -> 'EDUCATION_ENROLMENT' ->> 'startDate') >= r.since::text`,
    'EDUCATION_ENROLMENT',
  );
  // Known again: a released Careers Wales tier of 2 to 5 (on its record, or assessed in the hub) or a released
  // destination return since the day the status became unknown.
  const knownOnRecord = released(
    sql`po.kind = 'CAREERS_WALES' AND (sr.payload -> 'TIER_STATUS' ->> 'tier') IN ('2', '3', '4', '5')
        AND (sr.payload -> 'TIER_STATUS' ->> 'assessedOn') >= r.since::text`,
    'TIER_STATUS',
  );
  const knownByEvent = sql`EXISTS (SELECT 1 FROM tier_event k WHERE k.person_id = r.person_id AND k.effective_on >= r.since
      AND ((k.kind = 'ASSESSMENT' AND k.tier BETWEEN 2 AND 5) OR (k.kind = 'DESTINATION_RETURN' AND k.reason NOT IN ('NON_RESPONDENT', 'LEFT_AREA')))
      AND ${supplied('k.source_organisation_id', 'TIER_STATUS')})`;
  const knownAgain = `(${knownOnRecord} OR ${knownByEvent})`;
  const closing = CLOSING_OUTCOMES.map((o) => `'${o}'`).join(', ');
  const extra: string[] = [];
  if (scope.personId) {
    params['onePerson'] = scope.personId;
    extra.push('r.person_id = CAST(:onePerson AS uuid)');
  }
  const text = sql`
    SELECT r.person_id, r.record_id, r.supplier_id, r.reason, r.since, date_part('year', age(CAST(:today AS date), ps.date_of_birth))::int AS age
      FROM (${CANDIDATES}) r
      JOIN person_state ps ON ps.person_id = r.person_id
      JOIN young_person yp ON yp.id = r.person_id
     WHERE ps.home_la_code = :la AND r.since IS NOT NULL AND r.reason = ANY(CAST(:reasons AS text[]))
       AND date_part('year', age(CAST(:today AS date), ps.date_of_birth))::int = ANY(CAST(:ages AS int[]))
       ${extra.map((e) => `AND ${e}`).join(' ')}
       AND CASE r.reason
             WHEN 'TIER_1' THEN ps.current_tier = 1 AND ${tier1}
             WHEN 'NO_CAREERS_WALES_CONTACT' THEN ${noContact} AND NOT ${knownAgain}
             WHEN 'DESTINATION_NON_RESPONDENT' THEN ${nonRespondent} AND NOT ${knownAgain}
             ELSE ${left} AND NOT ${knownAgain} AND NOT ${enrolledSince}
           END
       AND NOT EXISTS (
             SELECT 1 FROM (SELECT te.outcome, te.effective_on FROM tier_event te
                             WHERE te.kind = 'RESOLUTION' AND te.person_id = r.person_id AND te.source_organisation_id = :vMe
                               AND te.outcome NOT IN ('CONTACT_ATTEMPT', 'REOPENED')
                               AND NOT EXISTS (SELECT 1 FROM tier_event rv WHERE rv.reverses_event_id = te.id)
                             ORDER BY te.seq DESC LIMIT 1) latest
              WHERE latest.outcome IN (${closing}) AND latest.effective_on >= r.since)`;
  return { sql: text, params };
}

/** Adds the per-person filters to the released reasons: the school attended and how long unknown. */
export function worklistPeopleSql(policy: RequestPolicy, scope: WorklistScope): { sql: string; params: Record<string, unknown> } {
  const reasons = releasedReasonsSql(policy, scope);
  const params = { ...reasons.params };
  const having: string[] = [];
  const where: string[] = [];
  if (scope.unknownOnOrBefore) {
    params['unknownOnOrBefore'] = scope.unknownOnOrBefore;
    having.push('min(x.since) <= CAST(:unknownOnOrBefore AS date)');
  }
  if (scope.schoolCode) {
    const school = policy.visibility({
      where: "po.kind = 'SCHOOL' AND po.code = :schoolCode",
      categories: ['EDUCATION_ENROLMENT'],
      params: { schoolCode: scope.schoolCode },
    });
    Object.assign(params, school.params);
    where.push(school.sql);
  }
  const text = sql`
    SELECT p.person_id, p.since, p.age, p.reasons FROM (
      SELECT x.person_id, min(x.since) AS since, min(x.age) AS age,
             json_agg(json_build_object('reason', x.reason, 'recordId', x.record_id, 'supplierId', x.supplier_id, 'since', x.since) ORDER BY x.since, x.reason) AS reasons
        FROM (${reasons.sql}) x
       GROUP BY x.person_id
       ${having.length > 0 ? `HAVING ${having.join(' AND ')}` : ''}) p
      JOIN young_person yp ON yp.id = p.person_id
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
  return { sql: text, params };
}
