import { isObjectType } from 'graphql';
import type { RequestContext } from '../graphql/context.js';
import { badInput, notFound } from '../graphql/errors.js';
import { getSchema } from '../graphql/schema.js';
import type { SourceRecordEntity } from '../modules/sources/source-record.entity.js';
import { toSourceRecordView } from '../modules/sources/source-record.mapper.js';
import type { DataCategory } from '../policy/data-category.js';
import { DATA_CATEGORY_EXTENSION } from '../policy/personal-field.js';
import { AUDIT_EVENTS, decodeEntry, type AccessOutcome } from './access-event.js';
import { whereClause } from './access-log.query.js';
import { rows } from './canonical.js';
import { isThirdPartyKey } from './subject-access.policy.js';
import type { SubjectAccessBasisType, SubjectAccessReportType, SubjectAccessValueType } from './subject-access.type.js';

/** Most access events listed in one report (newest first); the report says when there were more. */
export const MAX_REPORT_EVENTS = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * SEAM for the policy engine: the agreement clauses and consents that apply to a person, within the
 * reader's scope. Until the engine supplies one, the report lists none and says so in `omitted`.
 */
export interface AgreementsAndConsentsSource {
  /** Every agreement clause and consent that applies to the person (null provider: every provider). */
  agreementsAndConsentsFor(ctx: RequestContext, personId: string, providerOrganisationId: string | null): Promise<SubjectAccessBasisType[]>;
}

/** The placeholder source: nothing yet, flagged as such. */
export const AGREEMENTS_AND_CONSENTS_NOT_YET_AVAILABLE: AgreementsAndConsentsSource & { available: false } = {
  available: false,
  async agreementsAndConsentsFor() {
    return [];
  },
};

/** The GraphQL field name and category of each column of a source record, read from the schema once. */
let fieldCategories: Promise<Array<[string, DataCategory]>> | undefined;
function sourceRecordFields(): Promise<Array<[string, DataCategory]>> {
  fieldCategories ??= getSchema().then((schema) => {
    const type = schema.getType('SourceRecord');
    if (!isObjectType(type)) throw new Error('SourceRecord type missing from the schema');
    return Object.values(type.getFields()).flatMap((f) => {
      const c = f.extensions[DATA_CATEGORY_EXTENSION] as DataCategory | undefined;
      return c ? [[f.name, c] as [string, DataCategory]] : [];
    });
  });
  return fieldCategories;
}

interface EventRow {
  occurred_at: Date;
  event: string;
  outcome: AccessOutcome;
  organisation_name: string | null;
  roles: string[];
  purpose: string | null;
  released: string[];
  withheld: string[];
  agreements: string[];
  provider_ids: string[];
}

/**
 * Subject access reports: everything held about one young person with its source, the agreements and
 * consents that apply, and every access event, with other people's personal data left out. An IG
 * officer's report covers their organisation as controller (the values it supplied, the accesses by it
 * or to its data); an administrator's covers the whole hub. The values disclosed are themselves logged.
 */
export class SubjectAccessService {
  constructor(private readonly agreements: AgreementsAndConsentsSource = AGREEMENTS_AND_CONSENTS_NOT_YET_AVAILABLE) {}

