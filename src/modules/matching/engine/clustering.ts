// Clustering: turns pairwise links into people. Edges are taken strongest first (human confirmations,
// then strong identifiers, then scored links by weight), and a merge is refused when it would join records
// a person has said are different (cannot-link), two different valid UPNs or ULNs, two records of a source
// that holds each person once (a register) joined by score alone, or, for a scored link, two groups whose records disagree: every
// pair across the two groups is weighed, not just the link that brought them together, so A~B and B~C never
// make A, B and C one person when A and C conflict. Pure: ids in, groups out.

/** Why two records are joined. */
export type EdgeKind = 'CONFIRMED' | 'IDENTIFIER' | 'SCORED';

/** A link between two records. */
export interface ClusterEdge {
  a: string;
  b: string;
  kind: EdgeKind;
  weight: number;
}

/** A record as clustering sees it: its id and its valid strong identifiers. */
export interface ClusterNode {
  id: string;
  upn: string | null;
  uln: string | null;
  /** The record's source when that source holds each person at most once (a register); null otherwise. */
  register?: string | null;
  /** A key that orders records the same way run after run (partner and reference); the id when absent. */
  key?: string;
}

/** The evidence between two records: the pair's total weight, and whether it flatly contradicts their being one person. */
export interface PairEvidence {
  weight: number;
  conflict: boolean;
}

/** Why a link was not followed. */
export type RefusalReason = 'CANNOT_LINK' | 'IDENTIFIER_CONFLICT' | 'SAME_SOURCE' | 'CHAIN_CONFLICT';

/** Options of clustering. */
export interface ClusterOptions {
  /**
   * Evidence between any two records, scored on demand. With it, a scored link joins two groups only when no pair
   * across them conflicts and their mean weight reaches `linkWeight`; without it, groups join on the link alone.
   */
  evidence?: (a: string, b: string) => PairEvidence;
  /** The mean weight across two groups needed for a scored link to join them. */
  linkWeight?: number;
}

/** Outcome of clustering: a group label per record, and the edges refused because of a conflict. */
export interface ClusterResult {
  groupOf: Map<string, string>;
  refused: Array<ClusterEdge & { reason: RefusalReason }>;
}

const KIND_ORDER: Record<EdgeKind, number> = { CONFIRMED: 0, IDENTIFIER: 1, SCORED: 2 };

