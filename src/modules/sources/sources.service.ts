import { queryPrepared, toPositional } from '../../db/prepared.js';
import type { RequestContext } from '../../graphql/context.js';
import { DATA_CATEGORIES, type DataCategory } from '../../policy/data-category.js';
import type { RequestPolicy } from '../../policy/request-policy.js';
import type { ProviderFacts } from '../../policy/policy.types.js';
import { checkedView, decideRecord, holds, isShown, type DecisionLookup } from './checked-view.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { SourceRecordEntity } from './source-record.entity.js';
import type { SourceRecordType } from './source-record.type.js';

/**
 * The one way personal values leave the hub: partners' source records, loaded in one query, decided by
 * the request's policy and returned as checked views (values with their decisions; records from which
 * nothing is released left out). The field guard then releases, flags or redacts each field.
 */
export class SourcesService {
  /**
   * The records each person's views are built from, shown ones only, oldest first; one query for all people.
   * With `holding`, only the records whose payload holds that category are looked at (a lead worker's
   * allocation, say): the others are neither loaded nor shown.
   */
  async viewsOfPeople(
    ctx: RequestContext,
    personIds: readonly string[],
    options: { holding?: Exclude<DataCategory, 'IDENTITY' | 'CONTACT'> } = {},
  ): Promise<Map<string, SourceRecordType[]>> {
    const out = new Map<string, SourceRecordType[]>(personIds.map((id) => [id, []]));
    if (personIds.length === 0) return out;
    const policy = await ctx.services.policy.forRequest(ctx);
    const ids = [...new Set(personIds)];
    const [records] = await Promise.all([
      options.holding
        ? this.load(ctx, 'sr.person_id = ANY(:ids) AND (sr.payload -> :holding) IS NOT NULL', { ids, holding: options.holding })
        : this.load(ctx, 'sr.person_id = ANY(:ids)', { ids }),
      policy.prepare(personIds),
    ]);
    this.decideInto(ctx, policy, records, out);
    return out;
  }

  /**
   * SQL for every record of the person whose id is the expression `personId`, oldest first, as one JSON
   * array, for a statement that reads people with their records in one round trip (the person list); the
   * caller turns the array into checked views with `viewsOfLoaded`.
   */
  recordsJsonSql(personId: string): string {
    return `coalesce((SELECT json_agg(json_build_object(${RECORD_JSON_PAIRS}) ORDER BY lr.received_at, lr.id)
      FROM source_record lr JOIN organisation lo ON lo.id = lr.provider_organisation_id WHERE lr.person_id = ${personId}), '[]')`;
  }

  /**
   * Checked views of records read by `recordsJsonSql` (the policy must have the people's facts), per person
   * id, exactly as viewsOfPeople builds them: decided by the request's policy, records from which nothing is
   * released left out and noted as withheld.
   */
  viewsOfLoaded(ctx: RequestContext, policy: RequestPolicy, personIds: readonly string[], json: readonly StoredRecordJson[]): Map<string, SourceRecordType[]> {
    const out = new Map<string, SourceRecordType[]>(personIds.map((id) => [id, []]));
    this.decideInto(ctx, policy, json.map(recordFromJson), out);
    return out;
  }

  private decideInto(ctx: RequestContext, policy: RequestPolicy, records: readonly SourceRecordEntity[], out: Map<string, SourceRecordType[]>): void {
    for (const r of records) {
      const decisions = decideRecord(policy, r);
      if (!r.personId) continue;
      if (isShown(r, decisions)) out.get(r.personId)?.push(checkedView(r, decisions));
      else noteHidden(ctx, r, decisions);
    }
  }

  /** Checked views of given records (a review pair, say), null for a record from which nothing is released. */
  async viewsOfRecords(ctx: RequestContext, recordIds: readonly string[]): Promise<Map<string, SourceRecordType | null>> {
    const out = new Map<string, SourceRecordType | null>(recordIds.map((id) => [id, null]));
    if (recordIds.length === 0) return out;
    const policy = await ctx.services.policy.forRequest(ctx);
    const records = await this.load(ctx, 'sr.id = ANY(:ids)', { ids: [...new Set(recordIds)] });
    await policy.prepare(records.flatMap((r) => (r.personId ? [r.personId] : [])));
    for (const r of records) {
      // A pair read by ids alone still says whose records these are: every person touched gets a log row.
      if (r.personId) ctx.access.noteListed(r.personId);
      const decisions = decideRecord(policy, r);
      const shown = isShown(r, decisions);
      out.set(r.id, shown ? checkedView(r, decisions) : null);
      if (!shown) noteHidden(ctx, r, decisions);
    }
    return out;
  }

