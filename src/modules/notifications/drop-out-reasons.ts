// The reasons a provider gives when it notifies Careers Wales, and the tier each implies (domain §7.2:
// "tier 4 at-risk, or tier 2/3 if NEET", seed 001 line 347). The codes are the hub's own [not in seeds];
// a partner's export maps its codes onto them (the mapping file's "values").
import type { Tier2Reason, Tier4Risk } from '../tiers/tier-history.data.js';

/** The tier a notification implies, offered to the Careers Wales adviser to confirm. */
export interface TierProposal {
  tier: 2 | 3 | 4;
  tier4Risk: Tier4Risk | null;
  tier2Reason: Tier2Reason | null;
}

/** What one reason code means: has the learner left (a leaving date is then required), and the tier it implies. */
export interface DropOutReasonRule {
  left: boolean;
  proposal: TierProposal;
  description: string;
}

const atRisk: TierProposal = { tier: 4, tier4Risk: 'HIGH', tier2Reason: null };
const neetAvailable: TierProposal = { tier: 3, tier4Risk: null, tier2Reason: null };
const notAvailable = (reason: Tier2Reason): TierProposal => ({ tier: 2, tier4Risk: null, tier2Reason: reason });

/** Every reason code, as a table that reads like the rule it encodes. */
export const DROP_OUT_REASONS = {
  // Still on roll, but the provider's own support has not worked: "seriously at risk" (seed 001 line 346).
  AT_RISK_ATTENDANCE: { left: false, proposal: atRisk, description: 'On roll; attendance has collapsed and support has not worked' },
  AT_RISK_DISENGAGEMENT: { left: false, proposal: atRisk, description: 'On roll; disengaging and support has not worked' },
  AT_RISK_OTHER: { left: false, proposal: atRisk, description: 'On roll; seriously at risk of leaving for another reason' },
  // Left and not in education, employment or training, available for it: tier 3.
  LEFT_NON_ATTENDANCE: { left: true, proposal: neetAvailable, description: 'Withdrawn after stopping attending' },
  LEFT_LEARNER_DECISION: { left: true, proposal: neetAvailable, description: 'Left at their own decision, no destination known' },
  LEFT_COURSE_UNSUITABLE: { left: true, proposal: neetAvailable, description: 'Left a course that did not suit them' },
  LEFT_EXCLUDED: { left: true, proposal: neetAvailable, description: 'Excluded or withdrawn by the provider' },
  LEFT_OTHER: { left: true, proposal: neetAvailable, description: 'Left for another reason' },
  // Left for a job: a job without training is a risk category (seed 001 line 754), so tier 4 until the adviser knows more.
  LEFT_FOR_EMPLOYMENT: { left: true, proposal: { tier: 4, tier4Risk: 'MEDIUM', tier2Reason: null }, description: 'Left for employment' },
  // Left and not available for EET: tier 2.
  LEFT_ILLNESS: { left: true, proposal: notAvailable('SICKNESS'), description: 'Left because of illness' },
  LEFT_CARING: { left: true, proposal: notAvailable('YOUNG_CARER'), description: 'Left because of caring responsibilities' },
  LEFT_PREGNANCY: { left: true, proposal: notAvailable('PREGNANCY'), description: 'Left because of pregnancy or parenthood' },
  LEFT_CUSTODY: { left: true, proposal: notAvailable('CUSTODY'), description: 'Left on going into custody' },
} as const satisfies Record<string, DropOutReasonRule>;

/** One reason code. */
export type DropOutReason = keyof typeof DROP_OUT_REASONS;

/** Every reason code, in table order. */
export const DROP_OUT_REASON_CODES = Object.keys(DROP_OUT_REASONS) as DropOutReason[];

/** True when the string is a reason code. */
export function isDropOutReason(value: string): value is DropOutReason {
  return Object.hasOwn(DROP_OUT_REASONS, value);
}

/** The tier a reason implies. */
export function proposalFor(reason: DropOutReason): TierProposal {
  return DROP_OUT_REASONS[reason].proposal;
}