const compare = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** Groups records into people; `cannotLink` pairs never end up together. Deterministic for the same input. */
export function clusterRecords(
  nodes: readonly ClusterNode[],
  edges: readonly ClusterEdge[],
  cannotLink: ReadonlyArray<readonly [string, string]>,
  options: ClusterOptions = {},
): ClusterResult {
  const parent = new Map<string, string>();
  const members = new Map<string, string[]>();
  const upns = new Map<string, Set<string>>();
  const ulns = new Map<string, Set<string>>();
  const registers = new Map<string, Set<string>>();
  const keyOf = new Map<string, string>();
  for (const n of [...nodes].sort((x, y) => compare(x.key ?? x.id, y.key ?? y.id) || compare(x.id, y.id))) {
    if (parent.has(n.id)) continue;
    parent.set(n.id, n.id);
    members.set(n.id, [n.id]);
    upns.set(n.id, new Set(n.upn ? [n.upn] : []));
    ulns.set(n.id, new Set(n.uln ? [n.uln] : []));
    registers.set(n.id, new Set(n.register ? [n.register] : []));
    keyOf.set(n.id, n.key ?? n.id);
  }
  const cannot = new Map<string, Set<string>>();
  for (const [a, b] of cannotLink) {
    if (!cannot.has(a)) cannot.set(a, new Set());
    if (!cannot.has(b)) cannot.set(b, new Set());
    cannot.get(a)!.add(b);
    cannot.get(b)!.add(a);
  }
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let cur = x;
    while (cur !== root) {
      const next = parent.get(cur)!;
      parent.set(cur, root);
      cur = next;
    }
    return root;
  };
  const conflicts = (sa: Set<string>, sb: Set<string>): boolean => {
    if (sa.size === 0 || sb.size === 0) return false;
    for (const x of sa) if (sb.has(x)) return false;
    return true;
  };
  const overlaps = (sa: Set<string>, sb: Set<string>): boolean => {
    for (const x of sa) if (sb.has(x)) return true;
    return false;
  };
  /** Whether the evidence across two groups supports joining them (every cross pair weighed). */
  const evidenceHolds = (xs: readonly string[], ys: readonly string[]): boolean => {
    const evidence = options.evidence!;
    let sum = 0;
    for (const x of xs) {
      for (const y of ys) {
        const e = evidence(x, y);
        if (e.conflict) return false;
        sum += e.weight;
      }
    }
    return sum / (xs.length * ys.length) >= (options.linkWeight ?? 0);
  };
  const edgeKey = (e: ClusterEdge): [string, string] => {
    const ka = keyOf.get(e.a) ?? e.a;
    const kb = keyOf.get(e.b) ?? e.b;
    return ka < kb ? [ka, kb] : [kb, ka];
  };

  const sorted = [...edges].sort((x, y) => {
    const byKind = KIND_ORDER[x.kind] - KIND_ORDER[y.kind];
    if (byKind !== 0) return byKind;
    if (x.weight !== y.weight) return y.weight > x.weight ? 1 : -1;
    const [xa, xb] = edgeKey(x);
    const [ya, yb] = edgeKey(y);
    return compare(xa, ya) || compare(xb, yb);
  });
  const refused: ClusterResult['refused'] = [];
  for (const e of sorted) {
    if (!parent.has(e.a) || !parent.has(e.b)) continue;
    let ra = find(e.a);
    let rb = find(e.b);
    if (ra === rb) continue;
    if (members.get(ra)!.length < members.get(rb)!.length || (members.get(ra)!.length === members.get(rb)!.length && compare(keyOf.get(ra)!, keyOf.get(rb)!) > 0)) {
      [ra, rb] = [rb, ra];
    }
    const small = members.get(rb)!;
    if (small.some((id) => [...(cannot.get(id) ?? [])].some((other) => find(other) === ra))) {
      refused.push({ ...e, reason: 'CANNOT_LINK' });
      continue;
    }
    if (e.kind !== 'CONFIRMED') {
      // A person has one UPN and one ULN: an automatic link never joins two different valid ones.
      if (conflicts(upns.get(ra)!, upns.get(rb)!) || conflicts(ulns.get(ra)!, ulns.get(rb)!)) {
        refused.push({ ...e, reason: 'IDENTIFIER_CONFLICT' });
        continue;
      }
      // A register holds each person once: two of its records are two people unless a person says otherwise, or
      // the same valid UPN or ULN does (a pupil has one UPN: two of the school's records under it are the
      // school's own duplicate, not two pupils).
      if (e.kind === 'SCORED' && overlaps(registers.get(ra)!, registers.get(rb)!)) {
        refused.push({ ...e, reason: 'SAME_SOURCE' });
        continue;
      }
      if (e.kind === 'SCORED' && options.evidence && (members.get(ra)!.length > 1 || small.length > 1) && !evidenceHolds(members.get(ra)!, small)) {
        refused.push({ ...e, reason: 'CHAIN_CONFLICT' });
        continue;
      }
    }
    parent.set(rb, ra);
    members.get(ra)!.push(...small);
    members.delete(rb);
    for (const [sets] of [[upns], [ulns], [registers]] as const) {
      for (const x of sets.get(rb)!) sets.get(ra)!.add(x);
      sets.delete(rb);
    }
  }
  const groupOf = new Map<string, string>();
  for (const id of parent.keys()) groupOf.set(id, find(id));
  return { groupOf, refused };
}

/** A person and when they were created, for choosing which id a group keeps. */
export interface ExistingPerson {
  id: string;
  createdAt: number;
}

/**
 * Gives each group a person id, keeping ids stable: a group keeps the existing person that most of
 * its records already belong to (the older person on a tie); a person id goes to one group only;
 * groups with no claim get a new id from `newId`. Returns the person of each record.
 */
export function assignPersons(
  groupOf: ReadonlyMap<string, string>,
  currentPerson: ReadonlyMap<string, string | null>,
  people: ReadonlyMap<string, ExistingPerson>,
  newId: () => string,
): Map<string, string> {
  const groups = new Map<string, string[]>();
  for (const [record, group] of groupOf) {
    const list = groups.get(group);
    if (list) list.push(record);
    else groups.set(group, [record]);
  }
  const claims: Array<{ group: string; person: string; votes: number; createdAt: number }> = [];
  for (const [group, records] of groups) {
    const votes = new Map<string, number>();
    for (const r of records) {
      const p = currentPerson.get(r);
      if (p) votes.set(p, (votes.get(p) ?? 0) + 1);
    }
    for (const [person, n] of votes) claims.push({ group, person, votes: n, createdAt: people.get(person)?.createdAt ?? 0 });
  }
  claims.sort((x, y) => y.votes - x.votes || x.createdAt - y.createdAt || (x.person < y.person ? -1 : x.person > y.person ? 1 : x.group < y.group ? -1 : 1));
  const personOfGroup = new Map<string, string>();
  const taken = new Set<string>();
  for (const c of claims) {
    if (personOfGroup.has(c.group) || taken.has(c.person)) continue;
    personOfGroup.set(c.group, c.person);
    taken.add(c.person);
  }
  const result = new Map<string, string>();
  for (const group of [...groups.keys()].sort()) {
    let person = personOfGroup.get(group);
    if (!person) {
      person = newId();
      personOfGroup.set(group, person);
    }
    for (const r of groups.get(group)!) result.set(r, person);
  }
  return result;
}
