// Every GraphQL operation the console sends, in one place: `npm run console:codegen` types them from
// schema/schema.graphql, and a test validates each against that schema. The console has no other way in.
import { graphql } from '../gql';

/** Who is signed in (no purpose: it reads nothing about a young person). */
export const MeQuery = graphql(`
  query ConsoleMe {
    me { id handle displayName roles organisation { code name nameCy kind laCode } }
  }
`);

/** A page of the access log (IG officers, purpose AUDIT). */
export const AccessLogQuery = graphql(`
  query ConsoleAccessLog($filter: AccessLogFilter, $first: Int!, $after: String) {
    accessLog(filter: $filter, first: $first, after: $after) {
      edges {
        node {
          seq occurredAt event operation purpose outcome personId requestId agreements
          actor { principalHandle organisationName organisationCode roles }
          released { field category }
          withheld { field category reason }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** The access log as CSV with the same filter. */
export const AccessLogCsvQuery = graphql(`
  query ConsoleAccessLogCsv($filter: AccessLogFilter, $max: Int!) {
    accessLogCsv(filter: $filter, max: $max)
  }
`);

/** Walks the hash chain and checks the signed checkpoints. */
export const VerifyAccessLogQuery = graphql(`
  query ConsoleVerifyAccessLog {
    verifyAccessLog {
      ok rowsChecked checkpointsVerified badCheckpointSignatures headSeq lastCheckpointSeq lastCheckpointSignedAt
      firstBadRow { seq problem detail }
    }
  }
`);

/** Why could a principal see a person's data for a purpose. */
export const ExplainAccessQuery = graphql(`
  query ConsoleExplainAccess($personId: ID!, $principalHandle: String!, $purpose: Purpose!) {
    explainAccess(personId: $personId, principalHandle: $principalHandle, purpose: $purpose) {
      personId principalHandle purpose
      categories {
        category allowed reason agreement held
        sources { allowed reason agreement provider { code name nameCy } }
      }
    }
  }
`);

/** Sharing agreements with their parties, approvals and clauses. */
export const AgreementsQuery = graphql(`
  query ConsoleAgreements($status: AgreementStatus) {
    sharingAgreements(status: $status) {
      id reference version title kind status inForce lawfulBasis purposes effectiveFrom reviewBy
      parties { code name nameCy }
      awaitingApproval { code name nameCy }
      approvals { organisation { code name nameCy } decision at by breakGlass reason }
      clauses {
        position description categories purposes consentRequired disclosure retention conditions
        providerKind providerOrganisation { code name nameCy }
        recipientKind recipientRole recipientOrganisation { code name nameCy }
      }
    }
  }
`);

/** Approve an agreement version for the caller's organisation. */
export const ApproveAgreementMutation = graphql(`
  mutation ConsoleApproveAgreement($id: ID!) {
    approveSharingAgreement(id: $id) { id status }
  }
`);

/** Suspend an agreement version for the caller's organisation. */
export const SuspendAgreementMutation = graphql(`
  mutation ConsoleSuspendAgreement($id: ID!, $reason: String!) {
    suspendSharingAgreement(id: $id, reason: $reason) { id status }
  }
`);

/** The match review queue: both records side by side and the weight of each comparison. */
export const MatchReviewQueueQuery = graphql(`
  query ConsoleMatchReviewQueue($first: Int!, $after: String) {
    matchReviewQueue(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id status reviewReason conflict totalWeight probability
          comparisons { key label level levelDescription outcome weight }
          recordA { ...ReviewRecord }
          recordB { ...ReviewRecord }
          decisions { id kind decidedBy decidedAt note }
        }
      }
    }
  }
  fragment ReviewRecord on SourceRecord {
    id partnerReference receivedAt version
    provider { code name nameCy kind }
    givenName middleNames familyName dateOfBirth sex postcode addressLine locality upn uln email phone
  }
`);

/** Confirm that a pair is one young person. */
export const ConfirmMatchMutation = graphql(`
  mutation ConsoleConfirmMatch($input: DecideMatchInput!) {
    confirmMatch(input: $input) { id status }
  }
