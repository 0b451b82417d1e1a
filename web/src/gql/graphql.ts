/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AcceptTransferInput = {
  transferId: string | number;
};

export type AccessLogFilter = {
  /** Event name, e.g. person.read */
  event?: string | null | undefined;
  /** From this time (inclusive) */
  from?: string | null | undefined;
  /** The organisation that acted (disclosures to it) */
  organisationId?: string | number | null | undefined;
  outcome?: AccessOutcomeFilter | null | undefined;
  /** The young person the events are about */
  personId?: string | number | null | undefined;
  /** The principal who acted */
  principalId?: string | number | null | undefined;
  /** Declared purpose, e.g. TRACKING */
  purpose?: string | null | undefined;
  /** Before this time (exclusive) */
  to?: string | null | undefined;
};

/** RELEASED: every value asked for was released; PARTIAL: some were withheld; WITHHELD: none released; NONE: no personal data read (a change or a log search) */
export type AccessOutcome =
  | 'NONE'
  | 'PARTIAL'
  | 'RELEASED'
  | 'WITHHELD';

/** RELEASED: events that released any value; WITHHELD: events that withheld any value or were refused */
export type AccessOutcomeFilter =
  | 'RELEASED'
  | 'WITHHELD';

export type AccessReason =
  | 'AGREEMENT_NOT_ACTIVE'
  | 'CONDITION_NOT_MET'
  | 'CONSENT_REQUIRED'
  | 'CONSENT_WITHDRAWN'
  | 'NO_AGREEMENT'
  | 'OBJECTION'
  | 'PURPOSE_EXCLUDED'
  | 'PURPOSE_NOT_PERMITTED'
  | 'ROLE_NOT_PERMITTED'
  | 'TIER_RESTRICTED'
  | 'WITHHELD';

export type AgreementClauseInput = {
  categories: Array<DataCategory>;
  conditions?: ClauseConditionsInput | null | undefined;
  consentRequired?: boolean;
  description?: string;
  disclosure?: Disclosure;
  providerKind?: OrganisationKind | null | undefined;
  providerOrganisationCode?: string | null | undefined;
  purposes: Array<Purpose>;
  recipientKind?: OrganisationKind | null | undefined;
  recipientOrganisationCode?: string | null | undefined;
  recipientRole?: Role | null | undefined;
  retention?: string | null | undefined;
};

export type AgreementKind =
  | 'DDA'
  | 'ISP';

export type AgreementStatus =
  | 'ACTIVE'
  | 'DRAFT'
  | 'EXPIRED'
  | 'SUSPENDED';

export type ClauseConditionsInput = {
  ageMax?: number | null | undefined;
  ageMin?: number | null | undefined;
  /** PROVIDER (the provider serves the recipient's LA), PERSON (the young person lives there) or TRANSFER (their latest move, awaiting acceptance or accepted, is into it) */
  area?: string | null | undefined;
  /** The recipient's earned relationship with the young person */
  relationship?: Relationship | null | undefined;
  tierIn?: Array<number> | null | undefined;
};

export type ConfirmDropOutTierInput = {
  /** YYYY-MM-DD; today when omitted */
  assessedOn?: string | null | undefined;
  notificationId: string | number;
  /** The tier to record; the proposal when omitted */
  tier?: number | null | undefined;
  /** With tier 2; the proposal’s when the tier is the proposal’s */
  tier2Reason?: Tier2Reason | null | undefined;
  /** With tier 4; the proposal’s when the tier is the proposal’s */
  tier4Risk?: Tier4Risk | null | undefined;
};

/** What kind of contact a partner's record shows */
export type ContactKind =
  | 'APPLIED'
  | 'ATTENDANCE_RETURN'
  | 'CAREERS_CONTACT'
  | 'DESTINATION_RETURN'
  | 'ENROLLED'
  | 'LEAD_WORKER_CONTACT'
  | 'LEFT_SCHOOL'
  | 'ON_SCHOOL_ROLL'
  | 'TIER_ASSESSMENT'
  | 'WITHDRAWN'
  | 'YOUTH_OR_VOLUNTARY_CONTACT';

/** How someone tried to reach a young person */
export type ContactMethod =
  | 'DETACHED_YOUTH_WORK'
  | 'EMAIL'
  | 'HOME_VISIT'
  | 'LETTER'
  | 'PARTNER_ENQUIRY'
  | 'PHONE'
  | 'TEXT_MESSAGE';

export type DataCategory =
  | 'ATTAINMENT'
  | 'ATTENDANCE'
  | 'BEHAVIOUR'
  | 'CAREERS_GUIDANCE'
  | 'CARE_STATUS'
  | 'CONSENT'
  | 'CONTACT'
  | 'DESTINATION'
  | 'EARLY_IDENTIFICATION_RISK'
  | 'EDUCATION_ENROLMENT'
  | 'IDENTITY'
  | 'INVOLVEMENT'
  | 'LEAD_WORKER'
  | 'SUPPORT_NEEDS'
  | 'TIER_STATUS'
  | 'YOUTH_JUSTICE';

export type DecideMatchInput = {
  candidateId: string | number;
  note?: string | null | undefined;
  /** Reverse an earlier opposite decision on this pair (without it, deciding a decided pair the other way is refused; the same way changes nothing) */
  overrule?: boolean | null | undefined;
};

export type DeclineTransferInput = {
  reason: TransferDeclineReason;
  transferId: string | number;
};

/** VALUE releases the value; FLAG only that the supplier holds one */
export type Disclosure =
  | 'FLAG'
  | 'VALUE';

export type DraftSharingAgreementInput = {
  clauses: Array<AgreementClauseInput>;
  /** YYYY-MM-DD */
  effectiveFrom: string;
  kind: AgreementKind;
  lawfulBasis: LawfulBasis;
  /** Codes of the party organisations (organisations a clause names are parties too) */
  partyCodes: Array<string>;
  purposes: Array<Purpose>;
  /** e.g. ISP-YEPF-REGIONAL; a known reference gets the next version */
  reference: string;
  /** YYYY-MM-DD */
  reviewBy: string;
  title: string;
};