  /**
   * The young people whose records carry these keys, each key counted only on records whose IDENTITY is
   * released to the request (so a key on a withheld record finds nobody, exactly as a key held nowhere): a
   * REFERENCE is the asker's organisation's own partner reference, a ULN or UPN is matched on any record.
   * Returns, per key in order, the ids of the people found (none, one, or more when records of different
   * people share the identifier). One statement for every key, whatever is found.
   */
  async peopleByKeys(ctx: RequestContext, keys: readonly PersonKey[]): Promise<string[][]> {
    if (keys.length === 0) return [];
    const policy = await ctx.services.policy.forRequest(ctx);
    const visible = policy.visibility({ where: 'sr.id = m.record_id', categories: ['IDENTITY'] });
    const q = toPositional(
      `WITH k AS (SELECT k.kind, k.key, k.alt, k.i::int AS i
                    FROM unnest(CAST(:kinds AS text[]), CAST(:keys AS text[]), CAST(:alts AS text[])) WITH ORDINALITY AS k(kind, key, alt, i)),
            m AS (SELECT k.i, s.id AS record_id, s.person_id FROM k JOIN source_record s
                    ON s.provider_organisation_id = CAST(:owner AS uuid) AND s.partner_reference = k.key WHERE k.kind = 'REFERENCE'
                  UNION ALL
                  SELECT k.i, s.id, s.person_id FROM k JOIN source_record s ON s.uln = k.key WHERE k.kind = 'ULN'
                  UNION ALL
                  SELECT k.i, s.id, s.person_id FROM k JOIN source_record s ON s.upn = k.key OR s.upn = k.alt WHERE k.kind = 'UPN')
       SELECT m.i, array_agg(DISTINCT yp.id::text) AS people
         FROM m JOIN young_person yp ON yp.id = m.person_id
        WHERE (${visible.sql})
        GROUP BY m.i`,
      {
        ...visible.params,
        kinds: keys.map((k) => k.kind),
        keys: keys.map((k) => k.key),
        // A UPN is kept as supplied: its check letter may have been sent in either case.
        alts: keys.map((k) => (k.kind === 'UPN' ? k.key.charAt(0).toLowerCase() + k.key.slice(1) : k.key)),
        owner: ctx.principal.organisation.id,
      },
    );
    const rows = await queryPrepared<{ i: number; people: string[] }>(ctx.ds, q.text, q.values);
    const out: string[][] = keys.map(() => []);
    for (const r of rows) out[r.i - 1] = r.people;
    return out;
  }

  /**
   * The request's decisions for values that are not columns of a source record but were supplied by an
   * organisation about a person (a tier-history event, a notification, a sighting): each item gets a
   * lookup by category. Build the GraphQL object with `personId`, `providerOrganisationId` and these
   * `decisions`, declare its fields with PersonalField, and the field guard releases or redacts them; show
   * an item at all only when a category it holds is released (`lookup.get(category).allowed`).
   */
  async decisionsForValues(
    ctx: RequestContext,
    items: ReadonlyArray<{ personId: string; provider: ProviderFacts }>,
  ): Promise<DecisionLookup[]> {
    const policy = await ctx.services.policy.forRequest(ctx);
    await policy.prepare([...new Set(items.map((i) => i.personId))]);
    return items.map(({ personId, provider }) => ({ get: (category) => policy.decide(personId, provider, category) }));
  }

  /**
   * Every record of a person with the decisions of another principal's policy (explainAccess) and
   * whether that principal would be shown it; the caller decides what of this the asker may know.
   */
  async decisionsForPerson(
    ctx: RequestContext,
    policy: RequestPolicy,
    personId: string,
  ): Promise<Array<{ record: SourceRecordEntity; decisions: DecisionLookup; shown: boolean }>> {
    const [records] = await Promise.all([this.load(ctx, 'sr.person_id = :personId', { personId }), policy.prepare([personId])]);
    return records.map((record) => {
      const decisions = decideRecord(policy, record);
      return { record, decisions, shown: isShown(record, decisions) };
    });
  }

