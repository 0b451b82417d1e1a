import { isObjectType, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AccessBuffer } from '../src/audit/access-buffer.js';
import type { RequestContext } from '../src/graphql/context.js';
import { getSchema } from '../src/graphql/schema.js';
import { isDataCategory, type DataCategory } from '../src/policy/data-category.js';
import { DATA_CATEGORY_EXTENSION, PERSONAL_TYPE_EXTENSION } from '../src/policy/personal-field.js';
import type { Decision } from '../src/policy/policy.types.js';

// Every personal field of the types the tier history, the worklist and the transfers added has one data category, and the field
// guard answers it from the decision for that category only: null (with a redaction naming the category) to a
// principal denied it, the value to one released it. The end-to-end tests show whole objects left out; here each
// field is asked for on its own, as a view whose other categories are released.

const NEW_TYPES = [
  'TierEvent',
  'TierStatus',
  'TierMovement',
  'WorklistProgress',
  'EnrolmentSighting',
  'AttendanceSighting',
  'CareersGuidanceSighting',
  'TierAssessmentSighting',
  'InvolvementSighting',
  'LeadWorkerSighting',
  'DestinationSighting',
  'Tier1Unknown',
  'NoCareersWalesContactUnknown',
  'DestinationNonRespondentUnknown',
  'LeftProvisionUnknown',
  // Moves between LAs: where the young person lived and lives (CONTACT), the transfer dataset of each record.
  'TransferEnd',
  'TransferRecord',
];

const decision = (allowed: boolean): Decision => ({
  allowed,
  reason: allowed ? null : 'TIER_RESTRICTED',
  agreement: 'ISP-YEPF-REGIONAL@2',
  flagOnly: false,
  recipientReason: allowed ? null : 'WITHHELD',
  recipientAgreement: 'ISP-YEPF-REGIONAL@2',
});

describe('the personal fields of the tier history and the worklist', () => {
  it('each carry one data category, and are null with a redaction for a principal denied that category only', async () => {
    const schema = await getSchema();
    let checked = 0;
    for (const name of NEW_TYPES) {
      const type = schema.getType(name);
      expect(isObjectType(type) && type.extensions[PERSONAL_TYPE_EXTENSION], `${name} is a personal-data type`).toBe(true);
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const category = field.extensions[DATA_CATEGORY_EXTENSION] as DataCategory | undefined;
        if (category === undefined) continue; // provenance (the schema test checks there is nothing else)
        expect(isDataCategory(category)).toBe(true);
        const ask = (denied: DataCategory | null) => {
          const ctx = { access: new AccessBuffer(), redactions: [] } as unknown as RequestContext;
          const source = {
            personId: '00000000-0000-4000-8000-000000000001',
            providerOrganisationId: '00000000-0000-4000-8000-000000000002',
            decisions: { get: (c: DataCategory) => decision(c !== denied) },
            [field.name]: 'a held value',
          };
          const info = { path: { prev: undefined, key: field.name, typename: name } } as unknown as GraphQLResolveInfo;
          const value: unknown = field.resolve!(source, {}, ctx, info);
          return { value, ctx };
        };
        const denied = ask(category);
        expect(denied.value, `${name}.${field.name} denied`).toBeNull();
        expect(denied.ctx.redactions, `${name}.${field.name} denied`).toEqual([
          { path: [field.name], category, reason: 'WITHHELD', agreement: 'ISP-YEPF-REGIONAL@2' },
        ]);
        // Denying any other category leaves this field released.
        const other = ask(category === 'IDENTITY' ? 'CONTACT' : 'IDENTITY');
        expect(other.value, `${name}.${field.name} released`).toBe('a held value');
        expect(other.ctx.redactions).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});