export type DropOutNotificationFilter = {
  /** Notified by this organisation (its code) */
  providerCode?: string | null | undefined;
  /** OPEN or CLOSED (Careers Wales only: the status is its data) */
  status?: NotificationStatus | null | undefined;
};

/** Why a provider notifies: AT_RISK_* (still on roll) or LEFT_* (left; a leaving date is required) */
export type DropOutReason =
  | 'AT_RISK_ATTENDANCE'
  | 'AT_RISK_DISENGAGEMENT'
  | 'AT_RISK_OTHER'
  | 'LEFT_CARING'
  | 'LEFT_COURSE_UNSUITABLE'
  | 'LEFT_CUSTODY'
  | 'LEFT_EXCLUDED'
  | 'LEFT_FOR_EMPLOYMENT'
  | 'LEFT_ILLNESS'
  | 'LEFT_LEARNER_DECISION'
  | 'LEFT_NON_ATTENDANCE'
  | 'LEFT_OTHER'
  | 'LEFT_PREGNANCY';

/** Education, employment or training status, as the tier says it */
export type EetStatus =
  | 'IN_EET'
  | 'IN_EET_AT_RISK'
  | 'NEET_NOT_AVAILABLE'
  | 'NEET_SEEKING'
  | 'UNKNOWN';

export type LawfulBasis =
  | 'CONSENT'
  | 'LEGAL_OBLIGATION'
  | 'PUBLIC_TASK'
  | 'VITAL_INTERESTS';

/** How one comparison of a pair came out, computed by the hub from both records without showing either value */
export type MatchOutcome =
  /** Alike but not the same: a variant or nickname, a near spelling, day and month swapped, the same postcode sector … */
  | 'CLOSE'
  /** Both records hold a value and they differ */
  | 'DIFFERENT'
  /** The same value on both records */
  | 'EXACT'
  /** One or both records hold no value */
  | 'MISSING';

export type NotificationStatus =
  | 'CLOSED'
  | 'OPEN';

/** Kinds of YEPF partner */
export type OrganisationKind =
  | 'CAREERS_WALES'
  | 'FE_COLLEGE'
  | 'LOCAL_AUTHORITY'
  | 'SCHOOL'
  | 'VOLUNTARY'
  | 'WBL_PROVIDER'
  | 'WELSH_GOVERNMENT'
  | 'YOUTH_SERVICE';

/** APPROVED: the clauses releasing the party's data take effect; SUSPENDED: the party neither provides nor receives under the version */
export type PartyDecision =
  | 'APPROVED'
  | 'SUSPENDED';

export type Purpose =
  | 'ADMISSIONS'
  | 'AUDIT'
  | 'BROKERAGE'
  | 'EARLY_IDENTIFICATION'
  | 'LEAD_WORKER_SUPPORT'
  | 'LINKAGE'
  | 'STATISTICS'
  | 'TRACKING'
  | 'TRANSITION'
  | 'UNKNOWN_RESOLUTION';

export type RecordContactAttemptInput = {
  /** When (YYYY-MM-DD; default today) */
  attemptedOn?: string | null | undefined;
  method: ContactMethod;
  personId: string | number;
};

export type RecordUnknownOutcomeInput = {
  /** The day it was found out (YYYY-MM-DD; default today) */
  effectiveOn?: string | null | undefined;
  /** MOVED_OUT_OF_AREA only: the Welsh LA they moved to, if known (the transfer this outcome opens goes to its EPC) */
  movedToLaCode?: string | null | undefined;
  outcome: UnknownOutcome;
  personId: string | number;
};

/** A relationship a recipient earns with a young person (an applicant, an enrolled learner) */
export type Relationship =
  | 'APPLICANT'
  | 'ENROLLED';

export type ReopenUnknownInput = {
  /** The outcome event to reverse (the latest one) */
  eventId: string | number;
  personId: string | number;
};

/** An EPC's outcome for a young person whose status is unknown */
export type ResolutionOutcome =
  | 'CONTACT_ATTEMPT'
  | 'DECEASED'
  | 'FOUND_ENGAGED'
  | 'IN_CUSTODY'
  | 'LEFT_UK'
  | 'LEFT_WALES'
  | 'MOVED_OUT_OF_AREA'
  | 'NOT_FOUND'
  | 'REOPENED';

export type Role =
  | 'ADMIN'
  | 'ADMISSIONS_OFFICER'
  | 'ANALYST'
  | 'CW_ADVISER'
  | 'DATA_MANAGER'
  | 'EPC'
  | 'IG_OFFICER'
  | 'LEAD_WORKER'
  | 'PARTNER_SYSTEM'
  | 'PROVIDER_PASTORAL';

export type SplitPersonInput = {
  note?: string | null | undefined;
  personId: string | number;
  /** The source records that belong to someone else */
  sourceRecordIds: Array<string | number>;
};

/** Why a tier-2 young person is not available for EET */
export type Tier2Reason =
  | 'CUSTODY'
  | 'MULTIPLE_BARRIERS'
  | 'PREGNANCY'
  | 'SICKNESS'
  | 'YOUNG_CARER';

/** Risk of dropping out, inside tier 4 */
export type Tier4Risk =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

/** What put an event in the tier history */
export type TierEventKind =
  | 'ASSESSMENT'
  | 'DESTINATION_RETURN'
  | 'DROP_OUT_NOTIFICATION'
  | 'ENROLMENT'
  | 'MOVE'
  | 'RESOLUTION';

/** NOT_RESIDENT (does not live in your LA), TEMPORARY_STAY (staying a while; still the sending LA's), WRONG_PERSON (the records that placed them are not theirs) */
export type TransferDeclineReason =
  | 'NOT_RESIDENT'
  | 'TEMPORARY_STAY'
  | 'WRONG_PERSON';

/** Into your LA, or out of it */
export type TransferDirection =
  | 'INCOMING'
  | 'OUTGOING';

