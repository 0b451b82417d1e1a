// One noninterference comparison: load a world, see what one principal receives, load a second world,
// see again, and say whether (and where) the bytes differ, with the release views of both worlds.
import type { DataSource } from 'typeorm';
import type { OrganisationKind } from '../../src/modules/organisations/organisation-kind.js';
import type { Requester } from '../../src/policy/policy.types.js';
import type { Purpose } from '../../src/policy/purpose.js';
import type { TestApi } from './harness.js';
import { isValidUln } from '../../src/modules/identifiers/uln.js';
import { isValidUpn } from '../../src/modules/identifiers/upn.js';
import { firstDifference, observe, probesFor, type LearnerKey, type ListFilters, type Observation } from './observe.js';
import { releaseView, type ReleaseView } from './release-oracle.js';
import { clearWorlds, loadWorld, worldDiff, type OrgFacts, type World } from './worlds.js';

/** A seeded principal as the comparison needs it. */
export interface Subject {
  handle: string;
  requester: Requester;
  organisationCode: string;
  organisationKind: OrganisationKind;
  token: string;
  /** IG officers' and administrators' explanations say more than a response, by design: not compared. */
  explains: boolean;
  /** A partner system: it runs registered operations only, so it is probed with those. */
  system?: boolean;
}

/** The running API and the reference data a comparison uses. */
export interface PairContext {
  api: TestApi;
  orgs: ReadonlyMap<string, OrgFacts>;
  /** The principal recorded as having entered the worlds' consent events. */
  recorder: string;
  /** The database's owner, to clear the worlds (the append-only ledger included). */
  owner: DataSource;
}

/** What one comparison found. */
export interface PairOutcome {
  second: World;
  before: ReleaseView;
  after: ReleaseView;
  first: Observation[];
  /** Null when the release views differed and the caller asked to skip such pairs. */
  again: Observation[] | null;
  /** The first probe whose status or body differs, described; null when every byte is the same. */
  difference: string | null;
}

/**
 * Loads the first world, makes the second from it (given the first world's release view), and observes
 * both with the same probes. With `sameReleaseOnly`, a pair whose release views differ is not observed twice.
 */
export async function comparePair(
  ctx: PairContext,
  s: Subject,
  purpose: Purpose,
  first: World,
  makeSecond: (view: ReleaseView) => World,
  filters: ListFilters,
  sameReleaseOnly: boolean,
): Promise<PairOutcome> {
  const ds = ctx.api.infra.ds;
  await clearWorlds(ctx.owner);
  await loadWorld(ds, first, ctx.orgs, ctx.recorder);
  const before = await releaseView(ctx.api.infra, s.requester, purpose, first, ctx.orgs);
  const second = makeSecond(before);
  const people = [...new Set([...first.people, ...second.people])].sort();
  const probes = probesFor(s.handle, purpose, people, filters, s.explains, learnerKeys([first, second]), s.system ?? false);
  const seen = await observe(ctx.api.url, s.token, purpose, probes);

  await clearWorlds(ctx.owner);
  await loadWorld(ds, second, ctx.orgs, ctx.recorder);
  const after = await releaseView(ctx.api.infra, s.requester, purpose, second, ctx.orgs);
  if (sameReleaseOnly && after.released !== before.released) return { second, before, after, first: seen, again: null, difference: null };
  const again = await observe(ctx.api.url, s.token, purpose, probes);
  let difference: string | null = null;
  for (const [i, probe] of probes.entries()) {
    const d = firstDifference(seen[i]!, again[i]!);
    if (d) {
      difference = `${s.handle} (${purpose}) received different bytes from ${probe.name}: ${d}`;
      break;
    }
  }
  return { second, before, after, first: seen, again, difference };
}

/**
 * The keys a partner could look the worlds' young people up by: every record's reference (whoever supplied it:
 * another partner's reference must find nothing) and every valid ULN and UPN, plus one reference nobody holds.
 */
export function learnerKeys(worlds: readonly World[]): LearnerKey[] {
  const records = worlds.flatMap((w) => w.records);
  const keys = new Map<string, LearnerKey>([['reference:NI-NOBODY', { reference: 'NI-NOBODY' }]]);
  for (const r of records) {
    keys.set(`reference:${r.partnerReference}`, { reference: r.partnerReference });
    if (r.identity.uln && isValidUln(r.identity.uln)) keys.set(`uln:${r.identity.uln}`, { uln: r.identity.uln });
    if (r.identity.upn && isValidUpn(r.identity.upn)) keys.set(`upn:${r.identity.upn}`, { upn: r.identity.upn });
  }
  return [...keys.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, k]) => k);
}

/** A readable account of a pair whose bytes differ. */
export function explainDifference(o: PairOutcome, first: World, applied: readonly string[]): string {
  return [
    o.difference,
    `released to it in both worlds: ${o.before.released}`,
    `the second world differs from the first by (${applied.join(', ')}):`,
    ...worldDiff(first, o.second).map((l) => `  ${l}`),
  ].join('\n');
}
