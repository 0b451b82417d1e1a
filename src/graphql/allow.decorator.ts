import { Authorized, Extensions } from 'type-graphql';
import type { Action, Subject } from '../policy/roles.policy.js';

/** Marker for an operation open to every authenticated principal: declared, never open by omission. */
export const AUTHENTICATED = 'AUTHENTICATED';

/** Who may call one operation: a permission of roles.policy.ts, or every authenticated principal. */
export type OperationRule = { readonly action: Action; readonly subject: Subject } | { readonly authenticated: true };

/** Extension key holding an operation's rule in the built schema (the schema check reads it). */
export const ALLOW_EXTENSION = 'allow';

/**
 * Declares who may call a Query or Mutation, where it is declared: `@Allow('read', 'PersonRecord')` or
 * `@Allow(AUTHENTICATED)`. The rule goes to type-graphql's `@Authorized` (enforced by the auth checker
 * against the request's CASL ability) and into the field's extensions (so the built schema shows it).
 */
export function Allow(everyone: typeof AUTHENTICATED): MethodDecorator;
export function Allow(action: Action, subject: Subject): MethodDecorator;
export function Allow(action: Action | typeof AUTHENTICATED, subject?: Subject): MethodDecorator {
  const rule: OperationRule = action === AUTHENTICATED ? { authenticated: true } : { action, subject: subject! };
  const authorized = Authorized<OperationRule>(rule) as MethodDecorator;
  const extension = Extensions({ [ALLOW_EXTENSION]: rule }) as MethodDecorator;
  return (target, key, descriptor) => {
    authorized(target, key, descriptor);
    extension(target, key, descriptor);
  };
}

/** The rule in words, as refusals and the schema check name it: `read PersonRecord` or `AUTHENTICATED`. */
export function describeRule(rule: OperationRule): string {
  return 'authenticated' in rule ? AUTHENTICATED : `${rule.action} ${rule.subject}`;
}