/** OPEN (awaiting the receiving LA, or where the young person went is not yet known), ACCEPTED, DECLINED (the receiving LA's EPC said the young person is not theirs), WITHDRAWN (the move did not happen), LEFT_WALES (closed: no Welsh LA receives them) */
export type TransferState =
  | 'ACCEPTED'
  | 'DECLINED'
  | 'LEFT_WALES'
  | 'OPEN'
  | 'WITHDRAWN';

/** STILL_RESIDENT (still lives in your LA), TEMPORARY_STAY (away a while), ADDRESS_WRONG (the address a partner sent is wrong), RECORDED_IN_ERROR (your LA recorded the move by mistake) */
export type TransferWithdrawReason =
  | 'ADDRESS_WRONG'
  | 'RECORDED_IN_ERROR'
  | 'STILL_RESIDENT'
  | 'TEMPORARY_STAY';

export type TransfersFilter = {
  direction?: TransferDirection | null | undefined;
  /** Default: every state */
  states?: Array<TransferState> | null | undefined;
};

/** What an EPC found out about a young person whose status was unknown */
export type UnknownOutcome =
  | 'DECEASED'
  | 'FOUND_ENGAGED'
  | 'IN_CUSTODY'
  | 'LEFT_UK'
  | 'LEFT_WALES'
  | 'MOVED_OUT_OF_AREA'
  | 'NOT_FOUND';

/** Why a young person's status is unknown */
export type UnknownReason =
  | 'DESTINATION_NON_RESPONDENT'
  | 'LEFT_PROVISION'
  | 'NO_CAREERS_WALES_CONTACT'
  | 'TIER_1';

export type UnknownsWorklistFilter = {
  /** Ages 16, 17 and/or 18 (default all three) */
  ageBands?: Array<number> | null | undefined;
  /** Unknown for at least this many days */
  minDaysUnknown?: number | null | undefined;
  /** Only these reasons (default all) */
  reasons?: Array<UnknownReason> | null | undefined;
  /** Code of the school last attended, e.g. school.cardiff.nant-fawr-high */
  schoolCode?: string | null | undefined;
};

export type WithdrawTransferInput = {
  reason: TransferWithdrawReason;
  transferId: string | number;
};

/** Where an item of the unknowns worklist stands */
export type WorklistState =
  | 'ATTEMPTING_CONTACT'
  | 'CLOSED'
  | 'HANDED_TO_CAREERS_WALES'
  | 'NOT_FOUND';

export type YoungPeopleFilter = {
  /** A family name on any record starts with this */
  familyNamePrefix?: string | null | undefined;
  /** Known to an organisation in this LA area, e.g. cardiff */
  laCode?: string | null | undefined;
  /** Known to this organisation (its code) */
  providerCode?: string | null | undefined;
};

export type ConsoleMeQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleMeQuery = { me: { id: string, handle: string, displayName: string, roles: Array<Role>, organisation: { code: string, name: string, nameCy: string | null, kind: OrganisationKind, laCode: string | null } } };

