import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEntry } from '../src/audit/access-event.js';
import { DEMO_ORG_CODES } from '../src/modules/organisations/organisations.data.js';
import { createPerson } from './support/factories.js';
import { gql, requestIdOf, startTestApi, tokenFor, type TestApi } from './support/harness.js';

const PERSON = `query PersonCard($id: ID!) { youngPerson(id: $id) { id sourceRecords { provider { code } givenName familyName
  dateOfBirth tierStatus attendance } } }`;
const PAGE = `query ($filter: YoungPeopleFilter) { youngPeople(first: 10, filter: $filter) { edges { node { id sourceRecords { familyName } } } } }`;
const LOG = `query ($filter: AccessLogFilter, $first: Int, $after: String) { accessLog(filter: $filter, first: $first, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { cursor node { seq occurredAt event outcome requestId operation purpose personId agreements details hash
    actor { principalId principalHandle organisationId organisationCode roles }
    released { field category providerOrganisationId reason } withheld { field category providerOrganisationId reason } } } } }`;

interface LogNode {
  seq: string;
  occurredAt: string;
  event: string;
  outcome: string;
  requestId: string;
  operation: string;
  purpose: string | null;
  personId: string | null;
  details: Record<string, unknown> | null;
  actor: { principalId: string; principalHandle: string; organisationId: string; organisationCode: string; roles: string[] };
  released: Array<{ field: string; category: string; providerOrganisationId: string; reason: string | null }>;
  withheld: Array<{ field: string; category: string; providerOrganisationId: string; reason: string | null }>;
}
interface LogPage {
  accessLog: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ cursor: string; node: LogNode }> };
}

