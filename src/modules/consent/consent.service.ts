import type { RequestContext } from '../../graphql/context.js';
import { badInput, notFound } from '../../graphql/errors.js';
import { withIdempotency } from '../../graphql/idempotency.js';
import { queryPrepared, toPositional } from '../../db/prepared.js';
import { isoToday } from '../../policy/age.js';
import { authorityOn } from '../../policy/consent-state.js';
import { recordingRefusal } from './consent.policy.js';
import type { ConsentEventType, RecordConsentEventInput } from './consent.type.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Appends to the consent, refusal and objection ledger and reads it. A change takes effect on the next request. */
export class ConsentService {
  /** Appends one event for a person the caller can see, by today's authority for the person's age (consent.policy.ts). */
  async record(ctx: RequestContext, input: RecordConsentEventInput): Promise<ConsentEventType> {
    // The answer is the ledger entry about the person: the purpose is checked before anything changes.
    await ctx.services.policy.forRequest(ctx);
    if (!UUID.test(input.personId)) throw badInput('personId', 'must be a UUID');
    if (input.recipientOrganisationCode && input.recipientKind) {
      throw badInput('recipientOrganisationCode', 'give a recipient organisation or a recipient kind, not both');
    }
    // Only a person the caller may see can have consent recorded by it: otherwise "not found", as for an unknown id.
    const person = await this.visiblePerson(ctx, input.personId);
    if (!person) throw badInput('personId', 'no young person with this id');
    let recipientId: string | null = null;
    if (input.recipientOrganisationCode) {
      const [org] = (await ctx.ds.query('SELECT id FROM organisation WHERE code = $1', [input.recipientOrganisationCode])) as Array<{ id: string }>;
      if (!org) throw badInput('recipientOrganisationCode', 'no organisation has this code');
      recipientId = org.id;
    }
    const authority = authorityOn(person.dob, isoToday(), ctx.config.consentAge);
    const refusal = recordingRefusal(input.kind, input.givenBy, authority);
    if (refusal === 'AUTHORITY_UNPROVEN') {
      throw badInput('givenBy', 'the young person\'s date of birth is unknown, so nobody can be shown to have the authority to give consent or lift an objection');
    }
    if (refusal === 'WRONG_AUTHORITY') {
      throw badInput('givenBy', `for this young person consent and objections are decided by ${authority} (consent age ${ctx.config.consentAge})`);
    }
    const row = await ctx.ds.transaction((em) =>
      withIdempotency(ctx, em, async () => {
        const [inserted] = (await em.query(
        `INSERT INTO consent_event (person_id, kind, recipient_organisation_id, recipient_kind, purpose, categories, given_by,
           evidence_reference, recorded_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`,
        [input.personId, input.kind, recipientId, input.recipientKind ?? null, input.purpose ?? null, input.categories ?? null,
          input.givenBy, input.evidenceReference.trim(), ctx.principal.id],
        )) as [{ id: string }];
        // The ledger entry and its access-log event commit together, or neither does.
        await ctx.services.audit.recordChange(ctx, em, {
          personId: input.personId,
          event: `consent.${input.kind.toLowerCase()}`,
          change: { consentEventId: inserted.id, recipientOrganisationId: recipientId, recipientKind: input.recipientKind ?? null,
            purpose: input.purpose ?? null, categories: input.categories ?? null, givenBy: input.givenBy },
        });
        return { id: inserted.id };
      }),
    );
    const [view] = await this.load(ctx, 'c.id = $1', [row.id]);
    return view!;
  }

  /**
   * The whole ledger for one person, oldest first, for a person the caller may see (with a declared purpose);
   * the read is logged like any other disclosure about the person.
   */
  async history(ctx: RequestContext, personId: string): Promise<ConsentEventType[]> {
    if (!UUID.test(personId)) throw badInput('personId', 'must be a UUID');
    if (!(await this.visiblePerson(ctx, personId))) {
      ctx.access.noteRefusal(personId.toLowerCase(), 'NO_AGREEMENT');
      throw notFound('Young person');
    }
    const events = await this.load(ctx, 'c.person_id = $1', [personId]);
    ctx.access.noteActivity({ personId: personId.toLowerCase(), event: 'consent.history_read', detail: { events: events.length } });
    return events;
  }

  /** The person's date of birth when the caller's policy lets it see them (some value released), else null. */
  private async visiblePerson(ctx: RequestContext, personId: string): Promise<{ dob: string | null } | null> {
    const policy = await ctx.services.policy.forRequest(ctx);
    const visible = policy.visibility();
    const q = toPositional(
      `SELECT ps.date_of_birth::text AS dob FROM young_person yp JOIN person_state ps ON ps.person_id = yp.id
        WHERE yp.id = CAST(:personId AS uuid) AND (${visible.sql})`,
      { ...visible.params, personId },
    );
    const [row] = await queryPrepared<{ dob: string | null }>(ctx.ds, q.text, q.values);
    return row ?? null;
  }

  private async load(ctx: RequestContext, where: string, params: unknown[]): Promise<ConsentEventType[]> {
    const rows = (await ctx.ds.query(
      `SELECT c.id, c.person_id, c.kind, c.recipient_kind, c.purpose, c.categories, c.given_by, c.evidence_reference,
              c.recorded_at, p.handle, o.id AS org_id, o.code, o.name, o.name_cy, o.kind AS org_kind, o.la_code, o.isp_signatory
         FROM consent_event c JOIN principal p ON p.id = c.recorded_by
         LEFT JOIN organisation o ON o.id = c.recipient_organisation_id
        WHERE ${where} ORDER BY c.seq`,
      params,
    )) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: r['id'] as string,
      personId: r['person_id'] as string,
      kind: r['kind'] as ConsentEventType['kind'],
      recipientOrganisation: r['org_id']
        ? {
            id: r['org_id'] as string,
            code: r['code'] as string,
            name: r['name'] as string,
            nameCy: (r['name_cy'] as string | null) ?? null,
            kind: r['org_kind'] as ConsentEventType['recipientKind'] & string,
            laCode: (r['la_code'] as string | null) ?? null,
            ispSignatory: r['isp_signatory'] as boolean,
          }
        : null,
      recipientKind: (r['recipient_kind'] as ConsentEventType['recipientKind']) ?? null,
      purpose: (r['purpose'] as ConsentEventType['purpose']) ?? null,
      categories: (r['categories'] as ConsentEventType['categories']) ?? null,
      givenBy: r['given_by'] as ConsentEventType['givenBy'],
      evidenceReference: r['evidence_reference'] as string,
      recordedBy: r['handle'] as string,
      recordedAt: r['recorded_at'] as Date,
    }));
  }
}