export type ConsoleAccessLogQueryVariables = Exact<{
  filter?: AccessLogFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type ConsoleAccessLogQuery = { accessLog: { edges: Array<{ node: { seq: string, occurredAt: string, event: string, operation: string, purpose: string | null, outcome: AccessOutcome, personId: string | null, requestId: string, agreements: Array<string>, actor: { principalHandle: string | null, organisationName: string | null, organisationCode: string | null, roles: Array<string> }, released: Array<{ field: string, category: string }>, withheld: Array<{ field: string, category: string, reason: string | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleAccessLogCsvQueryVariables = Exact<{
  filter?: AccessLogFilter | null | undefined;
  max: number;
}>;


export type ConsoleAccessLogCsvQuery = { accessLogCsv: string };

export type ConsoleVerifyAccessLogQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleVerifyAccessLogQuery = { verifyAccessLog: { ok: boolean, rowsChecked: number, checkpointsVerified: number, badCheckpointSignatures: number, headSeq: string, lastCheckpointSeq: string | null, lastCheckpointSignedAt: string | null, firstBadRow: { seq: string, problem: string, detail: string } | null } };

export type ConsoleExplainAccessQueryVariables = Exact<{
  personId: string | number;
  principalHandle: string;
  purpose: Purpose;
}>;


export type ConsoleExplainAccessQuery = { explainAccess: { personId: string, principalHandle: string, purpose: Purpose, categories: Array<{ category: DataCategory, allowed: boolean, reason: AccessReason | null, agreement: string | null, held: boolean | null, sources: Array<{ allowed: boolean, reason: AccessReason | null, agreement: string | null, provider: { code: string, name: string, nameCy: string | null } }> }> } };

export type ConsoleAgreementsQueryVariables = Exact<{
  status?: AgreementStatus | null | undefined;
}>;


export type ConsoleAgreementsQuery = { sharingAgreements: Array<{ id: string, reference: string, version: number, title: string, kind: AgreementKind, status: AgreementStatus, inForce: boolean, lawfulBasis: LawfulBasis, purposes: Array<Purpose>, effectiveFrom: string, reviewBy: string, parties: Array<{ code: string, name: string, nameCy: string | null }>, awaitingApproval: Array<{ code: string, name: string, nameCy: string | null }>, approvals: Array<{ decision: PartyDecision, at: string, by: string | null, breakGlass: boolean, reason: string | null, organisation: { code: string, name: string, nameCy: string | null } }>, clauses: Array<{ position: number, description: string, categories: Array<DataCategory>, purposes: Array<Purpose>, consentRequired: boolean, disclosure: Disclosure, retention: string | null, conditions: Record<string, unknown>, providerKind: OrganisationKind | null, recipientKind: OrganisationKind | null, recipientRole: Role | null, providerOrganisation: { code: string, name: string, nameCy: string | null } | null, recipientOrganisation: { code: string, name: string, nameCy: string | null } | null }> }> };

export type ConsoleApproveAgreementMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleApproveAgreementMutation = { approveSharingAgreement: { id: string, status: AgreementStatus } };

export type ConsoleSuspendAgreementMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type ConsoleSuspendAgreementMutation = { suspendSharingAgreement: { id: string, status: AgreementStatus } };

export type ConsoleMatchReviewQueueQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type ConsoleMatchReviewQueueQuery = { matchReviewQueue: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, status: string, reviewReason: string | null, conflict: string | null, totalWeight: number, probability: number, comparisons: Array<{ key: string, label: string, level: string, levelDescription: string, outcome: MatchOutcome, weight: number }>, recordA: { id: string, partnerReference: string | null, receivedAt: string, version: number, givenName: string | null, middleNames: string | null, familyName: string | null, dateOfBirth: string | null, sex: string | null, postcode: string | null, addressLine: string | null, locality: string | null, upn: string | null, uln: string | null, email: string | null, phone: string | null, provider: { code: string, name: string, nameCy: string | null, kind: OrganisationKind } } | null, recordB: { id: string, partnerReference: string | null, receivedAt: string, version: number, givenName: string | null, middleNames: string | null, familyName: string | null, dateOfBirth: string | null, sex: string | null, postcode: string | null, addressLine: string | null, locality: string | null, upn: string | null, uln: string | null, email: string | null, phone: string | null, provider: { code: string, name: string, nameCy: string | null, kind: OrganisationKind } } | null, decisions: Array<{ id: string, kind: string, decidedBy: string, decidedAt: string, note: string | null }> } }> } };

export type ReviewRecordFragment = { id: string, partnerReference: string | null, receivedAt: string, version: number, givenName: string | null, middleNames: string | null, familyName: string | null, dateOfBirth: string | null, sex: string | null, postcode: string | null, addressLine: string | null, locality: string | null, upn: string | null, uln: string | null, email: string | null, phone: string | null, provider: { code: string, name: string, nameCy: string | null, kind: OrganisationKind } };

export type ConsoleConfirmMatchMutationVariables = Exact<{
  input: DecideMatchInput;
}>;


export type ConsoleConfirmMatchMutation = { confirmMatch: { id: string, status: string } };

export type ConsoleRejectMatchMutationVariables = Exact<{
  input: DecideMatchInput;
}>;


export type ConsoleRejectMatchMutation = { rejectMatch: { id: string, status: string } };

export type ConsoleWorklistQueryVariables = Exact<{
  laCode: string;
  filter?: UnknownsWorklistFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type ConsoleWorklistQuery = { unknownsWorklist: { counts: { total: number, byAge: Array<{ age: number, count: number }>, byReason: Array<{ reason: UnknownReason, count: number }> }, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { person: { id: string, sourceRecords: Array<{ id: string, givenName: string | null, familyName: string | null, dateOfBirth: string | null }> }, reasons: Array<
          | { reason: UnknownReason | null, since: string | null, daysUnknown: number | null, provider: { code: string, name: string, nameCy: string | null } }
          | { reason: UnknownReason | null, since: string | null, daysUnknown: number | null, provider: { code: string, name: string, nameCy: string | null } }
          | { reason: UnknownReason | null, since: string | null, daysUnknown: number | null, provider: { code: string, name: string, nameCy: string | null } }
          | { reason: UnknownReason | null, since: string | null, daysUnknown: number | null, provider: { code: string, name: string, nameCy: string | null } }
        >, sightings: Array<
          | { kind: ContactKind | null, on: string | null, provider: { code: string, name: string, nameCy: string | null } }
          | { kind: ContactKind | null, on: string | null, provider: { code: string, name: string, nameCy: string | null } }
          | { kind: ContactKind | null, on: string | null, provider: { code: string, name: string, nameCy: string | null } }
          | { kind: ContactKind | null, on: string | null, provider: { code: string, name: string, nameCy: string | null } }
          | { kind: ContactKind | null, on: string | null, provider: { code: string, name: string, nameCy: string | null } }
          | { kind: ContactKind | null, on: string | null, provider: { code: string, name: string, nameCy: string | null } }
          | { kind: ContactKind | null, on: string | null, provider: { code: string, name: string, nameCy: string | null } }
        >, progress: { state: WorklistState | null, since: string | null, attempts: number | null, by: { displayName: string } | null, events: Array<{ id: string, outcome: ResolutionOutcome | null, contactMethod: ContactMethod | null, effectiveOn: string | null, recordedAt: string, reversesEventId: string | null, actor: { displayName: string } | null }> | null } | null } }> } };

export type ConsoleRecordContactAttemptMutationVariables = Exact<{
  input: RecordContactAttemptInput;
}>;


export type ConsoleRecordContactAttemptMutation = { recordContactAttempt: { id: string, outcome: ResolutionOutcome | null, contactMethod: ContactMethod | null, effectiveOn: string | null } };

export type ConsoleRecordUnknownOutcomeMutationVariables = Exact<{
  input: RecordUnknownOutcomeInput;
}>;


export type ConsoleRecordUnknownOutcomeMutation = { recordUnknownOutcome: { id: string, outcome: ResolutionOutcome | null, effectiveOn: string | null } };

export type ConsoleReopenUnknownMutationVariables = Exact<{
  input: ReopenUnknownInput;
}>;


export type ConsoleReopenUnknownMutation = { reopenUnknown: { id: string, outcome: ResolutionOutcome | null } };

export type ConsoleYoungPeopleQueryVariables = Exact<{
  filter?: YoungPeopleFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type ConsoleYoungPeopleQuery = { youngPeople: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, sourceRecords: Array<{ id: string, givenName: string | null, familyName: string | null, dateOfBirth: string | null, provider: { code: string, name: string, nameCy: string | null } }> } }> } };

export type ConsoleYoungPersonQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleYoungPersonQuery = { youngPerson: { id: string, status: { tier: number | null, tier2Reason: Tier2Reason | null, tier4Risk: Tier4Risk | null, eetStatus: EetStatus | null, since: string | null, daysInTier: number | null, assessedOn: string | null, assessedBy: { displayName: string, organisation: { code: string, name: string, nameCy: string | null } } | null, source: { code: string, name: string, nameCy: string | null } } | null, tierHistory: Array<{ id: string, kind: TierEventKind | null, tier: number | null, tier2Reason: Tier2Reason | null, tier4Risk: Tier4Risk | null, eetStatus: EetStatus | null, outcome: ResolutionOutcome | null, contactMethod: ContactMethod | null, reason: string | null, effectiveOn: string | null, recordedAt: string, reversesEventId: string | null, source: { code: string, name: string, nameCy: string | null }, actor: { displayName: string } | null }>, sourceRecords: Array<{ id: string, partnerReference: string | null, version: number, receivedAt: string, givenName: string | null, middleNames: string | null, familyName: string | null, dateOfBirth: string | null, sex: string | null, upn: string | null, uln: string | null, otherIdentifier: string | null, addressLine: string | null, locality: string | null, postcode: string | null, email: string | null, phone: string | null, enrolment: Record<string, unknown> | null, attendance: Record<string, unknown> | null, behaviour: Record<string, unknown> | null, attainment: Record<string, unknown> | null, earlyIdentificationRisk: Record<string, unknown> | null, tierStatus: Record<string, unknown> | null, careersGuidance: Record<string, unknown> | null, supportNeeds: Record<string, unknown> | null, careStatus: Record<string, unknown> | null, youthJustice: Record<string, unknown> | null, leadWorker: Record<string, unknown> | null, involvement: Record<string, unknown> | null, destination: Record<string, unknown> | null, provider: { code: string, name: string, nameCy: string | null, kind: OrganisationKind } }> } };

export type ConsoleTransfersQueryVariables = Exact<{
  laCode: string;
  filter?: TransfersFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type ConsoleTransfersQuery = { transfers: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, personId: string, direction: TransferDirection, state: TransferState, openedAt: string, closedAt: string | null, closeReason: string | null, withdrawable: boolean, from: { laCode: string | null, laName: string | null, outsideWales: boolean | null }, to: { laCode: string | null, laName: string | null, outsideWales: boolean | null }, acceptedBy: { displayName: string } | null, status: { tier: number | null, eetStatus: EetStatus | null, since: string | null } | null, records: Array<{ id: string, givenName: string | null, familyName: string | null, dateOfBirth: string | null, provider: { code: string, name: string, nameCy: string | null } }> } }> } };

