import type { RequestContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { withIdempotency } from '../../graphql/idempotency.js';
import type { RecordTierAssessmentInput, TierAssessmentType } from './tier.type.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Records tier assessments: the current tier (the latest) is what the sharing rules read on the next request. */
export class TiersService {
  /**
   * Appends an assessment to the tier history (which also makes it the current tier) and brings Careers
   * Wales's own record of the person up to date (a new version), with one access-log row, in one transaction.
   */
  async record(ctx: RequestContext, input: RecordTierAssessmentInput): Promise<TierAssessmentType> {
    if (!UUID.test(input.personId)) throw badInput('personId', 'must be a UUID');
    const [person] = (await ctx.ds.query('SELECT 1 FROM young_person WHERE id = $1', [input.personId])) as unknown[];
    if (!person) throw badInput('personId', 'no young person with this id');
    const source = await careersWalesFor(ctx);
    const { id } = await ctx.ds.transaction((em) =>
      withIdempotency(ctx, em, async () => {
        const status: Record<string, unknown> = { tier: input.tier, assessedOn: input.assessedOn };
        if (input.tier4Risk) status['tier4Risk'] = input.tier4Risk;
        if (input.tier2Reason) status['tier2Reason'] = input.tier2Reason;
        await em.query(
          `UPDATE source_record SET payload = jsonb_set(payload, '{TIER_STATUS}', $3::jsonb), version = version + 1, received_at = now()
            WHERE person_id = $1 AND provider_organisation_id = $2`,
          [input.personId, ctx.principal.organisation.id, JSON.stringify(status)],
        );
        const event = await ctx.services.tierHistory.record(
          ctx,
          em,
          {
            personId: input.personId,
            kind: 'ASSESSMENT',
            sourceOrganisationId: source,
            effectiveOn: input.assessedOn,
            reason: 'CAREERS_WALES_ASSESSMENT',
            sourceEventId: input.sourceEventId ?? null,
            tier: input.tier as 1 | 2 | 3 | 4 | 5,
            tier2Reason: input.tier2Reason ?? null,
            tier4Risk: input.tier4Risk ?? null,
          },
          { auditEvent: 'tier.assessed' },
        );
        return { id: event.tierAssessmentId! };
      }),
    );
    // Read back after the commit: a retry answered from the first run gets the same assessment.
    const [row] = (await ctx.ds.query(
      `SELECT id, person_id, tier, assessed_on::text AS assessed_on, recorded_at FROM tier_assessment WHERE id = $1`,
      [id],
    )) as [Record<string, unknown>];
    return {
      id: row['id'] as string,
      personId: row['person_id'] as string,
      tier: Number(row['tier']),
      assessedOn: row['assessed_on'] as string,
      recordedAt: row['recorded_at'] as Date,
    };
  }
}

/** The Careers Wales organisation an assessment is Careers Wales's word from: the assessor's, or (an administrator acting) Careers Wales. */
async function careersWalesFor(ctx: RequestContext): Promise<string> {
  if (ctx.principal.organisation.kind === 'CAREERS_WALES') return ctx.principal.organisation.id;
  const [cw] = (await ctx.ds.query(`SELECT id FROM organisation WHERE kind = 'CAREERS_WALES' ORDER BY code LIMIT 1`)) as Array<{ id: string }>;
  if (!cw) throw badInput('personId', 'no Careers Wales organisation is registered');
  return cw.id;
}
