import type { CompiledPolicy } from './compile.js';
import type { DataCategory } from './data-category.js';

/** A SQL predicate over one provider organisation (its id and kind columns), with positional parameters from `$first`. */
export interface ProviderScope {
  sql: string;
  params: unknown[];
}

/**
 * The suppliers whose values of one category this principal could be released under the request's purpose:
 * its own organisation (when its roles may read the category of their own data) and every provider a
 * granting clause names. A prefilter for lists of values that are not record columns (notifications,
 * destination returns): it never releases anything, it only skips rows no rule could release; each row
 * left is still decided by the request's policy.
 */
export function providerScope(c: CompiledPolicy, category: DataCategory, idColumn: string, kindColumn: string, first: number): ProviderScope {
  if (!c.rolePermitsPurpose || c.excluded.has(category)) return { sql: 'FALSE', params: [] };
  if (c.isAdmin) return { sql: 'TRUE', params: [] };
  const ids = new Set<string>();
  const kinds = new Set<string>();
  if (c.ownCategories.has(category)) ids.add(c.requester.organisationId);
  for (const k of c.grantingClauses) {
    if (!k.categories.includes(category)) continue;
    if (k.providerOrganisationId !== null) ids.add(k.providerOrganisationId);
    else if (k.providerKind !== null) kinds.add(k.providerKind);
  }
  if (ids.size === 0 && kinds.size === 0) return { sql: 'FALSE', params: [] };
  return {
    sql: `(${idColumn} = ANY($${first}::uuid[]) OR ${kindColumn} = ANY($${first + 1}::text[]))`,
    params: [[...ids], [...kinds]],
  };
}
