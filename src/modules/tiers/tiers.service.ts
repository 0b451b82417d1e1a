import type { RequestContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { withIdempotency } from '../../graphql/idempotency.js';
import type { RecordTierAssessmentInput, TierAssessmentType } from './tier.type.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Records tier assessments: the current tier (the latest) is what the sharing rules read on the next request. */
export class TiersService {
  /** Appends an assessment and brings Careers Wales's own record of the person up to date (a new version). */
  async record(ctx: RequestContext, input: RecordTierAssessmentInput): Promise<TierAssessmentType> {
    if (!UUID.test(input.personId)) throw badInput('personId', 'must be a UUID');
    const [person] = (await ctx.ds.query('SELECT 1 FROM young_person WHERE id = $1', [input.personId])) as unknown[];
    if (!person) throw badInput('personId', 'no young person with this id');
    const { id } = await ctx.ds.transaction((em) =>
      withIdempotency(ctx, em, async () => {
        const [row] = (await em.query(`INSERT INTO tier_assessment (person_id, tier, assessed_on, assessed_by) VALUES ($1,$2,$3,$4) RETURNING id`, [
          input.personId,
          input.tier,
          input.assessedOn,
          ctx.principal.id,
        ])) as [{ id: string }];
        const status: Record<string, unknown> = { tier: input.tier, assessedOn: input.assessedOn };
        if (input.tier4Risk) status['tier4Risk'] = input.tier4Risk;
        if (input.tier2Reason) status['tier2Reason'] = input.tier2Reason;
        await em.query(
          `UPDATE source_record SET payload = jsonb_set(payload, '{TIER_STATUS}', $3::jsonb), version = version + 1, received_at = now()
            WHERE person_id = $1 AND provider_organisation_id = $2`,
          [input.personId, ctx.principal.organisation.id, JSON.stringify(status)],
        );
        await ctx.services.audit.recordChange(ctx, em, {
          personId: input.personId,
          event: 'tier.assessed',
          change: { tierAssessmentId: row.id, tier: input.tier, assessedOn: input.assessedOn },
        });
        return { id: row.id };
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
