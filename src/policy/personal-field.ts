import { Extensions, Field, type FieldOptions } from 'type-graphql';
import type { DataCategory } from './data-category.js';

/** Extension key holding a field's data category in the built schema. */
export const DATA_CATEGORY_EXTENSION = 'dataCategory';

/** Extension key marking an object type whose fields carry personal data. */
export const PERSONAL_TYPE_EXTENSION = 'personalData';

/** Extension key marking a field of a personal-data type that is provenance, not personal data. */
export const PROVENANCE_EXTENSION = 'provenance';

type FieldDecorator = MethodDecorator & PropertyDecorator;

/** type-graphql's return-type thunk (not exported from its index). */
type ReturnTypeFunc = Parameters<typeof Field>[0] & ((returns?: void) => unknown);

/** A GraphQL field that carries personal data, declared with exactly one data category. */
export function PersonalField(category: DataCategory, type: ReturnTypeFunc, options: FieldOptions = {}): FieldDecorator {
  const field = Field(type, options) as FieldDecorator;
  const ext = Extensions({ [DATA_CATEGORY_EXTENSION]: category }) as FieldDecorator;
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    field(target, key, descriptor as TypedPropertyDescriptor<unknown>);
    ext(target, key, descriptor as TypedPropertyDescriptor<unknown>);
  };
}

/** A field of a personal-data type that says where a value came from (id, provider, received-at), not what it is. */
export function ProvenanceField(type: ReturnTypeFunc, options: FieldOptions = {}): FieldDecorator {
  const field = Field(type, options) as FieldDecorator;
  const ext = Extensions({ [PROVENANCE_EXTENSION]: true }) as FieldDecorator;
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    field(target, key, descriptor as TypedPropertyDescriptor<unknown>);
    ext(target, key, descriptor as TypedPropertyDescriptor<unknown>);
  };
}