`);

/** Reject a pair: two young people. */
export const RejectMatchMutation = graphql(`
  mutation ConsoleRejectMatch($input: DecideMatchInput!) {
    rejectMatch(input: $input) { id status }
  }
`);

/** A page of the tier-1 unknowns worklist with sightings and progress. */
export const WorklistQuery = graphql(`
  query ConsoleWorklist($laCode: String!, $filter: UnknownsWorklistFilter, $first: Int!, $after: String) {
    unknownsWorklist(laCode: $laCode, filter: $filter, first: $first, after: $after) {
      counts { total byAge { age count } byReason { reason count } }
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          person { id sourceRecords { id givenName familyName dateOfBirth } }
          reasons { reason since daysUnknown provider { code name nameCy } }
          sightings { kind on provider { code name nameCy } }
          progress {
            state since attempts
            by { displayName }
            events { id outcome contactMethod effectiveOn recordedAt actor { displayName } reversesEventId }
          }
        }
      }
    }
  }
`);

/** Log one attempt to reach a young person on the worklist. */
export const RecordContactAttemptMutation = graphql(`
  mutation ConsoleRecordContactAttempt($input: RecordContactAttemptInput!) {
    recordContactAttempt(input: $input) { id outcome contactMethod effectiveOn }
  }
`);

/** Record what was found out about a young person on the worklist. */
export const RecordUnknownOutcomeMutation = graphql(`
  mutation ConsoleRecordUnknownOutcome($input: RecordUnknownOutcomeInput!) {
    recordUnknownOutcome(input: $input) { id outcome effectiveOn }
  }
`);

/** Reverse the latest outcome by a later event. */
export const ReopenUnknownMutation = graphql(`
  mutation ConsoleReopenUnknown($input: ReopenUnknownInput!) {
    reopenUnknown(input: $input) { id outcome }
  }
`);

/** Young people the caller may see, by family name. */
export const YoungPeopleQuery = graphql(`
  query ConsoleYoungPeople($filter: YoungPeopleFilter, $first: Int!, $after: String) {
    youngPeople(filter: $filter, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { id sourceRecords { id provider { code name nameCy } givenName familyName dateOfBirth } } }
    }
  }
`);

/** A young person: status, tier history and every partner record released to the caller. */
export const YoungPersonQuery = graphql(`
  query ConsoleYoungPerson($id: ID!) {
    youngPerson(id: $id) {
      id
      status {
        tier tier2Reason tier4Risk eetStatus since daysInTier assessedOn
        assessedBy { displayName organisation { code name nameCy } }
        source { code name nameCy }
      }
      tierHistory {
        id kind tier tier2Reason tier4Risk eetStatus outcome contactMethod reason effectiveOn recordedAt reversesEventId
        source { code name nameCy }
        actor { displayName }
      }
      sourceRecords {
        id partnerReference version receivedAt
        provider { code name nameCy kind }
        givenName middleNames familyName dateOfBirth sex upn uln otherIdentifier
        addressLine locality postcode email phone
        enrolment attendance behaviour attainment earlyIdentificationRisk tierStatus careersGuidance
        supportNeeds careStatus youthJustice leadWorker involvement destination
      }
    }
  }
`);

/** Young people moving into or out of the caller's LA. */
export const TransfersQuery = graphql(`
  query ConsoleTransfers($laCode: String!, $filter: TransfersFilter, $first: Int!, $after: String) {
    transfers(laCode: $laCode, filter: $filter, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id personId direction state openedAt closedAt closeReason withdrawable
          from { laCode laName outsideWales }
          to { laCode laName outsideWales }
          acceptedBy { displayName }
          status { tier eetStatus since }
          records { id givenName familyName dateOfBirth provider { code name nameCy } }
        }
      }
    }
  }
`);

/** Take on a young person moving into the caller's LA. */
export const AcceptTransferMutation = graphql(`
  mutation ConsoleAcceptTransfer($input: AcceptTransferInput!) {
    acceptTransfer(input: $input) { id state }
  }
`);

/** Say a young person moving into the caller's LA is not theirs to take on. */
export const DeclineTransferMutation = graphql(`
  mutation ConsoleDeclineTransfer($input: DeclineTransferInput!) {
    declineTransfer(input: $input) { transferId state }
  }
