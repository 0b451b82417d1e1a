import { DATA_CATEGORIES, type DataCategory } from '../../policy/data-category.js';
import type { Decision, ProviderFacts } from '../../policy/policy.types.js';
import type { RequestPolicy } from '../../policy/request-policy.js';
import type { SourceRecordEntity } from './source-record.entity.js';
import { toSourceRecordView } from './source-record.mapper.js';
import type { SourceRecordType } from './source-record.type.js';

/** Categories every record holds (its identity and contact columns); the others are held when its payload has them. */
export const ALWAYS_HELD: ReadonlySet<DataCategory> = new Set(['IDENTITY', 'CONTACT']);

/** Does the record hold a value in this category? */
export function holds(record: Pick<SourceRecordEntity, 'payload'>, category: DataCategory): boolean {
  return ALWAYS_HELD.has(category) || (record.payload as Record<string, unknown>)[category] !== undefined;
}

/** The request policy's decision for every category of one record, keyed by category. */
export function decideRecord(policy: RequestPolicy, record: SourceRecordEntity): ReadonlyMap<DataCategory, Decision> {
  const provider: ProviderFacts = { organisationId: record.providerOrganisationId, kind: record.provider.kind, laCode: record.provider.laCode };
  const personId = record.personId;
  const out = new Map<DataCategory, Decision>();
  if (!personId) return out; // an unlinked record has no person to decide for: nothing is released (fail closed)
  for (const category of DATA_CATEGORIES) out.set(category, policy.decide(personId, provider, category));
  return out;
}

/**
 * A record is shown only when a value it holds is released (docs/sharing-rules.md §2): otherwise even its
 * provider and date would disclose that the supplier knows the young person.
 */
export function isShown(record: SourceRecordEntity, decisions: ReadonlyMap<DataCategory, Decision>): boolean {
  for (const [category, d] of decisions) if (d.allowed && holds(record, category)) return true;
  return false;
}

/** The checked view of a record: its GraphQL shape with the decisions the field guard reads. */
export function checkedView(record: SourceRecordEntity, decisions: ReadonlyMap<DataCategory, Decision>): SourceRecordType {
  return { ...toSourceRecordView(record), decisions };
}
