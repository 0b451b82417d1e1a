import { defaultFieldResolver, isObjectType, responsePathAsArray, type GraphQLSchema } from 'graphql';
import type { RequestContext } from '../graphql/context.js';
import type { DataCategory } from './data-category.js';
import { DATA_CATEGORY_EXTENSION, PERSONAL_TYPE_EXTENSION } from './personal-field.js';
import type { ProviderFacts } from './policy.types.js';

/** A value-bearing object of a personal-data type: the guard needs its person and supplier. */
interface Provenanced {
  personId: string | null;
  provider: ProviderFacts & { id?: string };
  providerOrganisationId: string;
}

/**
 * Wraps the resolver of every categorised field of every personal-data type so that no resolver can
 * forget the check: each value is decided by the request's policy (a memoised lookup), noted in the
 * access buffer, and, when withheld, returned as null with a redaction naming the reason and agreement.
 * A value for which the service prepared no policy is withheld (fail closed). Fields resolve to plain
 * values (the source objects are built by services), so the inner resolver is never asynchronous.
 */
export function guardPersonalFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.extensions[PERSONAL_TYPE_EXTENSION] !== true) continue;
    for (const field of Object.values(type.getFields())) {
      const category = field.extensions[DATA_CATEGORY_EXTENSION] as DataCategory | undefined;
      if (!category) continue;
      const inner = field.resolve ?? defaultFieldResolver;
      const name = field.name;
      field.resolve = (source: Provenanced, args, ctx: RequestContext, info) => {
        const value: unknown = inner(source, args, ctx, info);
        // Nothing held, nothing disclosed or withheld: no decision, no redaction, no log entry.
        if (value === null || value === undefined) return null;
        const policy = ctx.services.policy.existing(ctx);
        const provider: ProviderFacts = {
          organisationId: source.providerOrganisationId,
          kind: source.provider.kind,
          laCode: source.provider.laCode,
        };
        const decision =
          policy && source.personId
            ? policy.decide(source.personId, provider, category)
            : { allowed: false, reason: 'NO_AGREEMENT' as const, agreement: null };
        if (source.personId) {
          ctx.access.note(source.personId, {
            field: name,
            category,
            providerOrganisationId: source.providerOrganisationId,
            released: decision.allowed,
            reason: decision.reason ?? undefined,
            agreement: decision.agreement,
          });
        }
        if (decision.allowed) return value;
        ctx.redactions.push({
          path: responsePathAsArray(info.path),
          category,
          reason: decision.reason ?? 'NO_AGREEMENT',
          agreement: decision.agreement,
        });
        return null;
      };
    }
  }
  return schema;
}
