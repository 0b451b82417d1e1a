import { readFile } from 'node:fs/promises';
import { isNonNullType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isDataCategory } from '../src/policy/data-category.js';
import { DATA_CATEGORY_EXTENSION, PERSONAL_TYPE_EXTENSION, PROVENANCE_EXTENSION } from '../src/policy/personal-field.js';
import { getSchema, schemaSdl } from '../src/graphql/schema.js';

describe('the committed schema', () => {
  it('matches the schema built from the code (run npm run schema:emit after changing it)', async () => {
    const committed = await readFile(new URL('../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed, 'schema/schema.graphql is stale: run npm run schema:emit and commit it').toBe(await schemaSdl());
  });

  it('declares exactly one data category, or provenance, on every field of every personal-data type', async () => {
    const schema = await getSchema();
    const personalTypes = Object.values(schema.getTypeMap()).filter(
      (t) => isObjectType(t) && t.extensions[PERSONAL_TYPE_EXTENSION] === true,
    );
    expect(personalTypes.map((t) => t.name)).toContain('SourceRecord');
    const problems: string[] = [];
    for (const type of personalTypes) {
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const category = field.extensions[DATA_CATEGORY_EXTENSION];
        const provenance = field.extensions[PROVENANCE_EXTENSION] === true;
        if (provenance && category !== undefined) problems.push(`${type.name}.${field.name} is both provenance and ${String(category)}`);
        if (!provenance && (typeof category !== 'string' || !isDataCategory(category))) {
          problems.push(`${type.name}.${field.name} has no data category`);
        }
        // A withheld value comes back as null, so a categorised field can never be non-null.
        if (category !== undefined && isNonNullType(field.type)) problems.push(`${type.name}.${field.name} is non-null`);
      }
    }
    expect(problems).toEqual([]);
  });
});
