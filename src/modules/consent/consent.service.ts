import type { RequestContext } from '../../graphql/context.js';
import { badInput, notFound } from '../../graphql/errors.js';
import { withIdempotency } from '../../graphql/idempotency.js';
import { queryPrepared, toPositional } from '../../db/prepared.js';
import { isoToday } from '../../policy/age.js';
import { authorityOn } from '../../policy/consent-state.js';
import type { Decision } from '../../policy/policy.types.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';
import type { OrganisationType } from '../organisations/organisation.type.js';
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
    const [view] = await this.checked(ctx, await this.load(ctx, 'c.id = $1', [row.id]));
    return view!.event;
  }

  /**
   * The ledger for one person, oldest first, through the sharing rules: each entry is the CONSENT data of the
   * organisation whose principal recorded it, shown only when the rules release it to the caller for the declared
   * purpose (docs/sharing-rules.md: the recorder's own organisation; the EPC of the young person's LA under the
   * regional ISP). An entry withheld is left out, so a caller that may see the person but not their ledger gets
   * an empty list, as for a person with no entries; the access log has what was withheld and why. A person of whom
   * nothing is shown (no record, no entry) is NOT_FOUND, as for an id that does not exist.
   */
  async history(ctx: RequestContext, personId: string): Promise<ConsentEventType[]> {
    if (!UUID.test(personId)) throw badInput('personId', 'must be a UUID');
    // Purpose and role first: nothing about the person is read for a request that may not ask.
    await ctx.services.policy.forRequest(ctx);
    const id = personId.toLowerCase();
    const events = await this.checked(ctx, await this.load(ctx, 'c.person_id = $1', [id]));
    const shown = events.filter((e) => e.decision.allowed).map((e) => e.event);
    if (shown.length === 0 && !(await this.visiblePerson(ctx, id))) {
      ctx.access.noteRefusal(id, 'NO_AGREEMENT');
      throw notFound('Young person');
    }
    for (const { event, decision } of events) {
      if (decision.allowed) continue;
      ctx.access.note(id, {
        field: '*CONSENT',
        category: 'CONSENT',
        providerOrganisationId: event.providerOrganisationId,
        released: false,
        reason: decision.reason ?? 'NO_AGREEMENT',
        agreement: decision.agreement,
      });
    }
    ctx.access.noteActivity({ personId: id, event: 'consent.history_read', detail: { events: shown.length } });
    return shown;
  }

  /** The organisations whose principals recorded ledger entries about a person (the suppliers of its CONSENT data). */
  async recorders(ctx: RequestContext, personId: string): Promise<OrganisationType[]> {
    const rows = (await ctx.ds.query(
      `SELECT DISTINCT o.id, o.code, o.name, o.name_cy, o.kind, o.la_code, o.isp_signatory
         FROM consent_event c JOIN principal p ON p.id = c.recorded_by JOIN organisation o ON o.id = p.organisation_id
        WHERE c.person_id = $1 ORDER BY o.code`,
      [personId],
    )) as Array<Record<string, unknown>>;
    return rows.map(organisationOf);
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

  /** Each entry with the request's decision on it (CONSENT of the recorder's organisation), as a checked value. */
  private async checked(ctx: RequestContext, loaded: readonly LoadedEvent[]): Promise<Array<{ event: ConsentEventType; decision: Decision }>> {
    const lookups = await ctx.services.sources.decisionsForValues(
      ctx,
      loaded.map((e) => ({ personId: e.event.personId, provider: { organisationId: e.recorder.id, kind: e.recorder.kind, laCode: e.recorder.laCode } })),
    );
    return loaded.map((e, i) => ({ event: { ...e.event, decisions: lookups[i]! }, decision: lookups[i]!.get('CONSENT') }));
  }

  private async load(ctx: RequestContext, where: string, params: unknown[]): Promise<LoadedEvent[]> {
    const rows = (await ctx.ds.query(
      `SELECT c.id, c.person_id, c.kind, c.recipient_kind, c.purpose, c.categories, c.given_by, c.evidence_reference,
              c.recorded_at, p.handle, o.id AS org_id, o.code, o.name, o.name_cy, o.kind AS org_kind, o.la_code, o.isp_signatory,
              ro.id AS recorder_id, ro.kind AS recorder_kind, ro.la_code AS recorder_la_code
         FROM consent_event c JOIN principal p ON p.id = c.recorded_by JOIN organisation ro ON ro.id = p.organisation_id
         LEFT JOIN organisation o ON o.id = c.recipient_organisation_id
        WHERE ${where} ORDER BY c.seq`,
      params,
    )) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      recorder: { id: r['recorder_id'] as string, kind: r['recorder_kind'] as OrganisationKind, laCode: (r['recorder_la_code'] as string | null) ?? null },
      event: {
        id: r['id'] as string,
        personId: r['person_id'] as string,
        providerOrganisationId: r['recorder_id'] as string,
        kind: r['kind'] as ConsentEventType['kind'],
        recipientOrganisation: r['org_id'] ? organisationOf({ ...r, id: r['org_id'], kind: r['org_kind'] }) : null,
        recipientKind: (r['recipient_kind'] as ConsentEventType['recipientKind']) ?? null,
        purpose: (r['purpose'] as ConsentEventType['purpose']) ?? null,
        categories: (r['categories'] as ConsentEventType['categories']) ?? null,
        givenBy: r['given_by'] as ConsentEventType['givenBy'],
        evidenceReference: r['evidence_reference'] as string,
        recordedBy: r['handle'] as string,
        recordedAt: r['recorded_at'] as Date,
      },
    }));
  }
}

/** One ledger entry as loaded, with the organisation that recorded it (whose CONSENT data it is). */
interface LoadedEvent {
  recorder: { id: string; kind: OrganisationKind; laCode: string | null };
  event: ConsentEventType;
}

function organisationOf(r: Record<string, unknown>): OrganisationType {
  return {
    id: r['id'] as string,
    code: r['code'] as string,
    name: r['name'] as string,
    nameCy: (r['name_cy'] as string | null) ?? null,
    kind: r['kind'] as OrganisationKind,
    laCode: (r['la_code'] as string | null) ?? null,
    ispSignatory: r['isp_signatory'] as boolean,
  };
}