  /**
   * Raw records of one person (one provider's when given) for the subject access report, which discloses
   * to the data subject under its own rule (src/audit/subject-access.service.ts) and logs what it shows.
   */
  async recordsForSubjectAccess(ctx: RequestContext, personId: string, providerOrganisationId: string | null): Promise<SourceRecordEntity[]> {
    return providerOrganisationId
      ? this.load(ctx, 'sr.person_id = :personId AND sr.provider_organisation_id = :providerOrganisationId', { personId, providerOrganisationId })
      : this.load(ctx, 'sr.person_id = :personId', { personId });
  }

  private load(ctx: RequestContext, where: string, params: Record<string, unknown>): Promise<SourceRecordEntity[]> {
    return ctx.ds
      .getRepository(SourceRecordEntity)
      .createQueryBuilder('sr')
      .innerJoinAndSelect('sr.provider', 'provider')
      .where(where, params)
      .orderBy('sr.received_at', 'ASC')
      .addOrderBy('sr.id', 'ASC')
      .getMany();
  }
}

/** Columns of a record (alias `lr`) and its provider (alias `lo`) as json_build_object arguments, camelCase as the entity. */
const RECORD_JSON_PAIRS = [
  ...(
    [
      ['id', 'id'], ['providerOrganisationId', 'provider_organisation_id'], ['partnerReference', 'partner_reference'], ['personId', 'person_id'],
      ['givenName', 'given_name'], ['middleNames', 'middle_names'], ['familyName', 'family_name'], ['dateOfBirth', 'date_of_birth'],
      ['dateOfBirthText', 'date_of_birth_text'], ['flaggedFields', 'flagged_fields'], ['sex', 'sex'], ['postcode', 'postcode'],
      ['addressLine', 'address_line'], ['locality', 'locality'], ['upn', 'upn'], ['uln', 'uln'], ['otherIdentifier', 'other_identifier'],
      ['email', 'email'], ['phone', 'phone'], ['payload', 'payload'], ['version', 'version'], ['receivedAt', 'received_at'],
    ] as const
  ).map(([key, column]) => `'${key}', lr.${column}`),
  `'provider', json_build_object(${(
    [
      ['id', 'id'], ['code', 'code'], ['name', 'name'], ['nameCy', 'name_cy'], ['kind', 'kind'], ['laCode', 'la_code'],
      ['ispSignatory', 'isp_signatory'], ['uniquePerPerson', 'unique_per_person'], ['minAge', 'min_age'], ['maxAge', 'max_age'], ['createdAt', 'created_at'],
    ] as const
  )
    .map(([key, column]) => `'${key}', lo.${column}`)
    .join(', ')})`,
].join(', ');

/** A record as `recordsJsonSql` returns it (timestamps as JSON strings). */
export type StoredRecordJson = Omit<SourceRecordEntity, 'receivedAt' | 'provider' | 'person'> & {
  receivedAt: string;
  provider: Omit<SourceRecordEntity['provider'], 'createdAt'> & { createdAt: string };
};

/** The entity of a record read as JSON. */
function recordFromJson(j: StoredRecordJson): SourceRecordEntity {
  const provider = Object.assign(new OrganisationEntity(), { ...j.provider, createdAt: new Date(j.provider.createdAt) });
  return Object.assign(new SourceRecordEntity(), { ...j, receivedAt: new Date(j.receivedAt), provider });
}

/** A key a partner knows one of its learners by: its own reference, or a ULN or UPN (UPN upper-cased, ULN as ten digits). */
export interface PersonKey {
  kind: 'REFERENCE' | 'ULN' | 'UPN';
  key: string;
}

/**
 * A record from which nothing is released is not shown, but the access log still says what it held was
 * withheld and why (field `*CATEGORY`: the whole record, that category), so an IG officer can prove it.
 */
function noteHidden(ctx: RequestContext, r: SourceRecordEntity, decisions: DecisionLookup): void {
  if (!r.personId) return;
  for (const category of DATA_CATEGORIES) {
    if (!holds(r, category)) continue;
    const d = decisions.get(category);
    ctx.access.note(r.personId, {
      field: `*${category}`,
      category,
      providerOrganisationId: r.providerOrganisationId,
      released: false,
      reason: d.reason ?? 'NO_AGREEMENT',
      agreement: d.agreement,
    });
  }
}
