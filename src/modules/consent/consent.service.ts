import type { RequestContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { isoToday } from '../../policy/age.js';
import { authorityOn } from '../../policy/consent-state.js';
import type { ConsentEventType, RecordConsentEventInput } from './consent.type.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Appends to the consent, refusal and objection ledger and reads it. A change takes effect on the next request. */
export class ConsentService {
  /** Appends one event, checking that consent is given or refused by today's authority for the person's age. */
  async record(ctx: RequestContext, input: RecordConsentEventInput): Promise<ConsentEventType> {
    if (!UUID.test(input.personId)) throw badInput('personId', 'must be a UUID');
    if (input.recipientOrganisationCode && input.recipientKind) {
      throw badInput('recipientOrganisationCode', 'give a recipient organisation or a recipient kind, not both');
    }
    const [person] = (await ctx.ds.query('SELECT date_of_birth::text AS dob FROM person_state WHERE person_id = $1', [input.personId])) as Array<{
      dob: string | null;
    }>;
    if (!person) throw badInput('personId', 'no young person with this id');
    let recipientId: string | null = null;
    if (input.recipientOrganisationCode) {
      const [org] = (await ctx.ds.query('SELECT id FROM organisation WHERE code = $1', [input.recipientOrganisationCode])) as Array<{ id: string }>;
      if (!org) throw badInput('recipientOrganisationCode', `no organisation with code "${input.recipientOrganisationCode}"`);
      recipientId = org.id;
    }
    if (input.kind === 'GIVEN' || input.kind === 'REFUSED') {
      const authority = authorityOn(person.dob, isoToday(), ctx.config.consentAge);
      if (authority && authority !== input.givenBy) {
        throw badInput('givenBy', `for this young person consent is decided by ${authority} (consent age ${ctx.config.consentAge})`);
      }
    }
    const row = await ctx.ds.transaction(async (em) => {
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
      return inserted;
    });
    const [view] = await this.load(ctx, 'c.id = $1', [row.id]);
    return view!;
  }

  /** The whole ledger for one person, oldest first (IG officers, EPCs and administrators). */
  async history(ctx: RequestContext, personId: string): Promise<ConsentEventType[]> {
    if (!UUID.test(personId)) throw badInput('personId', 'must be a UUID');
    return this.load(ctx, 'c.person_id = $1', [personId]);
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
