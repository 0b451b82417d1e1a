// Roles: EPC (an LA's Engagement and Progression Coordinator sees its LA's transfers in and out, accepts or declines
// those in, and withdraws those out that its LA or an address started) and the administrator.
// Sensitive categories: CONTACT (where a young person lives), IDENTITY, TIER_STATUS and LEAD_WORKER (the transfer dataset).
import type { DataCategory } from '../../policy/data-category.js';
import type { Purpose } from '../../policy/purpose.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';

/**
 * Whose address decides where a young person lives, as a rank (1 first; null: never). Rank 1 are the records a
 * statutory or funded process keeps up to date: the LA's own (admissions, social care, housing), a school's
 * (the census address), Careers Wales's client database, and a college's or training provider's enrolment
 * (audited for funding). Rank 2 are contact addresses a youth or voluntary worker was given, often a hostel, a
 * friend's or a relative's: used only when no rank-1 record carries an address that can be placed. Within a
 * rank the most recent address wins (the day the hub first received it on that record, not the record's
 * latest version: a record sent again with the same address does not make it newer).
 */
export const ADDRESS_SOURCE_RANK: Readonly<Record<OrganisationKind, 1 | 2 | null>> = {
  LOCAL_AUTHORITY: 1,
  SCHOOL: 1,
  CAREERS_WALES: 1,
  FE_COLLEGE: 1,
  WBL_PROVIDER: 1,
  YOUTH_SERVICE: 2,
  VOLUNTARY: 2,
  WELSH_GOVERNMENT: null,
};

/**
 * Kinds whose own area says where their young people live when no record carries an address that can be
 * placed: an LA's records are about its residents and a maintained school serves its LA. A college's, Careers
 * Wales's or a voluntary body's area says nothing of the sort (colleges recruit across LAs).
 */
export const AREA_FALLBACK_KINDS: readonly OrganisationKind[] = ['LOCAL_AUTHORITY', 'SCHOOL'];

/** The purposes transfers are read and accepted for: the EPC's tracking and unknowns work. */
export const TRANSFER_PURPOSES: readonly Purpose[] = ['TRACKING', 'UNKNOWN_RESOLUTION'];

/** The minimal transfer dataset: who the young person is, their status, their lead worker. */
export const TRANSFER_DATASET: readonly DataCategory[] = ['IDENTITY', 'TIER_STATUS', 'LEAD_WORKER'];

/** The category of each end of a move (which LA the young person lived in, and lives in now). */
export const TRANSFER_END_CATEGORY: DataCategory = 'CONTACT';

/**
 * Where a transfer stands. OPEN: the receiving LA has not accepted it (or it is not yet known where the young
 * person went); ACCEPTED: the receiving LA took the young person on, and the home LA the sharing rules use is now
 * theirs; DECLINED: the receiving LA's EPC said the young person is not theirs to take on (the home LA stays);
 * WITHDRAWN: the move did not happen (the address came back, the outcome that started it was reversed, or the
 * sending LA's EPC withdrew it); LEFT_WALES: the young person moved out of Wales, which closes the case (no Welsh
 * LA receives it).
 */
export const TRANSFER_STATES = ['OPEN', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'LEFT_WALES'] as const;

/** One transfer state. */
export type TransferState = (typeof TRANSFER_STATES)[number];

/**
 * What started a transfer, and the category whose release to the sending LA shows it: an address (CONTACT of
 * the record that carries it), an EPC's outcome "moved out of area", or Careers Wales's destinations return
 * "left the area" (both TIER_STATUS of the organisation whose event it is).
 */
export const TRANSFER_CAUSES = ['ADDRESS', 'UNKNOWN_OUTCOME', 'DESTINATION_RETURN'] as const;

/** One cause. */
export type TransferCause = (typeof TRANSFER_CAUSES)[number];

/** The category of the fact that started a transfer of each cause. */
export const CAUSE_CATEGORY: Readonly<Record<TransferCause, DataCategory>> = {
  ADDRESS: 'CONTACT',
  UNKNOWN_OUTCOME: 'TIER_STATUS',
  DESTINATION_RETURN: 'TIER_STATUS',
};

/** Which way a transfer goes for the LA asking. */
export const TRANSFER_DIRECTIONS = ['INCOMING', 'OUTGOING'] as const;

/** One direction. */
export type TransferDirection = (typeof TRANSFER_DIRECTIONS)[number];

/**
 * Why a receiving LA's EPC declines a transfer: the young person does not live in the LA (not at the address,
 * not known there), is staying there only for a while (a relative's, a hostel) and still belongs to the sending
 * LA, or the records that placed them there are not this young person's.
 */
export const TRANSFER_DECLINE_REASONS = ['NOT_RESIDENT', 'TEMPORARY_STAY', 'WRONG_PERSON'] as const;

/** One reason for declining. */
export type TransferDeclineReason = (typeof TRANSFER_DECLINE_REASONS)[number];

/**
 * Why a sending LA's EPC withdraws a transfer its LA or an address started: the young person still lives in the
 * LA, is away only for a while, the address a partner sent is wrong, or the LA recorded the move by mistake.
 */
export const TRANSFER_WITHDRAW_REASONS = ['STILL_RESIDENT', 'TEMPORARY_STAY', 'ADDRESS_WRONG', 'RECORDED_IN_ERROR'] as const;

/** One reason for withdrawing. */
export type TransferWithdrawReason = (typeof TRANSFER_WITHDRAW_REASONS)[number];

/**
 * The causes whose transfers the sending LA's EPC may withdraw: an address (the EPC knows better than the
 * partner's record) and its own LA's "moved out of area". Careers Wales's "left the area" return is Careers
 * Wales's word; the EPC answers it with an address or an outcome, not by withdrawing.
 */
export const WITHDRAWABLE_CAUSES: readonly TransferCause[] = ['ADDRESS', 'UNKNOWN_OUTCOME'];
