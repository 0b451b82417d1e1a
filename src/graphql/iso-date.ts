import { ValidateBy, type ValidationOptions } from 'class-validator';

/** True when the string is a real calendar date written YYYY-MM-DD (so not `2026-02-31`), from year 1000. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = /^([1-9]\d{3})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** class-validator rule: the field is a real calendar date written YYYY-MM-DD (PostgreSQL refuses `2026-02-31`). */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDate',
      validator: { validate: (v: unknown) => isIsoDate(v), defaultMessage: () => '$property must be a real date written YYYY-MM-DD' },
    },
    options,
  );
}
