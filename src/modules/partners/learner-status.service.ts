import type { RequestContext } from '../../graphql/context.js';
import { badInput, notFound } from '../../graphql/errors.js';
import { isValidUln } from '../identifiers/uln.js';
import { isValidUpn } from '../identifiers/upn.js';
import type { PersonKey } from '../sources/sources.service.js';
import type { LearnerKeyInput, LearnerStatusType } from './learner-status.type.js';

/** Most keys one batch may ask about. */
export const MAX_LEARNER_KEYS = 1000;

/** Access-log event of a lookup with keys that found nobody (counts only: a key is personal data). */
export const LEARNER_NOT_FOUND_EVENT = 'learner_status.not_found';

/**
 * "What is the status of my learner?" by the partner's own reference, a ULN or a UPN. A key finds a young person
 * only through records whose IDENTITY the rules release to the asker (its own records, for its own reference),
 * so a reference it never supplied, a learner it has no basis to see and an identifier held by nobody are one
 * answer, decided by one statement whatever is held. The status and lead worker are then read through the
 * tier history and the sources service's checked views, value by value; each person found gets one access-log row.
 */
export class LearnerStatusService {
  /** One learner; NOT_FOUND (HTTP 404) when the key names no young person the asker may see. */
  async one(ctx: RequestContext, key: LearnerKeyInput): Promise<LearnerStatusType> {
    await this.requirePolicy(ctx);
    const [answer] = await this.lookup(ctx, [checkKey(key, '')]);
    if (!answer?.found) throw notFound('Learner');
    return answer;
  }

  /** Up to MAX_LEARNER_KEYS learners, in the order asked, each found or not (never an error per key). */
  async many(ctx: RequestContext, keys: readonly LearnerKeyInput[]): Promise<LearnerStatusType[]> {
    await this.requirePolicy(ctx);
    if (keys.length > MAX_LEARNER_KEYS) throw badInput('keys', `holds ${keys.length} keys; at most ${MAX_LEARNER_KEYS} may be asked at once`);
    return this.lookup(ctx, keys.map((k, i) => checkKey(k, `keys[${i}].`)));
  }

  private async lookup(ctx: RequestContext, keys: ReadonlyArray<{ input: LearnerKeyInput; key: PersonKey }>): Promise<LearnerStatusType[]> {
    const found = await ctx.services.sources.peopleByKeys(ctx, keys.map((k) => k.key));
    const answers = keys.map(({ input }, i): LearnerStatusType => {
      const people = found[i] ?? [];
      // An identifier on the records of two people the asker may see names neither: it is answered as no one.
      const personId = people.length === 1 ? people[0]! : null;
      if (personId) ctx.access.noteListed(personId);
      return { reference: input.reference ?? null, uln: input.uln ?? null, upn: input.upn ?? null, found: personId !== null, personId };
    });
    const missing = answers.filter((a) => !a.found).length;
    if (missing > 0) ctx.access.noteActivity({ personId: null, event: LEARNER_NOT_FOUND_EVENT, detail: { keys: keys.length, notFound: missing } });
    return answers;
  }

  /** The request's policy (purpose declared and permitted); a refused request is logged like a disclosure. */
  private async requirePolicy(ctx: RequestContext): Promise<void> {
    try {
      await ctx.services.policy.forRequest(ctx);
    } catch (err) {
      ctx.access.noteRefusal(null, ctx.purpose ? 'ROLE_NOT_PERMITTED' : 'PURPOSE_NOT_PERMITTED');
      throw err;
    }
  }
}

/** Exactly one well-formed key; a bad one is refused naming its field (`keys[3].uln`), never quoting it. */
function checkKey(input: LearnerKeyInput, prefix: string): { input: LearnerKeyInput; key: PersonKey } {
  const given = (['reference', 'uln', 'upn'] as const).filter((f) => input[f] != null);
  if (given.length !== 1) throw badInput(prefix ? prefix.slice(0, -1) : 'reference', 'give exactly one of reference, uln and upn');
  const field = given[0]!;
  const value = input[field]!.trim();
  if (field === 'reference') {
    if (value.length === 0) throw badInput(`${prefix}reference`, 'must not be empty');
    return { input, key: { kind: 'REFERENCE', key: value } };
  }
  if (field === 'uln') {
    if (!isValidUln(value)) throw badInput(`${prefix}uln`, 'is not a ULN (ten digits, the last its check digit)');
    return { input, key: { kind: 'ULN', key: value } };
  }
  if (!isValidUpn(value)) throw badInput(`${prefix}upn`, 'is not a UPN (a check letter and twelve digits)');
  return { input, key: { kind: 'UPN', key: value.toUpperCase() } };
}