  /** Builds the report for one young person. */
  async report(ctx: RequestContext, personId: string): Promise<SubjectAccessReportType> {
    // Who may ask is declared on the operation; this is only how far the report reaches.
    const whole = ctx.ability.can('manage', 'all');
    if (!UUID.test(personId)) throw badInput('personId', 'must be a UUID');
    const id = personId.toLowerCase();
    const [exists] = await rows<{ id: string }>(ctx.ds, 'SELECT id FROM young_person WHERE id = $1', [id]);
    if (!exists) throw notFound('Young person');
    const provider = whole ? null : ctx.principal.organisation.id;

    const omitted = new Set<string>();
    const records = await ctx.services.sources.recordsForSubjectAccess(ctx, id, provider);
    const values = await this.valuesOf(ctx, id, records, omitted);

    const { sql, params } = whereClause({ personId: id }, whole ? { kind: 'all' } : { kind: 'organisation', organisationId: provider! });
    params.push(MAX_REPORT_EVENTS + 1);
    const events = await rows<EventRow>(
      ctx.ds,
      `SELECT e.occurred_at, e.event, e.outcome, o.name AS organisation_name, e.roles, e.purpose, e.released, e.withheld, e.agreements, e.provider_ids
         FROM access_event e LEFT JOIN organisation o ON o.id = e.organisation_id
        WHERE ${sql} ORDER BY e.occurred_at DESC, e.seq DESC LIMIT $${params.length}`,
      params,
    );
    const agreementsAndConsents = await this.agreements.agreementsAndConsentsFor(ctx, id, provider);
    if ('available' in this.agreements && this.agreements.available === false) {
      omitted.add('agreementsAndConsents: not yet supplied by the sharing-agreement engine');
    }
    omitted.add('accessEvents: the names of the staff and systems who acted (their organisation and role are shown)');

    ctx.access.noteActivity({
      personId: id,
      event: AUDIT_EVENTS.subjectAccessReported,
      detail: { scope: provider ?? 'all', values: values.length, accessEvents: Math.min(events.length, MAX_REPORT_EVENTS) },
    });
    return {
      personId: id,
      generatedAt: new Date(),
      scope: whole ? 'every organisation in the hub' : `${ctx.principal.organisation.name} as controller`,
      values,
      agreementsAndConsents,
      accessEvents: events.slice(0, MAX_REPORT_EVENTS).map((e) => ({
        occurredAt: e.occurred_at,
        event: e.event,
        outcome: e.outcome,
        organisationName: e.organisation_name,
        roles: e.roles,
        purpose: e.purpose,
        released: e.released.map((x) => decodeEntry(x, e.provider_ids)),
        withheld: e.withheld.map((x) => decodeEntry(x, e.provider_ids)),
        agreements: e.agreements,
      })),
      accessEventsTruncated: events.length > MAX_REPORT_EVENTS,
      omitted: [...omitted].sort(),
    };
  }

  /** Flattens each record into one value per field (payload objects one per key), noting each as released. */
  private async valuesOf(ctx: RequestContext, personId: string, records: SourceRecordEntity[], omitted: Set<string>): Promise<SubjectAccessValueType[]> {
    const fields = await sourceRecordFields();
    const values: SubjectAccessValueType[] = [];
    for (const record of records) {
      const view = toSourceRecordView(record) as unknown as Record<string, unknown>;
      const source = {
        sourceRecordId: record.id,
        provider: record.provider,
        receivedAt: record.receivedAt,
        version: record.version,
      };
      for (const [field, category] of fields) {
        const raw = view[field];
        if (raw == null) continue;
        const held = raw && typeof raw === 'object' && !Array.isArray(raw) ? Object.entries(raw) : [[null, raw] as const];
        let disclosed = false;
        for (const [key, v] of held) {
          const name = key === null ? field : `${field}.${key}`;
          if (key !== null && isThirdPartyKey(key)) {
            omitted.add(`${name}: identifies another person`);
            continue;
          }
          const clean = withoutThirdParties(v, name, omitted);
          if (clean === undefined) continue;
          values.push({ ...source, category, field: name, value: typeof clean === 'string' ? clean : JSON.stringify(clean) });
          disclosed = true;
        }
        if (disclosed) {
          ctx.access.note(personId, { field, category, providerOrganisationId: record.providerOrganisationId, released: true });
        }
      }
    }
    return values;
  }
}

/** A copy of a payload value with keys that identify other people removed (and named in `omitted`). */
function withoutThirdParties(value: unknown, path: string, omitted: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((v, i) => withoutThirdParties(v, `${path}[${i}]`, omitted));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (isThirdPartyKey(k)) omitted.add(`${path}.${k}: identifies another person`);
      else out[k] = withoutThirdParties(v, `${path}.${k}`, omitted);
    }
    return out;
  }
  return value;
}