describe('the access log over HTTP', () => {
  let t: TestApi;
  let admin: string;
  let ig: string;
  const family = `Audit-${Date.now().toString(36)}`;
  let person: string;
  let other: string;
  let gwyneddOnly: string;
  let orgIds: Record<string, string>;

  // The hub's request id of each labelled request (from its x-request-id response header), for finding its rows.
  const ids: Record<string, string> = {};
  const labelled = async <T = Record<string, unknown>>(label: string, query: string, options: Parameters<typeof gql>[2]) => {
    const res = await gql<T>(t.url, query, options);
    ids[label] = requestIdOf(res);
    return res;
  };
  const rowsFor = async (label: string): Promise<Array<Record<string, unknown>>> =>
    (await t.infra.ds.query('SELECT * FROM access_event WHERE request_id = $1 ORDER BY seq', [ids[label]])) as Array<Record<string, unknown>>;

  beforeAll(async () => {
    t = await startTestApi();
    admin = await tokenFor(t.infra, 'admin');
    ig = await tokenFor(t.infra, 'ig.cardiff');
    orgIds = Object.fromEntries(
      ((await t.infra.ds.query('SELECT code, id FROM organisation')) as Array<{ code: string; id: string }>).map((o) => [o.code, o.id]),
    );
    person = (
      await createPerson(t.infra.ds, [
        { providerCode: DEMO_ORG_CODES.cardiffSchool, familyName: family, payload: { ATTENDANCE: { percent: 91 } } },
        {
          providerCode: DEMO_ORG_CODES.cardiffYouthService,
          familyName: family,
          payload: { INVOLVEMENT: { programme: 'Detached youth work', supportWorkerInitials: 'G.H.' } },
        },
      ])
    ).personId;
    other = (await createPerson(t.infra.ds, [{ providerCode: DEMO_ORG_CODES.cardiffSchool, familyName: family }])).personId;
    gwyneddOnly = (await createPerson(t.infra.ds, [{ providerCode: DEMO_ORG_CODES.gwyneddLa, familyName: `${family}-g` }])).personId;
  });
  afterAll(async () => {
    await t.close();
  });

  it('writes one event per person for a read, with who, what, why and the operation, and no values', async () => {
    const res = await labelled('audit-read-1', PERSON, { token: admin, purpose: 'TRACKING', variables: { id: person } });
    expect(res.body.errors).toBeUndefined();
    const rows = await rowsFor('audit-read-1');
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ event: 'person.read', outcome: 'RELEASED', person_id: person, operation: 'query PersonCard', roles: ['ADMIN'], purpose: 'TRACKING' });
    const school = orgIds[DEMO_ORG_CODES.cardiffSchool]!;
    expect(row['provider_ids']).toEqual([school, orgIds[DEMO_ORG_CODES.cardiffYouthService]!].sort());
    const released = (row['released'] as string[]).map((e) => decodeEntry(e, row['provider_ids'] as string[]));
    for (const [category, field] of [['IDENTITY', 'givenName'], ['IDENTITY', 'familyName'], ['ATTENDANCE', 'attendance']]) {
      expect(released).toContainEqual({ category, field, providerOrganisationId: school, reason: null });
    }
    expect(JSON.stringify(row)).not.toContain(family); // ids, field names and categories only
  });

  it('writes a page of people as consecutive rows of one insert', async () => {
    const res = await labelled('audit-page-1', PAGE, {
      token: admin,
      purpose: 'TRACKING',
      variables: { filter: { familyNamePrefix: family, laCode: 'cardiff' } },
    });
    expect(res.body.errors).toBeUndefined();
    const rows = await rowsFor('audit-page-1');
    expect(rows.map((r) => r['person_id']).sort()).toEqual([person, other].sort());
    const seqs = rows.map((r) => Number(r['seq']));
    expect(seqs[1]).toBe(seqs[0]! + 1);
    expect(new Set(rows.map((r) => String(r['occurred_at']))).size).toBe(1);
  });

  it('logs refusals: about one person, and of a whole list', async () => {
    const epc = await tokenFor(t.infra, 'epc.cardiff');
    // A Gwynedd-only young person: Cardiff's EPC has no basis to see them (NOT_FOUND), and the refusal is logged.
    await labelled('audit-refused-1', PERSON, { token: epc, purpose: 'TRACKING', variables: { id: gwyneddOnly } });
    expect(await rowsFor('audit-refused-1')).toMatchObject([
      { event: 'person.read', outcome: 'WITHHELD', person_id: gwyneddOnly, details: '{"refused":"NO_AGREEMENT"}', roles: ['EPC'], purpose: 'TRACKING' },
    ]);
    // A list with no declared purpose is refused as a whole.
    await labelled('audit-refused-2', PAGE, { token: epc });
    expect(await rowsFor('audit-refused-2')).toMatchObject([{ event: 'operation.refused', outcome: 'WITHHELD', person_id: null }]);
  });

  it('writes nothing for operations that touch no personal data', async () => {
    await labelled('audit-none-1', '{ me { handle } organisations { code } }', { token: admin });
    expect(await rowsFor('audit-none-1')).toEqual([]);
  });

  it('lets an IG officer search disclosures to and from their organisation, newest first, and logs the search', async () => {
    // Disclosures of Gwynedd's data to Gwynedd's EPC are outside Cardiff's scope.
    await labelled('audit-gwynedd-1', PERSON, { token: admin, purpose: 'TRACKING', variables: { id: gwyneddOnly } });
    const res = await labelled<LogPage>('audit-ig-1', LOG, { token: ig, variables: { filter: { personId: person }, first: 50 } });
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data!.accessLog.edges.map((e) => e.node);
    expect(nodes.length).toBeGreaterThanOrEqual(2);
    expect(nodes.every((n) => n.personId === person)).toBe(true);
    const times = nodes.map((n) => `${n.occurredAt}|${n.seq.padStart(12, '0')}`);
    expect([...times].sort().reverse()).toEqual(times);
    const read = nodes.find((n) => n.requestId === ids['audit-read-1'])!;
    expect(read.actor).toMatchObject({ principalHandle: 'admin', organisationCode: DEMO_ORG_CODES.cardiffLa, roles: ['ADMIN'] });
    expect(read.released).toContainEqual({
      field: 'attendance',
      category: 'ATTENDANCE',
      providerOrganisationId: orgIds[DEMO_ORG_CODES.cardiffSchool],
      reason: null,
    });

    const gwynedd = await gql<LogPage>(t.url, LOG, { token: ig, variables: { filter: { personId: gwyneddOnly } } });
    // Admin belongs to Cardiff Council, so the Gwynedd read is a disclosure to Cardiff: in scope; so is
    // Cardiff's EPC's refused attempt (the refusals test).
    expect(gwynedd.body.data!.accessLog.edges.map((e) => e.node.outcome).sort()).toEqual(['RELEASED', 'WITHHELD']);
    const epcGwynedd = await tokenFor(t.infra, 'epc.gwynedd');
    await gql(t.url, PERSON, { token: epcGwynedd, purpose: 'TRACKING', variables: { id: gwyneddOnly } });
    // About this file's person only: other files log Gwynedd reads in which Cardiff data was withheld (Cardiff's business).
    const byGwynedd = await gql<LogPage>(t.url, LOG, { token: ig, variables: { filter: { organisationId: orgIds[DEMO_ORG_CODES.gwyneddLa], personId: gwyneddOnly } } });
    expect(byGwynedd.body.data!.accessLog.edges).toEqual([]); // Gwynedd's read of its own data: not Cardiff's business
    const adminView = await gql<LogPage>(t.url, LOG, { token: admin, variables: { filter: { organisationId: orgIds[DEMO_ORG_CODES.gwyneddLa] } } });
    expect(adminView.body.data!.accessLog.edges.length).toBeGreaterThanOrEqual(1);

    expect(await rowsFor('audit-ig-1')).toMatchObject([
      { event: 'access_log.read', person_id: person, outcome: 'NONE', details: expect.stringContaining('"personId"') },
    ]);
  });

  it('filters by principal, purpose, outcome and date range, and pages with cursors without gaps or repeats', async () => {
    const epc = await tokenFor(t.infra, 'epc.cardiff');
    const epcId = (await t.infra.services.principals.findByHandle('epc.cardiff'))!.id;
    const withheld = await gql<LogPage>(t.url, LOG, { token: ig, variables: { filter: { principalId: epcId, outcome: 'WITHHELD' } } });
    const nodes = withheld.body.data!.accessLog.edges.map((e) => e.node);
    expect(nodes.length).toBeGreaterThanOrEqual(2);
    // WITHHELD means something was withheld (wholly or partly); RELEASED, something was released.
    expect(nodes.every((n) => n.actor.principalHandle === 'epc.cardiff' && ['WITHHELD', 'PARTIAL'].includes(n.outcome))).toBe(true);
    expect(nodes.map((n) => n.requestId)).toEqual(expect.arrayContaining([ids['audit-refused-1'], ids['audit-refused-2']]));
    const released = await gql<LogPage>(t.url, LOG, { token: ig, variables: { filter: { principalId: epcId, outcome: 'RELEASED' } } });
    const releasedNodes = released.body.data!.accessLog.edges.map((e) => e.node);
    expect(releasedNodes.every((n) => n.actor.principalHandle === 'epc.cardiff' && ['RELEASED', 'PARTIAL'].includes(n.outcome))).toBe(true);
    expect(releasedNodes.map((n) => n.requestId)).not.toContain(ids['audit-refused-1']);
    // About this file's person only: other test files may log ADMISSIONS requests by Cardiff principals.
    const purposed = await gql<LogPage>(t.url, LOG, { token: ig, variables: { filter: { purpose: 'ADMISSIONS', personId: person } } });
    expect(purposed.body.data!.accessLog.edges).toEqual([]);
    const tracking = await gql<LogPage>(t.url, LOG, { token: ig, variables: { filter: { purpose: 'TRACKING', personId: person } } });
    expect(tracking.body.data!.accessLog.edges.length).toBeGreaterThan(0);
    expect(tracking.body.data!.accessLog.edges.every((e) => e.node.purpose === 'TRACKING')).toBe(true);
    const future = await gql<LogPage>(t.url, LOG, { token: ig, variables: { filter: { from: new Date(Date.now() + 86_400_000).toISOString() } } });
    expect(future.body.data!.accessLog.edges).toEqual([]);
    void epc;

    const all: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page: Awaited<ReturnType<typeof gql<LogPage>>> = await gql<LogPage>(t.url, LOG, {
        token: admin,
        variables: { filter: { personId: person }, first: 2, after },
      });
      all.push(...page.body.data!.accessLog.edges.map((e) => e.node.seq));
      after = page.body.data!.accessLog.pageInfo.hasNextPage ? page.body.data!.accessLog.pageInfo.endCursor : null;
      if (!after) break;
    }
    // Each page read is itself logged about the person: newer rows, above the first page, not in it.
    const direct = (await t.infra.ds.query(
      'SELECT seq FROM access_event WHERE person_id = $1 AND seq <= $2 ORDER BY occurred_at DESC, seq DESC',
      [person, all[0]],
    )) as Array<{ seq: string }>;
    expect(all).toEqual(direct.map((r) => r.seq));
  });

  it('refuses the log to everyone but IG officers and administrators', async () => {
    for (const handle of ['epc.cardiff', 'school.cardiff.datamanager', 'wg.analyst']) {
      const res = await gql(t.url, LOG, { token: await tokenFor(t.infra, handle) });
      expect(res.body.errors?.[0]?.extensions?.['code'], handle).toBe('FORBIDDEN');
      const csv = await gql(t.url, '{ accessLogCsv }', { token: await tokenFor(t.infra, handle) });
      expect(csv.body.errors?.[0]?.extensions?.['code'], handle).toBe('FORBIDDEN');
    }
  });

  it('exports the log as CSV and logs the export', async () => {
    const res = await labelled<{ accessLogCsv: string }>('audit-csv-1', 'query ($f: AccessLogFilter) { accessLogCsv(filter: $f, max: 100) }', {
      token: ig,
      variables: { f: { personId: person } },
    });
    expect(res.body.errors).toBeUndefined();
    const lines = res.body.data!.accessLogCsv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'seq,occurred_at,event,outcome,request_id,operation,principal_id,principal_handle,organisation_id,organisation_code,roles,purpose,person_id,provider_ids,released,withheld,agreements,details,hash',
    );
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.slice(1).every((l) => l.includes(person))).toBe(true);
    expect(await rowsFor('audit-csv-1')).toMatchObject([{ event: 'access_log.exported', person_id: person }]);
  });

  it("produces a subject access report: values with their source, every access, no other people's data; and logs it", async () => {
    const SAR = `query ($id: ID!) { subjectAccessReport(personId: $id) { personId scope omitted accessEventsTruncated
      values { category field value sourceRecordId provider { code } receivedAt }
      agreementsAndConsents { kind reference }
      accessEvents { occurredAt event outcome organisationName roles purpose released { field category } } } }`;
    const res = await labelled<{ subjectAccessReport: Record<string, unknown> & { values: Array<Record<string, unknown>>; accessEvents: unknown[]; omitted: string[] } }>(
      'audit-sar-1',
      SAR,
      { token: admin, variables: { id: person } },
    );
    expect(res.body.errors).toBeUndefined();
    const report = res.body.data!.subjectAccessReport;
    expect(report.values).toContainEqual(expect.objectContaining({ category: 'IDENTITY', field: 'familyName', value: family }));
    expect(report.values).toContainEqual(
      expect.objectContaining({ category: 'ATTENDANCE', field: 'attendance.percent', value: '91', provider: { code: DEMO_ORG_CODES.cardiffSchool } }),
    );
    expect(report.values).toContainEqual(expect.objectContaining({ category: 'INVOLVEMENT', field: 'involvement.programme' }));
    expect(JSON.stringify(report)).not.toContain('G.H.'); // the support worker's initials
    expect(report.omitted).toContain('involvement.supportWorkerInitials: identifies another person');
    // The agreements that apply come from the policy engine: the regional ISP covers the school's record.
    expect(report.omitted.some((o) => o.startsWith('agreementsAndConsents'))).toBe(false);
    expect((report['agreementsAndConsents'] as Array<{ kind: string; reference: string }>).some(
      (a) => a.kind === 'AGREEMENT' && a.reference.startsWith('ISP-YEPF-REGIONAL@3'),
    )).toBe(true);
    expect(report.accessEvents.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(report.accessEvents)).not.toMatch(/admin|epc\.cardiff/); // staff are shown by organisation and role
    const logged = await rowsFor('audit-sar-1');
    expect(logged.map((r) => r['event']).sort()).toEqual(['person.read', 'subject_access.reported']);
    const read = logged.find((r) => r['event'] === 'person.read')!;
    expect((read['released'] as string[]).map((e) => decodeEntry(e, read['provider_ids'] as string[]))).toContainEqual({
      category: 'IDENTITY',
      field: 'familyName',
      providerOrganisationId: orgIds[DEMO_ORG_CODES.cardiffSchool],
      reason: null,
    });

    // An IG officer's report covers their organisation as controller: Cardiff Council supplied none of these values.
    const scoped = await gql<{ subjectAccessReport: { values: unknown[]; accessEvents: unknown[]; scope: string } }>(t.url, SAR, {
      token: ig,
      variables: { id: person },
    });
    expect(scoped.body.data!.subjectAccessReport).toMatchObject({ values: [], scope: 'Cardiff Council as controller' });
    expect(scoped.body.data!.subjectAccessReport.accessEvents.length).toBeGreaterThanOrEqual(3);
  });

  it('lets an IG officer verify the log, and logs the verification', async () => {
    const res = await labelled<{ verifyAccessLog: { ok: boolean; rowsChecked: number; firstBadRow: unknown } }>(
      'audit-verify-1',
      '{ verifyAccessLog { ok rowsChecked headSeq checkpointsVerified firstBadRow { seq problem detail } } }',
      { token: ig },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.verifyAccessLog).toMatchObject({ ok: true, firstBadRow: null });
    expect(res.body.data!.verifyAccessLog.rowsChecked).toBeGreaterThan(5);
    expect(await rowsFor('audit-verify-1')).toMatchObject([{ event: 'access_log.verified' }]);
    const epc = await gql(t.url, '{ verifyAccessLog { ok } }', { token: await tokenFor(t.infra, 'epc.cardiff') });
    expect(epc.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});
