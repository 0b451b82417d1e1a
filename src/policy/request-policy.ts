import type { DataSource } from 'typeorm';
import { queryPrepared } from '../db/prepared.js';
import type { CompiledPolicy } from './compile.js';
import type { DataCategory } from './data-category.js';
import { decide, valueFacts } from './decide.js';
import type { ConsentEventFacts, Decision, PersonFacts, ProviderFacts, Relationship } from './policy.types.js';
import { enrolmentSql, strongLinkSql } from './relationship-sql.js';
import { visibilityPredicate, type SqlPredicate } from './visibility-sql.js';

/**
 * The policy of one request: compiled rules for the principal and purpose, the facts of the people
 * it has prepared (loaded in one query per batch), and every decision memoised, so a field check is a
 * map lookup after the first value of its (person, supplier, category).
 */
export class RequestPolicy {
  private readonly people = new Map<string, PersonFacts>();
  private readonly decisions = new Map<string, Decision>();

  constructor(
    readonly compiled: CompiledPolicy,
    private readonly ds: DataSource,
    readonly adultAge: number,
    /** The policy version the rules were compiled at (null when not from the agreements store). */
    readonly version: number | null = null,
  ) {}

  /**
   * The SQL predicate that keeps list queries to people this principal has some basis to see; with a
   * scope, "some record matching `where` has a releasable value in `categories`" (for filters).
   */
  visibility(scope?: Parameters<typeof visibilityPredicate>[2]): SqlPredicate {
    return visibilityPredicate(this.compiled, this.adultAge, scope);
  }

  /** Loads the facts of these people (those not already loaded) in one query. */
  async prepare(personIds: readonly string[]): Promise<void> {
    const missing = [...new Set(personIds)].filter((id) => !this.people.has(id));
    if (missing.length === 0) return;
    const rows = (await queryPrepared(
      this.ds,
      `SELECT ps.person_id, ${FACT_COLUMNS('ps', '$2')} FROM person_state ps WHERE ps.person_id = ANY($1)`,
      [missing, this.compiled.today],
    )) as unknown as StoredFacts[];
    for (const r of rows) this.accept(r);
  }

  /**
   * SQL for the facts of the person whose id is the expression `personId`, as one JSON value (null when the
   * hub holds no state for the person), for a statement that reads people with their facts; hand each value
   * to `accept()`. Its one parameter is `:policyToday` (in `factsParams()`).
   */
  factsJsonSql(personId: string): string {
    return `(SELECT json_build_object('person_id', pf.person_id, ${FACT_PAIRS('pf', 'CAST(:policyToday AS text)')})
      FROM person_state pf WHERE pf.person_id = ${personId})`;
  }

  /** The parameters of `factsJsonSql`. */
  factsParams(): Record<string, unknown> {
    return { policyToday: this.compiled.today };
  }

  /** Takes the facts of one person read by a caller's statement (`factsJsonSql`). */
  accept(r: StoredFacts): void {
    this.people.set(r.person_id, {
      personId: r.person_id,
      dateOfBirth: r.dob,
      homeLaCode: r.home_la_code,
      transferLaCode: r.transfer_la_code,
      currentTier: r.current_tier,
      relationships: relationshipsOf(r.enrolments),
      consentEvents: r.consents.map(
        (c): ConsentEventFacts => ({
          seq: Number(c['seq']),
          kind: c['kind'] as ConsentEventFacts['kind'],
          recipientOrganisationId: (c['org'] as string | null) ?? null,
          recipientKind: (c['orgKind'] as ConsentEventFacts['recipientKind']) ?? null,
          purpose: (c['purpose'] as ConsentEventFacts['purpose']) ?? null,
          categories: (c['categories'] as ConsentEventFacts['categories']) ?? null,
          givenBy: c['givenBy'] as ConsentEventFacts['givenBy'],
        }),
      ),
    });
  }

  /** True while no value has been decided with these rules. */
  get undecided(): boolean {
    return this.decisions.size === 0;
  }

  /** The facts loaded for a person (for explanations). */
  facts(personId: string): PersonFacts | undefined {
    return this.people.get(personId);
  }

  /** Decides one value; the person must have been prepared (fail closed otherwise). */
  decide(personId: string, provider: ProviderFacts, category: DataCategory): Decision {
    const key = `${personId}|${provider.organisationId}|${category}`;
    let d = this.decisions.get(key);
    if (!d) {
      const person = this.people.get(personId);
      if (!person) throw new Error('policy: a value was resolved for a person the service did not prepare');
      d = decide(this.compiled, provider, valueFacts(this.compiled, provider, person, category, this.adultAge));
      this.decisions.set(key, d);
    }
    return d;
  }
}

/** A person's facts as stored (person_state with its enrolments and consent ledger). */
export interface StoredFacts {
  person_id: string;
  dob: string | null;
  home_la_code: string | null;
  transfer_la_code: string | null;
  current_tier: number | null;
  enrolments: Array<{ org: string; applicant: boolean; enrolled: boolean }>;
  consents: Array<Record<string, unknown>>;
}

/** The facts of person_state row `ps` as (name, SQL) pairs; `today` is a SQL expression of the ISO date. */
function factExpressions(ps: string, today: string): Array<[keyof StoredFacts, string]> {
  return [
    ['dob', `${ps}.date_of_birth::text`],
    ['home_la_code', `${ps}.home_la_code`],
    ['transfer_la_code', `${ps}.transfer_la_code`],
    ['current_tier', `${ps}.current_tier`],
    [
      'enrolments',
      `coalesce((SELECT json_agg(json_build_object('org', en.provider_organisation_id,
         'applicant', ${enrolmentSql('en', 'APPLICANT', today)}, 'enrolled', ${enrolmentSql('en', 'ENROLLED', today)}))
         FROM source_record en WHERE en.person_id = ${ps}.person_id AND (en.payload -> 'EDUCATION_ENROLMENT') IS NOT NULL
          AND ${strongLinkSql('en')}), '[]')`,
    ],
    [
      'consents',
      `coalesce((SELECT json_agg(json_build_object('seq', c.seq, 'kind', c.kind, 'org', c.recipient_organisation_id,
         'orgKind', c.recipient_kind, 'purpose', c.purpose, 'categories', c.categories, 'givenBy', c.given_by)
         ORDER BY c.seq) FROM consent_event c WHERE c.person_id = ${ps}.person_id), '[]')`,
    ],
  ];
}

/** The facts as select-list columns. */
const FACT_COLUMNS = (ps: string, today: string): string => factExpressions(ps, today).map(([name, sql]) => `${sql} AS ${name}`).join(', ');

/** The facts as json_build_object arguments. */
const FACT_PAIRS = (ps: string, today: string): string => factExpressions(ps, today).map(([name, sql]) => `'${name}', ${sql}`).join(', ');

/** Organisation → relationships earned, from the strongly linked enrolment records of one person. */
function relationshipsOf(enrolments: ReadonlyArray<{ org: string; applicant: boolean; enrolled: boolean }>): Map<string, Set<Relationship>> {
  const out = new Map<string, Set<Relationship>>();
  for (const e of enrolments) {
    const set = out.get(e.org) ?? new Set<Relationship>();
    if (e.applicant) set.add('APPLICANT');
    if (e.enrolled) set.add('ENROLLED');
    out.set(e.org, set);
  }
  return out;
}
