// Clustering: turns pairwise links into people. Edges are taken strongest first (human
// confirmations, then strong identifiers, then scored links by weight) and a merge is refused when
// it would join records a person has said are different (cannot-link) or two different valid UPNs or
// ULNs, so one wrong link never silently merges two children. Pure: ids in, groups out.

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
}

/** Outcome of clustering: a group label per record, and the edges refused because of a conflict. */
export interface ClusterResult {
  groupOf: Map<string, string>;
  refused: Array<ClusterEdge & { reason: 'CANNOT_LINK' | 'IDENTIFIER_CONFLICT' }>;
}

const KIND_ORDER: Record<EdgeKind, number> = { CONFIRMED: 0, IDENTIFIER: 1, SCORED: 2 };

/** Groups records into people; `cannotLink` pairs never end up together. Deterministic for the same input. */
export function clusterRecords(nodes: readonly ClusterNode[], edges: readonly ClusterEdge[], cannotLink: ReadonlyArray<readonly [string, string]>): ClusterResult {
  const parent = new Map<string, string>();
  const members = new Map<string, string[]>();
  const upns = new Map<string, Set<string>>();
  const ulns = new Map<string, Set<string>>();
  for (const n of [...nodes].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) {
    if (parent.has(n.id)) continue;
    parent.set(n.id, n.id);
    members.set(n.id, [n.id]);
    upns.set(n.id, new Set(n.upn ? [n.upn] : []));
    ulns.set(n.id, new Set(n.uln ? [n.uln] : []));
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

  const sorted = [...edges].sort(
    (x, y) => KIND_ORDER[x.kind] - KIND_ORDER[y.kind] || y.weight - x.weight || (x.a + x.b < y.a + y.b ? -1 : 1),
  );
  const refused: ClusterResult['refused'] = [];
  for (const e of sorted) {
    if (!parent.has(e.a) || !parent.has(e.b)) continue;
    let ra = find(e.a);
    let rb = find(e.b);
    if (ra === rb) continue;
    if (members.get(ra)!.length < members.get(rb)!.length) [ra, rb] = [rb, ra];
    const small = members.get(rb)!;
    if (small.some((id) => [...(cannot.get(id) ?? [])].some((other) => find(other) === ra))) {
      refused.push({ ...e, reason: 'CANNOT_LINK' });
      continue;
    }
    // A person has one UPN and one ULN: an automatic link never joins two different valid ones.
    if (e.kind !== 'CONFIRMED' && (conflicts(upns.get(ra)!, upns.get(rb)!) || conflicts(ulns.get(ra)!, ulns.get(rb)!))) {
      refused.push({ ...e, reason: 'IDENTIFIER_CONFLICT' });
      continue;
    }
    parent.set(rb, ra);
    members.get(ra)!.push(...small);
    members.delete(rb);
    for (const x of upns.get(rb)!) upns.get(ra)!.add(x);
    for (const x of ulns.get(rb)!) ulns.get(ra)!.add(x);
    upns.delete(rb);
    ulns.delete(rb);
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
