import { validate, type ValidationError, type ValidatorOptions } from 'class-validator';
import type { ValidatorFn } from 'type-graphql';
import { badInput } from './errors.js';

// As type-graphql validates by default: fields left out are not checked, undecorated objects pass.
const OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

/** The first failed rule in a tree of class-validator errors, as a field path and the rule's own message. */
export function firstViolation(errors: readonly ValidationError[], prefix: string): { field: string; message: string } | null {
  for (const e of errors) {
    const field = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    const messages = Object.values(e.constraints ?? {});
    if (messages.length > 0) return { field, message: messages.join('; ') };
    const nested = firstViolation(e.children ?? [], field);
    if (nested) return nested;
  }
  return null;
}

/**
 * Runs the class-validator rules on an input argument and refuses the first broken one as BAD_USER_INPUT
 * naming the field (`input.assessedOn`). type-graphql's own error would echo the whole argument, values
 * and all, in `extensions.validationErrors`; this one carries the field and the rule only.
 */
export const validateArgs: ValidatorFn = async (argValue, _argType, { args }) => {
  if (argValue === null || typeof argValue !== 'object') return;
  const name = argumentName(args, argValue);
  const items: unknown[] = Array.isArray(argValue) ? argValue : [argValue];
  for (const [i, item] of items.entries()) {
    if (item === null || typeof item !== 'object') continue;
    const errors = await validate(item, OPTIONS);
    const found = firstViolation(errors, Array.isArray(argValue) ? `${name}[${i}]` : name);
    if (found) throw badInput(found.field, stripFieldName(found.message, found.field));
  }
};

// type-graphql hands over a class instance made from the argument, not the argument itself: the argument
// is the only object among them, or the one with the same content.
function argumentName(args: Record<string, unknown>, value: object): string {
  const objects = Object.entries(args).filter(([, v]) => v !== null && typeof v === 'object');
  if (objects.length === 1) return objects[0]![0];
  const text = JSON.stringify(value);
  return objects.find(([, v]) => JSON.stringify(v) === text)?.[0] ?? '';
}

// Our rule messages start with the property's name ("assessedOn must be YYYY-MM-DD"); the error already
// names the field, so the repeat is dropped.
function stripFieldName(message: string, field: string): string {
  const last = field.replace(/\[\d+\]$/, '').split('.').at(-1) ?? '';
  return last && message.startsWith(`${last} `) ? message.slice(last.length + 1) : message;
}
