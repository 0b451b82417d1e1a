// What a principal receives, byte for byte: the same GraphQL operations posted over HTTP with the same
// headers (a fixed request id), keeping the status and the raw body text.
import type { Purpose } from '../../src/policy/purpose.js';
import { registered, registeredByDocument } from './registered.js';

const RECORD = `id provider { code kind laCode } receivedAt version partnerReference givenName middleNames familyName dateOfBirth sex
  upn uln otherIdentifier postcode addressLine locality email phone enrolment attendance behaviour attainment
  earlyIdentificationRisk tierStatus careersGuidance supportNeeds careStatus youthJustice leadWorker involvement destination`;

const PERSON = `query NiPerson($id: ID!) { youngPerson(id: $id) { id createdAt sourceRecords { ${RECORD} } } }`;

const LIST = `query NiList($filter: YoungPeopleFilter) { youngPeople(first: 10, filter: $filter) {
  totalCount edges { cursor node { id createdAt sourceRecords { ${RECORD} } } } pageInfo { hasNextPage endCursor } } }`;

const EXPLAIN = `query NiExplain($personId: ID!, $handle: String!, $purpose: Purpose!) {
  explainAccess(personId: $personId, principalHandle: $handle, purpose: $purpose) {
    personId principalHandle purpose
    categories { category allowed reason agreement held sources { provider { code } allowed reason agreement } } } }`;

const LEDGER = `query NiLedger($id: ID!) { consentHistory(personId: $id) {
  id personId kind recipientOrganisation { code } recipientKind purpose categories givenBy evidenceReference recordedBy recordedAt } }`;
// (No event ids: a world's tier assessments get new ids each time it is loaded.)
const LEARNERS = `query NiLearners($keys: [LearnerKeyInput!]!) { learnerStatuses(keys: $keys) { reference uln upn found personId
  status { source { code } tier tier2Reason tier4Risk eetStatus since daysInTier assessedOn assessedBy { displayName }
           evidence { kind tier effectiveOn reason source { code } } }
  leadWorker { source { code } hostOrganisation name initials allocatedOn } } }`;

const LEARNER = `query NiLearner($reference: String, $uln: String, $upn: String) { learnerStatus(reference: $reference, uln: $uln, upn: $upn) {
  found personId status { tier since } leadWorker { hostOrganisation allocatedOn } } }`;

/** A key a partner may look a learner up by (as LearnerKeyInput takes it). */
export type LearnerKey = { reference: string } | { uln: string } | { upn: string };

/** One operation as the principal sends it. */
export interface Probe {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

/** What came back: the HTTP status and the body exactly as sent. */
export interface Observation {
  status: number;
  body: string;
}

/** The list filters the probes use (none, and one of each kind). */
export interface ListFilters {
  familyNamePrefix: string;
  providerCode: string;
  laCode: string;
}

/**
 * The operations compared: each person by id and their consent ledger (CONSENT; refused alike in both worlds to a
 * role that may not read it), the first page of the list unfiltered and under each filter, and (except for IG
 * officers and administrators, whose explanations are meant to say more) explainAccess for the principal itself.
 */
export function probesFor(
  handle: string,
  purpose: Purpose,
  people: readonly string[],
  filters: ListFilters,
  explains: boolean,
  keys: readonly LearnerKey[] = [],
  system = false,
): Probe[] {
  // Every key of both worlds in one batch; the identifiers and a reference nobody holds each alone too (found, or
  // the one NOT_FOUND). A partner system sends the registered documents (by hash): nothing else is open to it.
  const single = keys.filter((key) => !('reference' in key) || key.reference === 'NI-NOBODY');
  const learners = (many: string, one: string): Probe[] => [
    ...(keys.length > 0 ? [{ name: 'learnerStatuses', query: many, variables: { keys } }] : []),
    ...single.map((key) => ({ name: `learnerStatus(${JSON.stringify(key)})`, query: one, variables: key })),
  ];
  if (system) return learners(registered('LearnerStatuses'), registered('LearnerStatus'));
  return [
    ...learners(LEARNERS, LEARNER),
    ...people.map((id) => ({ name: `youngPerson(${id.slice(-4)})`, query: PERSON, variables: { id } })),
    ...people.map((id) => ({ name: `consentHistory(${id.slice(-4)})`, query: LEDGER, variables: { id } })),
    ...(explains ? people.map((personId) => ({ name: `explainAccess(${personId.slice(-4)})`, query: EXPLAIN, variables: { personId, handle, purpose } })) : []),
    { name: 'youngPeople', query: LIST, variables: {} },
    ...Object.entries(filters).map(([k, v]) => ({ name: `youngPeople(${k}: ${String(v)})`, query: LIST, variables: { filter: { [k]: v } } })),
  ];
}

/** Posts every probe (concurrently) and returns what came back, in probe order. */
export async function observe(url: string, token: string, purpose: Purpose, probes: readonly Probe[]): Promise<Observation[]> {
  return Promise.all(
    probes.map(async (p) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-purpose': purpose,
          'x-request-id': 'noninterference-probe',
        },
        body: JSON.stringify(bodyOf(p)),
      });
      return { status: res.status, body: await res.text() };
    }),
  );
}

/** A registered document goes by its hash (as a partner system sends it), anything else as text. */
function bodyOf(p: Probe): Record<string, unknown> {
  const op = registeredByDocument(p.query);
  return op ? { extensions: { persistedQuery: { version: 1, sha256Hash: op.sha256Hash } }, variables: p.variables } : { query: p.query, variables: p.variables };
}

/** The first place two observations differ, described for a person reading a counterexample. */
export function firstDifference(a: Observation, b: Observation): string | null {
  if (a.status !== b.status) return `HTTP status ${a.status} vs ${b.status}`;
  if (a.body === b.body) return null;
  const path = jsonDifference(JSON.parse(a.body), JSON.parse(b.body), '');
  if (path) return path;
  let i = 0;
  while (a.body[i] === b.body[i]) i++;
  return `bytes differ at ${i}: …${a.body.slice(Math.max(0, i - 60), i + 60)}… vs …${b.body.slice(Math.max(0, i - 60), i + 60)}…`;
}

function jsonDifference(a: unknown, b: unknown, path: string): string | null {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) {
      return `${path || '.'}: ${a.length} vs ${b.length} items: ${short(a)} vs ${short(b)}`;
    }
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const d = jsonDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return `${path || '.'}: same content, different key order`;
  }
  return `${path || '.'}: ${short(a)} vs ${short(b)}`;
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}