`);

/** Say a move out of the caller's LA did not happen. */
export const WithdrawTransferMutation = graphql(`
  mutation ConsoleWithdrawTransfer($input: WithdrawTransferInput!) {
    withdrawTransfer(input: $input) { transferId state }
  }
`);

/** Drop-out notifications the sharing rules show the caller (EPCs: learners living in their LA; advisers: the queue). */
export const DropOutNotificationsQuery = graphql(`
  query ConsoleDropOutNotifications($filter: DropOutNotificationFilter, $first: Int!, $after: String) {
    dropOutNotifications(filter: $filter, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id reason leftOn notifiedOn receivedAt delayDays late youngPersonId
          provider { code name nameCy }
          proposal { tier tier2Reason tier4Risk }
          action { tier closedAt }
          learnerRecord { id partnerReference givenName familyName dateOfBirth }
        }
      }
    }
  }
`);

/** A Careers Wales adviser confirms the tier a notification proposes, closing it. */
export const ConfirmDropOutTierMutation = graphql(`
  mutation ConsoleConfirmDropOutTier($input: ConfirmDropOutTierInput!) {
    confirmDropOutTier(input: $input) { id action { tier closedAt } }
  }
`);

/** The provider compliance report: per provider and month, notifications within the limit (small cells suppressed). */
export const ComplianceReportQuery = graphql(`
  query ConsoleComplianceReport($from: String!, $to: String!, $providerCode: String) {
    notificationComplianceReport(from: $from, to: $to, providerCode: $providerCode) {
      from to limitDays suppression
      rows {
        month
        provider { code name nameCy }
        notifications { value suppressed }
        atRisk { value suppressed }
        dropOuts { value suppressed }
        withinLimit { value suppressed }
        late { value suppressed }
        medianDelayDays { value suppressed }
      }
    }
  }
`);

/** Partner organisations (the LA picker, agreement parties). */
export const OrganisationsQuery = graphql(`
  query ConsoleOrganisations($kind: OrganisationKind) {
    organisations(kind: $kind) { code name nameCy kind laCode }
  }
`);

/** Why a young person's records are together (LINKAGE): every link among them, to choose which to split off. */
export const SplitCandidatesQuery = graphql(`
  query ConsoleSplitCandidates($personId: ID!) {
    personMatchEvidence(personId: $personId) {
      id status totalWeight
      recordA { ...SplitRecord }
      recordB { ...SplitRecord }
    }
  }
  fragment SplitRecord on SourceRecord {
    id partnerReference receivedAt provider { code name nameCy } givenName familyName dateOfBirth postcode
  }
`);

/** Split records off a wrongly merged young person. */
export const SplitPersonMutation = graphql(`
  mutation ConsoleSplitPerson($input: SplitPersonInput!) {
    splitPerson(input: $input) { decisionId newPersonId personId }
  }
`);

/** Draft a new agreement (or the next version of a reference). */
export const DraftAgreementMutation = graphql(`
  mutation ConsoleDraftAgreement($input: DraftSharingAgreementInput!) {
    draftSharingAgreement(input: $input) { id reference version status }
  }
`);

/** Bring a draft into force. */
export const ActivateAgreementMutation = graphql(`
  mutation ConsoleActivateAgreement($id: ID!) {
    activateSharingAgreement(id: $id) { id status }
  }
`);

/** Retire a draft for good. */
export const RetireAgreementMutation = graphql(`
  mutation ConsoleRetireAgreement($id: ID!, $reason: String) {
    retireSharingAgreement(id: $id, reason: $reason) { id status }
  }
`);

/** The subject access report: everything held about a young person and every access to it (IG officers). */
export const SubjectAccessReportQuery = graphql(`
  query ConsoleSubjectAccessReport($personId: ID!) {
    subjectAccessReport(personId: $personId) {
      personId generatedAt scope omitted accessEventsTruncated
      values { category field value version receivedAt sourceRecordId provider { code name nameCy } }
      agreementsAndConsents { kind reference summary }
      accessEvents {
        occurredAt event outcome organisationName purpose roles agreements
        released { field category }
        withheld { field category reason }
      }
    }
  }
`);
