import type { DataCategory } from '../../policy/data-category.js';
import type { RequestPolicy } from '../../policy/request-policy.js';
import { CLOSING_OUTCOMES } from '../tiers/tier-history.data.js';
import { REASON_CATEGORY, UNKNOWN_REASONS, type UnknownReason } from './worklist.policy.js';

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
  /** Only this person (a check before a change). */
  personId?: string | null;
}

/** Categories of the facts that show a status known again: a tier of 2 to 5 or a destination (TIER_STATUS), an enrolment. */
const KNOWN_CATEGORY: DataCategory = 'TIER_STATUS';
const ENROLLED_CATEGORY: DataCategory = 'EDUCATION_ENROLMENT';

/**
 * The released reasons of each young person on the EPC's worklist, one row per reason: `person_id`,
 * `record_id` (null for a tier-history event), `supplier_id`, `reason`, `since`, `age`. The facts come from
 * unknown_fact (kept from the records and the tier history by triggers: migration UnknownFacts); membership
 * is decided in SQL from the request's compiled rules (RequestPolicy.visibility with the fact's supplier): a
 * reason counts only when its category is released to the asker from that supplier, and only released
 * facts can void it (a later Careers Wales tier of 2 to 5 or destination, a later enrolment), so the list, its
 * order and its counts depend on nothing withheld. The asker's own organisation's latest outcome still
 * standing (not reversed by a reopening) closes it when it is a closing one (moved, left Wales or the UK, deceased).
 */
export function releasedReasonsSql(policy: RequestPolicy, scope: WorklistScope): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {
    la: scope.laCode,
    today: scope.today,
    contactCutoff: scope.contactCutoff,
    ages: [...scope.ages],
    // A range of birthdays an index can use, a day wider than the ages asked for; the exact age is checked too.
    bornAfter: shiftYears(scope.today, -(Math.max(...scope.ages) + 1), -1),
    bornBy: shiftYears(scope.today, -Math.min(...scope.ages), 1),
    otherReasons: scope.reasons.filter((r) => r !== 'NO_CAREERS_WALES_CONTACT'),
    noContact: scope.reasons.includes('NO_CAREERS_WALES_CONTACT'),
  };
  const released = (supplier: string, category: DataCategory): string => {
    const v = policy.visibility({ supplier, categories: [category] });
    Object.assign(params, v.params);
    return v.sql;
  };
  // The rules' predicates name the person `yp.id`: the candidates are that relation.
  const reasonReleased = UNKNOWN_REASONS.map((r) => `WHEN '${r}' THEN ${released('yp.supplier_id', REASON_CATEGORY[r])}`).join('\n             ');
  const closing = CLOSING_OUTCOMES.map((o) => `'${o}'`).join(', ');
  const onePerson = scope.personId ? 'AND f.person_id = CAST(:onePerson AS uuid)' : '';
  if (scope.personId) params['onePerson'] = scope.personId;
  // The LA's candidates first (a few hundred of the Wales-wide facts), then the rules on those only.
  const text = `
    WITH candidate AS MATERIALIZED (
      SELECT f.person_id AS id, f.record_id, f.supplier_id, f.kind, f.since,
             date_part('year', age(CAST(:today AS date), ps.date_of_birth))::int AS age
        FROM unknown_fact f
        JOIN person_state ps ON ps.person_id = f.person_id
       WHERE (f.kind = ANY(CAST(:otherReasons AS text[]))
              OR (f.kind = 'NO_CAREERS_WALES_CONTACT' AND f.since < CAST(:contactCutoff AS date) AND CAST(:noContact AS boolean)))
         AND ps.home_la_code = :la ${onePerson}
         AND ps.date_of_birth > CAST(:bornAfter AS date) AND ps.date_of_birth <= CAST(:bornBy AS date)
         AND (f.kind <> 'TIER_1' OR ps.current_tier = 1))
    SELECT yp.id AS person_id, yp.record_id, yp.supplier_id, yp.kind AS reason, yp.since, yp.age
      FROM candidate yp
     WHERE yp.age = ANY(CAST(:ages AS int[]))
       AND CASE yp.kind
             ${reasonReleased}
           END
       AND (yp.kind = 'TIER_1' OR NOT EXISTS (
             SELECT 1 FROM unknown_fact k WHERE k.person_id = yp.id AND k.kind = 'KNOWN' AND k.since >= yp.since
                AND ${released('k.supplier_id', KNOWN_CATEGORY)}))
       AND (yp.kind <> 'LEFT_PROVISION' OR NOT EXISTS (
             SELECT 1 FROM unknown_fact e WHERE e.person_id = yp.id AND e.kind = 'ENROLLED' AND e.since >= yp.since
                AND ${released('e.supplier_id', ENROLLED_CATEGORY)}))
       AND NOT EXISTS (
             SELECT 1 FROM (SELECT te.outcome, te.effective_on FROM tier_event te
                             WHERE te.kind = 'RESOLUTION' AND te.person_id = yp.id AND te.source_organisation_id = :vMe
                               AND te.outcome NOT IN ('CONTACT_ATTEMPT', 'REOPENED')
                               AND NOT EXISTS (SELECT 1 FROM tier_event rv WHERE rv.reverses_event_id = te.id)
                             ORDER BY te.seq DESC LIMIT 1) latest
              WHERE latest.outcome IN (${closing}) AND latest.effective_on >= yp.since)`;
  return { sql: text, params };
}

/** Groups the released reasons by person, with the per-person filters: the school attended and how long unknown. */
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
  const text = `
    SELECT p.person_id, p.since, p.age, p.reasons FROM (
      SELECT x.person_id, min(x.since) AS since, min(x.age) AS age,
             json_agg(json_build_object('reason', x.reason, 'recordId', x.record_id, 'supplierId', x.supplier_id, 'since', x.since)
                      ORDER BY x.since, x.reason) AS reasons
        FROM (${reasons.sql}) x
       GROUP BY x.person_id
       ${having.length > 0 ? `HAVING ${having.join(' AND ')}` : ''}) p
      JOIN young_person yp ON yp.id = p.person_id
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
  return { sql: text, params };
}

/** The ISO day `years` years (and `days` days) from `day`. */
function shiftYears(day: string, years: number, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
