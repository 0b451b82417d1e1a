import { defaultFieldResolver, isObjectType, type GraphQLSchema } from 'graphql';
import type { RequestContext } from '../graphql/context.js';
import type { DataCategory } from './data-category.js';
import { DATA_CATEGORY_EXTENSION, PERSONAL_TYPE_EXTENSION } from './personal-field.js';

/** A value-bearing object of a personal-data type: the guard needs its person and supplier. */
interface Provenanced {
  personId: string | null;
  providerOrganisationId: string;
}

/**
 * Wraps the resolver of every categorised field of every personal-data type so that no resolver can
 * forget the check: each value is noted in the request's access buffer, released or withheld.
 * The wrapper is a plain function (not a type-graphql middleware) and the decision is a lookup.
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
        const allowed = ctx.ability.can('read', 'PersonalData');
        if (source.personId) {
          ctx.access.note(source.personId, {
            field: name,
            category,
            providerOrganisationId: source.providerOrganisationId,
            released: allowed,
            reason: allowed ? undefined : 'ROLE_NOT_PERMITTED',
          });
        }
        return allowed ? inner(source, args, ctx, info) : null;
      };
    }
  }
  return schema;
}
