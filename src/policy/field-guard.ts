import { defaultFieldResolver, isObjectType, responsePathAsArray, type GraphQLSchema } from 'graphql';
import type { RequestContext } from '../graphql/context.js';
import type { DataCategory } from './data-category.js';
import { DATA_CATEGORY_EXTENSION, PERSONAL_TYPE_EXTENSION } from './personal-field.js';
import type { Decision } from './policy.types.js';
import { NEUTRAL_REASON } from './redaction-reason.js';

/** A value-bearing object of a personal-data type: a checked view made by the sources service. */
interface CheckedSource {
  personId: string | null;
  providerOrganisationId: string;
  decisions?: { get(category: DataCategory): Decision };
}

/** What a flag-only release carries instead of the value. */
export const CONTACT_BEFORE_PLACEMENT = Object.freeze({ contactBeforePlacement: true });

/** A view that did not come through the sources service is withheld (fail closed). */
const UNCHECKED: Decision = {
  allowed: false,
  reason: 'NO_AGREEMENT',
  agreement: null,
  flagOnly: false,
  recipientReason: NEUTRAL_REASON,
  recipientAgreement: null,
};

/**
 * Wraps the resolver of every categorised field of every personal-data type so that no resolver can
 * forget the check. The decision is a lookup into the checked view; a withheld field is null with a
 * redaction whether or not a value is held (so a redaction never says that something is held), telling
 * the recipient only the reason it may know; a flag-only release carries `{contactBeforePlacement: true}`
 * when a value is held. Held values are noted in the access buffer with the precise reason.
 */
export function guardPersonalFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.extensions[PERSONAL_TYPE_EXTENSION] !== true) continue;
    for (const field of Object.values(type.getFields())) {
      const category = field.extensions[DATA_CATEGORY_EXTENSION] as DataCategory | undefined;
      if (!category) continue;
      const inner = field.resolve ?? defaultFieldResolver;
      const name = field.name;
      field.resolve = (source: CheckedSource, args, ctx: RequestContext, info) => {
        const value: unknown = inner(source, args, ctx, info);
        const held = value !== null && value !== undefined;
        const decision = source.decisions?.get(category) ?? UNCHECKED;
        if (held && source.personId) {
          ctx.access.note(source.personId, {
            field: name,
            category,
            providerOrganisationId: source.providerOrganisationId,
            released: decision.allowed,
            reason: decision.reason ?? undefined,
            agreement: decision.agreement,
          });
        }
        if (decision.allowed) return held ? (decision.flagOnly ? CONTACT_BEFORE_PLACEMENT : value) : null;
        ctx.redactions.push({
          path: responsePathAsArray(info.path),
          category,
          reason: decision.recipientReason ?? NEUTRAL_REASON,
          agreement: decision.recipientAgreement,
        });
        return null;
      };
    }
  }
  return schema;
}