export type ConsoleAcceptTransferMutationVariables = Exact<{
  input: AcceptTransferInput;
}>;


export type ConsoleAcceptTransferMutation = { acceptTransfer: { id: string, state: TransferState } };

export type ConsoleDeclineTransferMutationVariables = Exact<{
  input: DeclineTransferInput;
}>;


export type ConsoleDeclineTransferMutation = { declineTransfer: { transferId: string, state: TransferState } };

export type ConsoleWithdrawTransferMutationVariables = Exact<{
  input: WithdrawTransferInput;
}>;


export type ConsoleWithdrawTransferMutation = { withdrawTransfer: { transferId: string, state: TransferState } };

export type ConsoleDropOutNotificationsQueryVariables = Exact<{
  filter?: DropOutNotificationFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type ConsoleDropOutNotificationsQuery = { dropOutNotifications: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, reason: DropOutReason | null, leftOn: string | null, notifiedOn: string | null, receivedAt: string, delayDays: number | null, late: boolean | null, youngPersonId: string | null, provider: { code: string, name: string, nameCy: string | null }, proposal: { tier: number, tier2Reason: Tier2Reason | null, tier4Risk: Tier4Risk | null } | null, action: { tier: number | null, closedAt: string | null } | null, learnerRecord: { id: string, partnerReference: string | null, givenName: string | null, familyName: string | null, dateOfBirth: string | null } | null } }> } };

export type ConsoleConfirmDropOutTierMutationVariables = Exact<{
  input: ConfirmDropOutTierInput;
}>;


export type ConsoleConfirmDropOutTierMutation = { confirmDropOutTier: { id: string, action: { tier: number | null, closedAt: string | null } | null } };

export type ConsoleComplianceReportQueryVariables = Exact<{
  from: string;
  to: string;
  providerCode?: string | null | undefined;
}>;


export type ConsoleComplianceReportQuery = { notificationComplianceReport: { from: string, to: string, limitDays: number, suppression: string, rows: Array<{ month: string, provider: { code: string, name: string, nameCy: string | null }, notifications: { value: number | null, suppressed: boolean }, atRisk: { value: number | null, suppressed: boolean }, dropOuts: { value: number | null, suppressed: boolean }, withinLimit: { value: number | null, suppressed: boolean }, late: { value: number | null, suppressed: boolean }, medianDelayDays: { value: number | null, suppressed: boolean } }> } };

export type ConsoleOrganisationsQueryVariables = Exact<{
  kind?: OrganisationKind | null | undefined;
}>;


export type ConsoleOrganisationsQuery = { organisations: Array<{ code: string, name: string, nameCy: string | null, kind: OrganisationKind, laCode: string | null }> };

export type ConsoleSplitCandidatesQueryVariables = Exact<{
  personId: string | number;
}>;


export type ConsoleSplitCandidatesQuery = { personMatchEvidence: Array<{ id: string, status: string, totalWeight: number, recordA: { id: string, partnerReference: string | null, receivedAt: string, givenName: string | null, familyName: string | null, dateOfBirth: string | null, postcode: string | null, provider: { code: string, name: string, nameCy: string | null } } | null, recordB: { id: string, partnerReference: string | null, receivedAt: string, givenName: string | null, familyName: string | null, dateOfBirth: string | null, postcode: string | null, provider: { code: string, name: string, nameCy: string | null } } | null }> };

export type SplitRecordFragment = { id: string, partnerReference: string | null, receivedAt: string, givenName: string | null, familyName: string | null, dateOfBirth: string | null, postcode: string | null, provider: { code: string, name: string, nameCy: string | null } };

export type ConsoleSplitPersonMutationVariables = Exact<{
  input: SplitPersonInput;
}>;


export type ConsoleSplitPersonMutation = { splitPerson: { decisionId: string, newPersonId: string, personId: string | null } };

export type ConsoleDraftAgreementMutationVariables = Exact<{
  input: DraftSharingAgreementInput;
}>;


