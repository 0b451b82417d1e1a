import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_CODES as ORG } from '../src/modules/organisations/organisations.data.js';
import { createAuditDeniedRole } from './support/audit.js';
import { birthdayIn, createPerson } from './support/factories.js';
import { gql, requestIdOf, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { registered } from './support/registered.js';

// Issue 9 item 1: consentHistory goes through the sharing rules as a category of its own (CONSENT), needs a
// purpose, is logged, and fails closed. Each ledger entry is the CONSENT data of the organisation whose principal
// recorded it (docs/sharing-rules.md, "The consent ledger").

const HISTORY = 'query ($id: ID!) { consentHistory(personId: $id) { id kind givenBy evidenceReference recordedBy purpose categories recipientKind } }';
const RECORD = registered('RecordConsentEvent'); // as a voluntary body's system must send it

interface Entry {
  id: string;
  kind: string;
  givenBy: string;
  evidenceReference: string;
  recordedBy: string;
}

describe('the consent ledger as a data category of its own (CONSENT)', () => {
  let t: TestApi;
  const tokens: Record<string, string> = {};
  const token = async (handle: string): Promise<string> => (tokens[handle] ??= await tokenFor(t.infra, handle));
  const history = async (handle: string, purpose: string | undefined, personId: string) =>
    gql<{ consentHistory: Entry[] }>(t.url, HISTORY, { token: await token(handle), ...(purpose ? { purpose } : {}), variables: { id: personId } });
  const record = async (handle: string, input: Record<string, unknown>, purpose = 'TRACKING'): Promise<Entry> => {
    const res = await gql<{ recordConsentEvent: Entry }>(t.url, RECORD, { token: await token(handle), purpose, variables: { input } });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return res.body.data!.recordConsentEvent;
  };
  /** What the access log holds of one request about one person. */
  const logged = async (requestId: string, personId: string) =>
    (await t.infra.ds.query('SELECT event, released, withheld FROM access_event WHERE request_id = $1 AND person_id = $2 ORDER BY seq', [
      requestId,
      personId,
    ])) as Array<{ event: string; released: string[]; withheld: string[] }>;
  /** A seventeen-year-old living in Cardiff, known to its school and to a Cardiff voluntary body. */
  const youngPerson = async (): Promise<string> => {
    const dob = birthdayIn(17, 30);
    return (
      await createPerson(t.infra.ds, [
        { providerCode: ORG.cardiffSchool, dateOfBirth: dob },
        { providerCode: ORG.cardiffVoluntary, dateOfBirth: dob, payload: { INVOLVEMENT: { programme: 'Mentoring' } } },
      ])
    ).personId;
  };

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    await t.close();
  });

  it("releases a partner's entries to the EPC of the young person's LA for its purposes, whole, and logs each field released", async () => {
    const personId = await youngPerson();
    const given = await record('voluntary.cardiff', {
      personId, kind: 'GIVEN', recipientKind: 'LOCAL_AUTHORITY', givenBy: 'YOUNG_PERSON', evidenceReference: 'consent form 2026-11-04',
    });
    // The recorder sees its own entry as it recorded it.
    expect(given).toMatchObject({ kind: 'GIVEN', evidenceReference: 'consent form 2026-11-04', recordedBy: 'voluntary.cardiff' });

    const res = await history('epc.cardiff', 'TRACKING', personId);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.consentHistory).toEqual([
      { id: given.id, kind: 'GIVEN', givenBy: 'YOUNG_PERSON', evidenceReference: 'consent form 2026-11-04', recordedBy: 'voluntary.cardiff', purpose: null, categories: null, recipientKind: 'LOCAL_AUTHORITY' },
    ]);
    expect(res.body.extensions?.['redactions'] ?? []).toEqual([]);
    const rows = await logged(requestIdOf(res), personId);
    // Each field released with a value is noted (purpose and categories hold none here: nothing to note).
    expect(rows.flatMap((r) => r.released).filter((e) => e.startsWith('CONSENT.')).map((e) => e.split('@')[0]).sort()).toEqual([
      'CONSENT.evidenceReference', 'CONSENT.givenBy', 'CONSENT.kind', 'CONSENT.recipientKind', 'CONSENT.recordedBy',
    ]);
    expect(rows.map((r) => r.event)).toContain('consent.history_read');

    // The voluntary body's IG officer answers for what its organisation recorded: released to it (and only that).
    const ig = await history('ig.voluntary.cardiff', 'AUDIT', personId);
    expect(ig.body.errors).toBeUndefined();
    expect(ig.body.data!.consentHistory.map((e) => e.id)).toEqual([given.id]);
  });

  it('withholds the ledger from a principal that sees the young person but not the category, exactly as if there were none', async () => {
    const withLedger = await youngPerson();
    const without = await youngPerson();
    await record('voluntary.cardiff', { personId: withLedger, kind: 'GIVEN', recipientKind: 'LOCAL_AUTHORITY', givenBy: 'YOUNG_PERSON', evidenceReference: 'form A' });
    await record('voluntary.cardiff', { personId: withLedger, kind: 'OBJECTION_RAISED', recipientKind: 'CAREERS_WALES', givenBy: 'YOUNG_PERSON', evidenceReference: 'call B' });

    // EARLY_IDENTIFICATION: the EPC sees the young person (the school's records) but no clause gives it CONSENT for it.
    const a = await history('epc.cardiff', 'EARLY_IDENTIFICATION', withLedger);
    const b = await history('epc.cardiff', 'EARLY_IDENTIFICATION', without);
    expect(a.body).toEqual({ data: { consentHistory: [] } });
    expect([a.status, a.body]).toEqual([b.status, b.body]);
    // The access log says what was withheld and why (the recipient is not told).
    const rows = await logged(requestIdOf(a), withLedger);
    expect(rows.flatMap((r) => r.withheld).filter((e) => e.startsWith('CONSENT.*CONSENT@'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/!PURPOSE_NOT_PERMITTED$/)]),
    );

    // A Gwynedd EPC has no basis to see this Cardiff young person at all: NOT_FOUND, as for an id that does not exist.
    const gwynedd = await history('epc.gwynedd', 'TRACKING', withLedger);
    const nobody = await history('epc.gwynedd', 'TRACKING', randomUUID());
    expect(gwynedd.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    expect([gwynedd.status, gwynedd.body]).toEqual([nobody.status, nobody.body]);

    // Cardiff Council's IG officer: its organisation recorded nothing here, and it reads no records: NOT_FOUND too.
    const ig = await history('ig.cardiff', 'AUDIT', withLedger);
    expect(ig.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');

    // And with no purpose declared, nothing is read.
    const none = await history('epc.cardiff', undefined, withLedger);
    expect(none.body.errors?.[0]?.extensions?.['code']).toBe('BAD_REQUEST');
  });

  it("an objection covering CONSENT withholds the ledger from the LA, while the LA's own entries stay its own", async () => {
    const personId = await youngPerson();
    await record('voluntary.cardiff', { personId, kind: 'GIVEN', recipientKind: 'LOCAL_AUTHORITY', givenBy: 'YOUNG_PERSON', evidenceReference: 'form C' });
    const objection = await record('voluntary.cardiff', {
      personId, kind: 'OBJECTION_RAISED', recipientKind: 'LOCAL_AUTHORITY', categories: ['CONSENT'], givenBy: 'YOUNG_PERSON', evidenceReference: 'letter D',
    });
    const own = await record('epc.cardiff', { personId, kind: 'REFUSED', recipientKind: 'CAREERS_WALES', givenBy: 'YOUNG_PERSON', evidenceReference: 'call E' });

    const res = await history('epc.cardiff', 'TRACKING', personId);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.consentHistory.map((e) => e.id)).toEqual([own.id]);
    const withheld = (await logged(requestIdOf(res), personId)).flatMap((r) => r.withheld).filter((e) => e.startsWith('CONSENT.*CONSENT@'));
    expect(withheld.every((e) => e.endsWith('!OBJECTION'))).toBe(true);
    expect(withheld.length).toBeGreaterThan(0);
    // The voluntary body still reads its own two entries: the objection binds the LA, not the recorder.
    const vol = await history('ig.voluntary.cardiff', 'AUDIT', personId);
    expect(vol.body.data!.consentHistory.map((e) => e.kind)).toEqual(['GIVEN', 'OBJECTION_RAISED']);
    expect(vol.body.data!.consentHistory[1]!.id).toBe(objection.id);
  });

  it('fails closed: with the access log unwritable, no entry leaves (503 AUDIT_UNAVAILABLE, no data)', async () => {
    const personId = await youngPerson();
    await record('voluntary.cardiff', { personId, kind: 'GIVEN', recipientKind: 'LOCAL_AUTHORITY', givenBy: 'YOUNG_PERSON', evidenceReference: 'form G' });
    const role = await createAuditDeniedRole('no_ledger_audit');
    const denied = await startTestApi({ DATABASE_URL: role.url });
    try {
      const res = await gql(denied.url, HISTORY, { token: await token('epc.cardiff'), purpose: 'TRACKING', variables: { id: personId } });
      expect(res.status).toBe(503);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors?.map((e) => e.extensions?.['code'])).toEqual(['AUDIT_UNAVAILABLE']);
      expect(JSON.stringify(res.body)).not.toContain('form G');
    } finally {
      await denied.close();
      await role.drop();
    }
  });

  it('explainAccess lists CONSENT by the organisations that recorded entries: every one to an IG officer, only released ones to the asker itself', async () => {
    const personId = await youngPerson();
    await record('voluntary.cardiff', { personId, kind: 'GIVEN', recipientKind: 'LOCAL_AUTHORITY', givenBy: 'YOUNG_PERSON', evidenceReference: 'form F' });
    const EXPLAIN = `query ($p: ID!, $h: String!, $purpose: Purpose!) { explainAccess(personId: $p, principalHandle: $h, purpose: $purpose) {
      categories { category allowed reason held sources { provider { code } allowed reason } } } }`;
    type Ex = { explainAccess: { categories: Array<{ category: string; allowed: boolean; reason: string | null; held: boolean | null; sources: Array<{ provider: { code: string }; allowed: boolean; reason: string | null }> }> } };
    const consentOf = (body: { data?: Ex | null }) => body.data!.explainAccess.categories.find((c) => c.category === 'CONSENT')!;

    const forIg = await gql<Ex>(t.url, EXPLAIN, { token: await token('admin'), variables: { p: personId, h: 'epc.cardiff', purpose: 'EARLY_IDENTIFICATION' } });
    expect(consentOf(forIg.body)).toMatchObject({ allowed: false, held: true, sources: [{ provider: { code: ORG.cardiffVoluntary }, allowed: false, reason: 'PURPOSE_NOT_PERMITTED' }] });
    const tracking = await gql<Ex>(t.url, EXPLAIN, { token: await token('admin'), variables: { p: personId, h: 'epc.cardiff', purpose: 'TRACKING' } });
    expect(consentOf(tracking.body)).toMatchObject({ allowed: true, held: true, sources: [{ provider: { code: ORG.cardiffVoluntary }, allowed: true }] });

    // Asking about itself, the EPC is told nothing of entries withheld from it: not that the voluntary body recorded one.
    const self = await gql<Ex>(t.url, EXPLAIN, { token: await token('epc.cardiff'), variables: { p: personId, h: 'epc.cardiff', purpose: 'EARLY_IDENTIFICATION' } });
    expect(consentOf(self.body).held).toBeNull();
    expect(consentOf(self.body).sources.filter((s) => s.allowed)).toEqual([]);
  });
});
