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

/** A record's sharing decisions, looked up by category (each decided on first use and memoised by the policy). */
export interface DecisionLookup {
  get(category: DataCategory): Decision;
}

/** Withheld, for a record that is linked to no person (there is nobody to decide for: fail closed). */
const UNLINKED: Decision = {
  allowed: false,
  reason: 'NO_AGREEMENT',
  agreement: null,
  flagOnly: false,
  recipientReason: 'NO_AGREEMENT',
  recipientAgreement: null,
};

/** The request policy's decisions for one record, decided lazily: a field asked for costs one memoised lookup. */
export function decideRecord(policy: RequestPolicy, record: SourceRecordEntity): DecisionLookup {
  const provider: ProviderFacts = { organisationId: record.providerOrganisationId, kind: record.provider.kind, laCode: record.provider.laCode };
  const personId = record.personId;
  if (!personId) return { get: () => UNLINKED };
  return { get: (category) => policy.decide(personId, provider, category) };
}

/**
 * A record is shown only when a value it holds is released (docs/sharing-rules.md §2): otherwise even its
 * provider and date would disclose that the supplier knows the young person. IDENTITY, held by every
 * record, is looked at first, so most records are settled by one decision.
 */
export function isShown(record: SourceRecordEntity, decisions: DecisionLookup): boolean {
  for (const category of DATA_CATEGORIES) if (holds(record, category) && decisions.get(category).allowed) return true;
  return false;
}

/** The checked view of a record: its GraphQL shape with the decisions the field guard reads. */
export function checkedView(record: SourceRecordEntity, decisions: DecisionLookup): SourceRecordType {
  return { ...toSourceRecordView(record), decisions };
}
