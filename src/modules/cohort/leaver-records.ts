// A school's leavers file: the record a secondary school keeps, and sends, of a pupil who left after Year 11,
// with the leaving date and GCSE results. It is where an EPC sees the school a young person last attended,
// and it places recent leavers whose status Careers Wales has lost (tier 1) in their home LA. Drawn from a
// generator of its own per person, with references of its own, so that adding it leaves every other record
// of a seed exactly as it was (the matching benchmarks' cohorts stay comparable).
import type { GeneratedSourceRecord } from './cohort.types.js';
import { dayOf, dayToIso } from './calendar.js';
import { drawAddress, drawMobile, localTables, type CohortContext, type PersonPlan } from './draw-person.js';
import { noisyIdentity, type NoiseAlternatives } from './noise.js';
import { PartnerReferenceAllocator } from './allocators.js';
import { Prng } from './prng.js';
import { grade } from './source-records.js';

/** School ages (age on the 31 August before the school year) of the Year 11 leavers a school's leavers file holds: the last two summers. */
export const LEAVER_SCHOOL_AGES: readonly number[] = [16, 17];

/** Hands out leavers-file references: `ADM9` and five digits, never equal to a roll's `ADM` and five digits. */
export class LeaverReferences {
  private readonly allocator: PartnerReferenceAllocator;

  constructor(seed: string) {
    this.allocator = new PartnerReferenceAllocator(new Prng(`${seed}|leaver-references`));
  }

  /** A new reference at this school. */
  allocate(schoolCode: string): string {
    return this.allocator.allocate(schoolCode, 'ADM9', 5);
  }
}

/**
 * The leavers-file record of a young person who left school after Year 11 in one of the last two summers and
 * is not in a sixth form now (those have their school's roll record), or null. Pupils only: someone who was
 * never on a school roll (no UPN) has no leavers file.
 */
export function leaverRecord(ctx: CohortContext, plan: PersonPlan, references: LeaverReferences, seed: string): GeneratedSourceRecord | null {
  if (!LEAVER_SCHOOL_AGES.includes(plan.schoolAge) || plan.school !== null || plan.person.upn === null) return null;
  const rng = new Prng(`${seed}|leaver|${plan.person.truthId}`);
  const laCode = plan.person.laCode;
  const school = localTables(laCode).schools.pick(rng);
  // Year 11 ended in the July of the school year in which they were 15.
  const leftYear = ctx.schoolYear - (plan.schoolAge - 16);
  const alternatives: NoiseAlternatives = {
    movedAddress: () => drawAddress(rng, laCode),
    otherPhone: () => drawMobile(rng),
    otherSurname: () => localTables(laCode).surnames.pick(rng),
  };
  const identity = noisyIdentity(plan.identity, 'SCHOOL', rng, alternatives);
  return {
    providerCode: school.code,
    partnerReference: references.allocate(school.code),
    givenName: identity.givenName,
    middleNames: identity.middleNames,
    familyName: identity.familyName,
    dateOfBirth: identity.dateOfBirth,
    sex: identity.sex,
    postcode: identity.postcode,
    addressLine: identity.addressLine,
    locality: identity.locality,
    upn: identity.upn,
    uln: identity.uln,
    otherIdentifier: null,
    email: identity.email,
    phone: identity.phone,
    payload: {
      EDUCATION_ENROLMENT: {
        yearGroup: 11,
        welshMedium: school.welshMedium,
        status: 'LEFT',
        leftOn: dayToIso(dayOf(leftYear, 7, rng.int(19, 23))),
      },
      ATTAINMENT: {
        gcseResults: { english: grade(rng, plan.risk), maths: grade(rng, plan.risk), science: grade(rng, plan.risk), welsh: grade(rng, plan.risk) },
      },
    },
  };
}
