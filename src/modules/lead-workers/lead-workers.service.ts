import type { RequestContext } from '../../graphql/context.js';
import { isoToday } from '../../policy/age.js';
import type { SourceRecordType } from '../sources/source-record.type.js';
import { RequestBatch } from '../tiers/request-batch.js';
import type { LeadWorkerType } from './lead-worker.type.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (v: unknown): string | null => (typeof v === 'string' && DAY.test(v) ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * Lead-worker allocations as partners' records give them (the LEAD_WORKER category of each record), read only
 * through the sources service's checked views: an allocation is shown only when its supplier's LEAD_WORKER is
 * released to the asker, so "none" means none known to the asker (none held, or none released), never more.
 * A page of people costs one query.
 */
export class LeadWorkersService {
  private readonly batch = new RequestBatch<RequestContext, LeadWorkerType | null>((ctx, ids) => this.load(ctx, ids));

  /** The current allocation released to the asker (the latest allocated, not ended), or null. */
  async current(ctx: RequestContext, personId: string): Promise<LeadWorkerType | null> {
    return (await this.batch.get(ctx, personId)) ?? null;
  }

  private async load(ctx: RequestContext, ids: string[]): Promise<Map<string, LeadWorkerType | null>> {
    const views = await ctx.services.sources.viewsOfPeople(ctx, ids, { holding: 'LEAD_WORKER' });
    const today = isoToday();
    const out = new Map<string, LeadWorkerType | null>();
    for (const [personId, records] of views) {
      let best: { on: string; view: LeadWorkerType } | null = null;
      for (const r of records) {
        const allocation = released(ctx, r);
        if (!allocation) continue;
        const ended = day(allocation['endedOn']);
        if (ended !== null && ended <= today) continue;
        const on = day(allocation['allocatedOn']) ?? '';
        if (best && best.on >= on) continue;
        best = {
          on,
          view: {
            personId,
            providerOrganisationId: r.providerOrganisationId,
            decisions: r.decisions,
            source: r.provider,
            hostOrganisation: text(allocation['organisation']),
            name: text(allocation['leadWorkerName']),
            initials: text(allocation['leadWorkerInitials']),
            allocatedOn: day(allocation['allocatedOn']),
          },
        };
      }
      out.set(personId, best?.view ?? null);
    }
    return out;
  }
}

/** The record's allocation when its LEAD_WORKER value is released to the asker; a withheld one is noted for the access log. */
function released(ctx: RequestContext, r: SourceRecordType): Record<string, unknown> | null {
  const decision = r.decisions?.get('LEAD_WORKER');
  if (!r.personId || !decision || !r.leadWorker) return null;
  if (!decision.allowed) {
    ctx.access.note(r.personId, {
      field: '*LEAD_WORKER',
      category: 'LEAD_WORKER',
      providerOrganisationId: r.providerOrganisationId,
      released: false,
      reason: decision.reason ?? 'NO_AGREEMENT',
      agreement: decision.agreement,
    });
    return null;
  }
  // A flag-only release says that a value is held, never what it is: no allocation can be shown from it.
  return decision.flagOnly ? null : r.leadWorker;
}