export type ConsoleDraftAgreementMutation = { draftSharingAgreement: { id: string, reference: string, version: number, status: AgreementStatus } };

export type ConsoleActivateAgreementMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleActivateAgreementMutation = { activateSharingAgreement: { id: string, status: AgreementStatus } };

export type ConsoleRetireAgreementMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type ConsoleRetireAgreementMutation = { retireSharingAgreement: { id: string, status: AgreementStatus } };

export type ConsoleSubjectAccessReportQueryVariables = Exact<{
  personId: string | number;
}>;


export type ConsoleSubjectAccessReportQuery = { subjectAccessReport: { personId: string, generatedAt: string, scope: string, omitted: Array<string>, accessEventsTruncated: boolean, values: Array<{ category: string, field: string, value: string, version: number, receivedAt: string, sourceRecordId: string, provider: { code: string, name: string, nameCy: string | null } }>, agreementsAndConsents: Array<{ kind: string, reference: string, summary: string }>, accessEvents: Array<{ occurredAt: string, event: string, outcome: AccessOutcome, organisationName: string | null, purpose: string | null, roles: Array<string>, agreements: Array<string>, released: Array<{ field: string, category: string }>, withheld: Array<{ field: string, category: string, reason: string | null }> }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ReviewRecordFragmentDoc = new TypedDocumentString(`
    fragment ReviewRecord on SourceRecord {
  id
  partnerReference
  receivedAt
  version
  provider {
    code
    name
    nameCy
    kind
  }
  givenName
  middleNames
  familyName
  dateOfBirth
  sex
  postcode
  addressLine
  locality
  upn
  uln
  email
  phone
}
    `, {"fragmentName":"ReviewRecord"}) as unknown as TypedDocumentString<ReviewRecordFragment, unknown>;
export const SplitRecordFragmentDoc = new TypedDocumentString(`
    fragment SplitRecord on SourceRecord {
  id
  partnerReference
  receivedAt
  provider {
    code
    name
    nameCy
  }
  givenName
  familyName
  dateOfBirth
  postcode
}
    `, {"fragmentName":"SplitRecord"}) as unknown as TypedDocumentString<SplitRecordFragment, unknown>;
export const ConsoleMeDocument = new TypedDocumentString(`
    query ConsoleMe {
  me {
    id
    handle
    displayName
    roles
    organisation {
      code
      name
      nameCy
      kind
      laCode
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleMeQuery, ConsoleMeQueryVariables>;
export const ConsoleAccessLogDocument = new TypedDocumentString(`
    query ConsoleAccessLog($filter: AccessLogFilter, $first: Int!, $after: String) {
  accessLog(filter: $filter, first: $first, after: $after) {
    edges {
      node {
        seq
        occurredAt
        event
        operation
        purpose
        outcome
        personId
        requestId
        agreements
        actor {
          principalHandle
          organisationName
          organisationCode
          roles
        }
        released {
          field
          category
        }
        withheld {
          field
          category
          reason
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleAccessLogQuery, ConsoleAccessLogQueryVariables>;
export const ConsoleAccessLogCsvDocument = new TypedDocumentString(`
    query ConsoleAccessLogCsv($filter: AccessLogFilter, $max: Int!) {
  accessLogCsv(filter: $filter, max: $max)
}
    `) as unknown as TypedDocumentString<ConsoleAccessLogCsvQuery, ConsoleAccessLogCsvQueryVariables>;
export const ConsoleVerifyAccessLogDocument = new TypedDocumentString(`
    query ConsoleVerifyAccessLog {
  verifyAccessLog {
    ok
    rowsChecked
    checkpointsVerified
    badCheckpointSignatures
    headSeq
    lastCheckpointSeq
    lastCheckpointSignedAt
    firstBadRow {
      seq
      problem
      detail
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleVerifyAccessLogQuery, ConsoleVerifyAccessLogQueryVariables>;
export const ConsoleExplainAccessDocument = new TypedDocumentString(`
    query ConsoleExplainAccess($personId: ID!, $principalHandle: String!, $purpose: Purpose!) {
  explainAccess(
    personId: $personId
    principalHandle: $principalHandle
    purpose: $purpose
  ) {
    personId
    principalHandle
    purpose
    categories {
      category
      allowed
      reason
      agreement
      held
      sources {
        allowed
        reason
        agreement
        provider {
          code
          name
          nameCy
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleExplainAccessQuery, ConsoleExplainAccessQueryVariables>;
export const ConsoleAgreementsDocument = new TypedDocumentString(`
    query ConsoleAgreements($status: AgreementStatus) {
  sharingAgreements(status: $status) {
    id
    reference
    version
    title
    kind
    status
    inForce
    lawfulBasis
    purposes
    effectiveFrom
    reviewBy
    parties {
      code
      name
      nameCy
    }
    awaitingApproval {
      code
      name
      nameCy
    }
    approvals {
      organisation {
        code
        name
        nameCy
      }
      decision
      at
      by
      breakGlass
      reason
    }
    clauses {
      position
      description
      categories
      purposes
      consentRequired
      disclosure
      retention
      conditions
      providerKind
      providerOrganisation {
        code
        name
        nameCy
      }
      recipientKind
      recipientRole
      recipientOrganisation {
        code
        name
        nameCy
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleAgreementsQuery, ConsoleAgreementsQueryVariables>;
export const ConsoleApproveAgreementDocument = new TypedDocumentString(`
    mutation ConsoleApproveAgreement($id: ID!) {
  approveSharingAgreement(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ConsoleApproveAgreementMutation, ConsoleApproveAgreementMutationVariables>;
export const ConsoleSuspendAgreementDocument = new TypedDocumentString(`
    mutation ConsoleSuspendAgreement($id: ID!, $reason: String!) {
  suspendSharingAgreement(id: $id, reason: $reason) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ConsoleSuspendAgreementMutation, ConsoleSuspendAgreementMutationVariables>;
export const ConsoleMatchReviewQueueDocument = new TypedDocumentString(`
    query ConsoleMatchReviewQueue($first: Int!, $after: String) {
  matchReviewQueue(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        status
        reviewReason
        conflict
        totalWeight
        probability
        comparisons {
          key
          label
          level
          levelDescription
          outcome
          weight
        }
        recordA {
          ...ReviewRecord
        }
        recordB {
          ...ReviewRecord
        }
        decisions {
          id
          kind
          decidedBy
          decidedAt
          note
        }
      }
    }
  }
}
    fragment ReviewRecord on SourceRecord {
  id
  partnerReference
  receivedAt
  version
  provider {
    code
    name
    nameCy
    kind
  }
  givenName
  middleNames
  familyName
  dateOfBirth
  sex
  postcode
  addressLine
  locality
  upn
  uln
  email
  phone
}`) as unknown as TypedDocumentString<ConsoleMatchReviewQueueQuery, ConsoleMatchReviewQueueQueryVariables>;
export const ConsoleConfirmMatchDocument = new TypedDocumentString(`
    mutation ConsoleConfirmMatch($input: DecideMatchInput!) {
  confirmMatch(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ConsoleConfirmMatchMutation, ConsoleConfirmMatchMutationVariables>;
export const ConsoleRejectMatchDocument = new TypedDocumentString(`
    mutation ConsoleRejectMatch($input: DecideMatchInput!) {
  rejectMatch(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ConsoleRejectMatchMutation, ConsoleRejectMatchMutationVariables>;
export const ConsoleWorklistDocument = new TypedDocumentString(`
    query ConsoleWorklist($laCode: String!, $filter: UnknownsWorklistFilter, $first: Int!, $after: String) {
  unknownsWorklist(laCode: $laCode, filter: $filter, first: $first, after: $after) {
    counts {
      total
      byAge {
        age
        count
      }
      byReason {
        reason
        count
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        person {
          id
          sourceRecords {
            id
            givenName
            familyName
            dateOfBirth
          }
        }
        reasons {
          reason
          since
          daysUnknown
          provider {
            code
            name
            nameCy
          }
        }
        sightings {
          kind
          on
          provider {
            code
            name
            nameCy
          }
        }
        progress {
          state
          since
          attempts
          by {
            displayName
          }
          events {
            id
            outcome
            contactMethod
            effectiveOn
            recordedAt
            actor {
              displayName
            }
            reversesEventId
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleWorklistQuery, ConsoleWorklistQueryVariables>;
export const ConsoleRecordContactAttemptDocument = new TypedDocumentString(`
    mutation ConsoleRecordContactAttempt($input: RecordContactAttemptInput!) {
  recordContactAttempt(input: $input) {
    id
    outcome
    contactMethod
    effectiveOn
  }
}
    `) as unknown as TypedDocumentString<ConsoleRecordContactAttemptMutation, ConsoleRecordContactAttemptMutationVariables>;
export const ConsoleRecordUnknownOutcomeDocument = new TypedDocumentString(`
    mutation ConsoleRecordUnknownOutcome($input: RecordUnknownOutcomeInput!) {
  recordUnknownOutcome(input: $input) {
    id
    outcome
    effectiveOn
  }
}
    `) as unknown as TypedDocumentString<ConsoleRecordUnknownOutcomeMutation, ConsoleRecordUnknownOutcomeMutationVariables>;
export const ConsoleReopenUnknownDocument = new TypedDocumentString(`
    mutation ConsoleReopenUnknown($input: ReopenUnknownInput!) {
  reopenUnknown(input: $input) {
    id
    outcome
  }
}
    `) as unknown as TypedDocumentString<ConsoleReopenUnknownMutation, ConsoleReopenUnknownMutationVariables>;
export const ConsoleYoungPeopleDocument = new TypedDocumentString(`
    query ConsoleYoungPeople($filter: YoungPeopleFilter, $first: Int!, $after: String) {
  youngPeople(filter: $filter, first: $first, after: $after) {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        sourceRecords {
          id
          provider {
            code
            name
            nameCy
          }
          givenName
          familyName
          dateOfBirth
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleYoungPeopleQuery, ConsoleYoungPeopleQueryVariables>;
export const ConsoleYoungPersonDocument = new TypedDocumentString(`
    query ConsoleYoungPerson($id: ID!) {
  youngPerson(id: $id) {
    id
    status {
      tier
      tier2Reason
      tier4Risk
      eetStatus
      since
      daysInTier
      assessedOn
      assessedBy {
        displayName
        organisation {
          code
          name
          nameCy
        }
      }
      source {
        code
        name
        nameCy
      }
    }
    tierHistory {
      id
      kind
      tier
      tier2Reason
      tier4Risk
      eetStatus
      outcome
      contactMethod
      reason
      effectiveOn
      recordedAt
      reversesEventId
      source {
        code
        name
        nameCy
      }
      actor {
        displayName
      }
    }
    sourceRecords {
      id
      partnerReference
      version
      receivedAt
      provider {
        code
        name
        nameCy
        kind
      }
      givenName
      middleNames
      familyName
      dateOfBirth
      sex
      upn
      uln
      otherIdentifier
      addressLine
      locality
      postcode
      email
      phone
      enrolment
      attendance
      behaviour
      attainment
      earlyIdentificationRisk
      tierStatus
      careersGuidance
      supportNeeds
      careStatus
      youthJustice
      leadWorker
      involvement
      destination
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleYoungPersonQuery, ConsoleYoungPersonQueryVariables>;
export const ConsoleTransfersDocument = new TypedDocumentString(`
    query ConsoleTransfers($laCode: String!, $filter: TransfersFilter, $first: Int!, $after: String) {
  transfers(laCode: $laCode, filter: $filter, first: $first, after: $after) {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        personId
        direction
        state
        openedAt
        closedAt
        closeReason
        withdrawable
        from {
          laCode
          laName
          outsideWales
        }
        to {
          laCode
          laName
          outsideWales
        }
        acceptedBy {
          displayName
        }
        status {
          tier
          eetStatus
          since
        }
        records {
          id
          givenName
          familyName
          dateOfBirth
          provider {
            code
            name
            nameCy
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleTransfersQuery, ConsoleTransfersQueryVariables>;
export const ConsoleAcceptTransferDocument = new TypedDocumentString(`
    mutation ConsoleAcceptTransfer($input: AcceptTransferInput!) {
  acceptTransfer(input: $input) {
    id
    state
  }
}
    `) as unknown as TypedDocumentString<ConsoleAcceptTransferMutation, ConsoleAcceptTransferMutationVariables>;
export const ConsoleDeclineTransferDocument = new TypedDocumentString(`
    mutation ConsoleDeclineTransfer($input: DeclineTransferInput!) {
  declineTransfer(input: $input) {
    transferId
    state
  }
}
    `) as unknown as TypedDocumentString<ConsoleDeclineTransferMutation, ConsoleDeclineTransferMutationVariables>;
export const ConsoleWithdrawTransferDocument = new TypedDocumentString(`
    mutation ConsoleWithdrawTransfer($input: WithdrawTransferInput!) {
  withdrawTransfer(input: $input) {
    transferId
    state
  }
}
    `) as unknown as TypedDocumentString<ConsoleWithdrawTransferMutation, ConsoleWithdrawTransferMutationVariables>;
export const ConsoleDropOutNotificationsDocument = new TypedDocumentString(`
    query ConsoleDropOutNotifications($filter: DropOutNotificationFilter, $first: Int!, $after: String) {
  dropOutNotifications(filter: $filter, first: $first, after: $after) {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        reason
        leftOn
        notifiedOn
        receivedAt
        delayDays
        late
        youngPersonId
        provider {
          code
          name
          nameCy
        }
        proposal {
          tier
          tier2Reason
          tier4Risk
        }
        action {
          tier
          closedAt
        }
        learnerRecord {
          id
          partnerReference
          givenName
          familyName
          dateOfBirth
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleDropOutNotificationsQuery, ConsoleDropOutNotificationsQueryVariables>;
export const ConsoleConfirmDropOutTierDocument = new TypedDocumentString(`
    mutation ConsoleConfirmDropOutTier($input: ConfirmDropOutTierInput!) {
  confirmDropOutTier(input: $input) {
    id
    action {
      tier
      closedAt
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleConfirmDropOutTierMutation, ConsoleConfirmDropOutTierMutationVariables>;
export const ConsoleComplianceReportDocument = new TypedDocumentString(`
    query ConsoleComplianceReport($from: String!, $to: String!, $providerCode: String) {
  notificationComplianceReport(from: $from, to: $to, providerCode: $providerCode) {
    from
    to
    limitDays
    suppression
    rows {
      month
      provider {
        code
        name
        nameCy
      }
      notifications {
        value
        suppressed
      }
      atRisk {
        value
        suppressed
      }
      dropOuts {
        value
        suppressed
      }
      withinLimit {
        value
        suppressed
      }
      late {
        value
        suppressed
      }
      medianDelayDays {
        value
        suppressed
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleComplianceReportQuery, ConsoleComplianceReportQueryVariables>;
export const ConsoleOrganisationsDocument = new TypedDocumentString(`
    query ConsoleOrganisations($kind: OrganisationKind) {
  organisations(kind: $kind) {
    code
    name
    nameCy
    kind
    laCode
  }
}
    `) as unknown as TypedDocumentString<ConsoleOrganisationsQuery, ConsoleOrganisationsQueryVariables>;
export const ConsoleSplitCandidatesDocument = new TypedDocumentString(`
    query ConsoleSplitCandidates($personId: ID!) {
  personMatchEvidence(personId: $personId) {
    id
    status
    totalWeight
    recordA {
      ...SplitRecord
    }
    recordB {
      ...SplitRecord
    }
  }
}
    fragment SplitRecord on SourceRecord {
  id
  partnerReference
  receivedAt
  provider {
    code
    name
    nameCy
  }
  givenName
  familyName
  dateOfBirth
  postcode
}`) as unknown as TypedDocumentString<ConsoleSplitCandidatesQuery, ConsoleSplitCandidatesQueryVariables>;
export const ConsoleSplitPersonDocument = new TypedDocumentString(`
    mutation ConsoleSplitPerson($input: SplitPersonInput!) {
  splitPerson(input: $input) {
    decisionId
    newPersonId
    personId
  }
}
    `) as unknown as TypedDocumentString<ConsoleSplitPersonMutation, ConsoleSplitPersonMutationVariables>;
export const ConsoleDraftAgreementDocument = new TypedDocumentString(`
    mutation ConsoleDraftAgreement($input: DraftSharingAgreementInput!) {
  draftSharingAgreement(input: $input) {
    id
    reference
    version
    status
  }
}
    `) as unknown as TypedDocumentString<ConsoleDraftAgreementMutation, ConsoleDraftAgreementMutationVariables>;
export const ConsoleActivateAgreementDocument = new TypedDocumentString(`
    mutation ConsoleActivateAgreement($id: ID!) {
  activateSharingAgreement(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ConsoleActivateAgreementMutation, ConsoleActivateAgreementMutationVariables>;
export const ConsoleRetireAgreementDocument = new TypedDocumentString(`
    mutation ConsoleRetireAgreement($id: ID!, $reason: String) {
  retireSharingAgreement(id: $id, reason: $reason) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ConsoleRetireAgreementMutation, ConsoleRetireAgreementMutationVariables>;
export const ConsoleSubjectAccessReportDocument = new TypedDocumentString(`
    query ConsoleSubjectAccessReport($personId: ID!) {
  subjectAccessReport(personId: $personId) {
    personId
    generatedAt
    scope
    omitted
    accessEventsTruncated
    values {
      category
      field
      value
      version
      receivedAt
      sourceRecordId
      provider {
        code
        name
        nameCy
      }
    }
    agreementsAndConsents {
      kind
      reference
      summary
    }
    accessEvents {
      occurredAt
      event
      outcome
      organisationName
      purpose
      roles
      agreements
      released {
        field
        category
      }
      withheld {
        field
        category
        reason
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleSubjectAccessReportQuery, ConsoleSubjectAccessReportQueryVariables>;