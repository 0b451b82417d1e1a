import { Extensions, ObjectType } from 'type-graphql';
import { PERSONAL_TYPE_EXTENSION, PersonalField, ProvenanceField } from '../../policy/personal-field.js';
import { OrganisationType } from '../organisations/organisation.type.js';
import type { DecisionLookup } from '../sources/checked-view.js';
import type { CheckedValue } from '../tiers/tier-history.type.js';

/** A young person's lead worker as one partner's record gives it (that partner's LEAD_WORKER data). */
@ObjectType('LeadWorker', {
  description: "A young person's current lead worker as one partner's record gives it (LEAD_WORKER of that partner)",
})
@Extensions({ [PERSONAL_TYPE_EXTENSION]: true })
export class LeadWorkerType implements CheckedValue {
  personId!: string;
  providerOrganisationId!: string;
  decisions?: DecisionLookup;

  @ProvenanceField(() => OrganisationType, { description: 'The organisation whose record names the lead worker' })
  source!: OrganisationType;

  @PersonalField('LEAD_WORKER', () => String, { nullable: true, description: "The lead worker's host organisation, as the record names it" })
  hostOrganisation!: string | null;

  @PersonalField('LEAD_WORKER', () => String, { nullable: true, description: "The lead worker's name: who to contact" })
  name!: string | null;

  @PersonalField('LEAD_WORKER', () => String, { nullable: true })
  initials!: string | null;

  @PersonalField('LEAD_WORKER', () => String, { nullable: true, description: 'Allocated on (YYYY-MM-DD)' })
  allocatedOn!: string | null;
}
