/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ConsoleMe {\n    me { id handle displayName roles organisation { code name nameCy kind laCode } }\n  }\n": typeof types.ConsoleMeDocument,
    "\n  query ConsoleAccessLog($filter: AccessLogFilter, $first: Int!, $after: String) {\n    accessLog(filter: $filter, first: $first, after: $after) {\n      edges {\n        node {\n          seq occurredAt event operation purpose outcome personId requestId agreements\n          actor { principalHandle organisationName organisationCode roles }\n          released { field category }\n          withheld { field category reason }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ConsoleAccessLogDocument,
    "\n  query ConsoleAccessLogCsv($filter: AccessLogFilter, $max: Int!) {\n    accessLogCsv(filter: $filter, max: $max)\n  }\n": typeof types.ConsoleAccessLogCsvDocument,
    "\n  query ConsoleVerifyAccessLog {\n    verifyAccessLog {\n      ok rowsChecked checkpointsVerified badCheckpointSignatures headSeq lastCheckpointSeq lastCheckpointSignedAt\n      firstBadRow { seq problem detail }\n    }\n  }\n": typeof types.ConsoleVerifyAccessLogDocument,
    "\n  query ConsoleExplainAccess($personId: ID!, $principalHandle: String!, $purpose: Purpose!) {\n    explainAccess(personId: $personId, principalHandle: $principalHandle, purpose: $purpose) {\n      personId principalHandle purpose\n      categories {\n        category allowed reason agreement held\n        sources { allowed reason agreement provider { code name nameCy } }\n      }\n    }\n  }\n": typeof types.ConsoleExplainAccessDocument,
    "\n  query ConsoleAgreements($status: AgreementStatus) {\n    sharingAgreements(status: $status) {\n      id reference version title kind status inForce lawfulBasis purposes effectiveFrom reviewBy\n      parties { code name nameCy }\n      awaitingApproval { code name nameCy }\n      approvals { organisation { code name nameCy } decision at by breakGlass reason }\n      clauses {\n        position description categories purposes consentRequired disclosure retention conditions\n        providerKind providerOrganisation { code name nameCy }\n        recipientKind recipientRole recipientOrganisation { code name nameCy }\n      }\n    }\n  }\n": typeof types.ConsoleAgreementsDocument,
    "\n  mutation ConsoleApproveAgreement($id: ID!) {\n    approveSharingAgreement(id: $id) { id status }\n  }\n": typeof types.ConsoleApproveAgreementDocument,
    "\n  mutation ConsoleSuspendAgreement($id: ID!, $reason: String!) {\n    suspendSharingAgreement(id: $id, reason: $reason) { id status }\n  }\n": typeof types.ConsoleSuspendAgreementDocument,
    "\n  query ConsoleMatchReviewQueue($first: Int!, $after: String) {\n    matchReviewQueue(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id status reviewReason conflict totalWeight probability\n          comparisons { key label level levelDescription outcome weight }\n          recordA { ...ReviewRecord }\n          recordB { ...ReviewRecord }\n          decisions { id kind decidedBy decidedAt note }\n        }\n      }\n    }\n  }\n  fragment ReviewRecord on SourceRecord {\n    id partnerReference receivedAt version\n    provider { code name nameCy kind }\n    givenName middleNames familyName dateOfBirth sex postcode addressLine locality upn uln email phone\n  }\n": typeof types.ConsoleMatchReviewQueueDocument,
    "\n  mutation ConsoleConfirmMatch($input: DecideMatchInput!) {\n    confirmMatch(input: $input) { id status }\n  }\n": typeof types.ConsoleConfirmMatchDocument,
    "\n  mutation ConsoleRejectMatch($input: DecideMatchInput!) {\n    rejectMatch(input: $input) { id status }\n  }\n": typeof types.ConsoleRejectMatchDocument,
    "\n  query ConsoleWorklist($laCode: String!, $filter: UnknownsWorklistFilter, $first: Int!, $after: String) {\n    unknownsWorklist(laCode: $laCode, filter: $filter, first: $first, after: $after) {\n      counts { total byAge { age count } byReason { reason count } }\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          person { id sourceRecords { id givenName familyName dateOfBirth } }\n          reasons { reason since daysUnknown provider { code name nameCy } }\n          sightings { kind on provider { code name nameCy } }\n          progress {\n            state since attempts\n            by { displayName }\n            events { id outcome contactMethod effectiveOn recordedAt actor { displayName } reversesEventId }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleWorklistDocument,
    "\n  mutation ConsoleRecordContactAttempt($input: RecordContactAttemptInput!) {\n    recordContactAttempt(input: $input) { id outcome contactMethod effectiveOn }\n  }\n": typeof types.ConsoleRecordContactAttemptDocument,
    "\n  mutation ConsoleRecordUnknownOutcome($input: RecordUnknownOutcomeInput!) {\n    recordUnknownOutcome(input: $input) { id outcome effectiveOn }\n  }\n": typeof types.ConsoleRecordUnknownOutcomeDocument,
    "\n  mutation ConsoleReopenUnknown($input: ReopenUnknownInput!) {\n    reopenUnknown(input: $input) { id outcome }\n  }\n": typeof types.ConsoleReopenUnknownDocument,
    "\n  query ConsoleYoungPeople($filter: YoungPeopleFilter, $first: Int!, $after: String) {\n    youngPeople(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { id sourceRecords { id provider { code name nameCy } givenName familyName dateOfBirth } } }\n    }\n  }\n": typeof types.ConsoleYoungPeopleDocument,
    "\n  query ConsoleYoungPerson($id: ID!) {\n    youngPerson(id: $id) {\n      id\n      status {\n        tier tier2Reason tier4Risk eetStatus since daysInTier assessedOn\n        assessedBy { displayName organisation { code name nameCy } }\n        source { code name nameCy }\n      }\n      tierHistory {\n        id kind tier tier2Reason tier4Risk eetStatus outcome contactMethod reason effectiveOn recordedAt reversesEventId\n        source { code name nameCy }\n        actor { displayName }\n      }\n      sourceRecords {\n        id partnerReference version receivedAt\n        provider { code name nameCy kind }\n        givenName middleNames familyName dateOfBirth sex upn uln otherIdentifier\n        addressLine locality postcode email phone\n        enrolment attendance behaviour attainment earlyIdentificationRisk tierStatus careersGuidance\n        supportNeeds careStatus youthJustice leadWorker involvement destination\n      }\n    }\n  }\n": typeof types.ConsoleYoungPersonDocument,
    "\n  query ConsoleTransfers($laCode: String!, $filter: TransfersFilter, $first: Int!, $after: String) {\n    transfers(laCode: $laCode, filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id personId direction state openedAt closedAt closeReason withdrawable\n          from { laCode laName outsideWales }\n          to { laCode laName outsideWales }\n          acceptedBy { displayName }\n          status { tier eetStatus since }\n          records { id givenName familyName dateOfBirth provider { code name nameCy } }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleTransfersDocument,
    "\n  mutation ConsoleAcceptTransfer($input: AcceptTransferInput!) {\n    acceptTransfer(input: $input) { id state }\n  }\n": typeof types.ConsoleAcceptTransferDocument,
    "\n  mutation ConsoleDeclineTransfer($input: DeclineTransferInput!) {\n    declineTransfer(input: $input) { transferId state }\n  }\n": typeof types.ConsoleDeclineTransferDocument,
    "\n  mutation ConsoleWithdrawTransfer($input: WithdrawTransferInput!) {\n    withdrawTransfer(input: $input) { transferId state }\n  }\n": typeof types.ConsoleWithdrawTransferDocument,
    "\n  query ConsoleDropOutNotifications($filter: DropOutNotificationFilter, $first: Int!, $after: String) {\n    dropOutNotifications(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id reason leftOn notifiedOn receivedAt delayDays late youngPersonId\n          provider { code name nameCy }\n          proposal { tier tier2Reason tier4Risk }\n          action { tier closedAt }\n          learnerRecord { id partnerReference givenName familyName dateOfBirth }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleDropOutNotificationsDocument,
    "\n  mutation ConsoleConfirmDropOutTier($input: ConfirmDropOutTierInput!) {\n    confirmDropOutTier(input: $input) { id action { tier closedAt } }\n  }\n": typeof types.ConsoleConfirmDropOutTierDocument,
    "\n  query ConsoleComplianceReport($from: String!, $to: String!, $providerCode: String) {\n    notificationComplianceReport(from: $from, to: $to, providerCode: $providerCode) {\n      from to limitDays suppression\n      rows {\n        month\n        provider { code name nameCy }\n        notifications { value suppressed }\n        atRisk { value suppressed }\n        dropOuts { value suppressed }\n        withinLimit { value suppressed }\n        late { value suppressed }\n        medianDelayDays { value suppressed }\n      }\n    }\n  }\n": typeof types.ConsoleComplianceReportDocument,
    "\n  query ConsoleOrganisations($kind: OrganisationKind) {\n    organisations(kind: $kind) { code name nameCy kind laCode }\n  }\n": typeof types.ConsoleOrganisationsDocument,
    "\n  query ConsoleSplitCandidates($personId: ID!) {\n    personMatchEvidence(personId: $personId) {\n      id status totalWeight\n      recordA { ...SplitRecord }\n      recordB { ...SplitRecord }\n    }\n  }\n  fragment SplitRecord on SourceRecord {\n    id partnerReference receivedAt provider { code name nameCy } givenName familyName dateOfBirth postcode\n  }\n": typeof types.ConsoleSplitCandidatesDocument,
    "\n  mutation ConsoleSplitPerson($input: SplitPersonInput!) {\n    splitPerson(input: $input) { decisionId newPersonId personId }\n  }\n": typeof types.ConsoleSplitPersonDocument,
    "\n  mutation ConsoleDraftAgreement($input: DraftSharingAgreementInput!) {\n    draftSharingAgreement(input: $input) { id reference version status }\n  }\n": typeof types.ConsoleDraftAgreementDocument,
    "\n  mutation ConsoleActivateAgreement($id: ID!) {\n    activateSharingAgreement(id: $id) { id status }\n  }\n": typeof types.ConsoleActivateAgreementDocument,
    "\n  mutation ConsoleRetireAgreement($id: ID!, $reason: String) {\n    retireSharingAgreement(id: $id, reason: $reason) { id status }\n  }\n": typeof types.ConsoleRetireAgreementDocument,
    "\n  query ConsoleSubjectAccessReport($personId: ID!) {\n    subjectAccessReport(personId: $personId) {\n      personId generatedAt scope omitted accessEventsTruncated\n      values { category field value version receivedAt sourceRecordId provider { code name nameCy } }\n      agreementsAndConsents { kind reference summary }\n      accessEvents {\n        occurredAt event outcome organisationName purpose roles agreements\n        released { field category }\n        withheld { field category reason }\n      }\n    }\n  }\n": typeof types.ConsoleSubjectAccessReportDocument,
};
const documents: Documents = {
    "\n  query ConsoleMe {\n    me { id handle displayName roles organisation { code name nameCy kind laCode } }\n  }\n": types.ConsoleMeDocument,
    "\n  query ConsoleAccessLog($filter: AccessLogFilter, $first: Int!, $after: String) {\n    accessLog(filter: $filter, first: $first, after: $after) {\n      edges {\n        node {\n          seq occurredAt event operation purpose outcome personId requestId agreements\n          actor { principalHandle organisationName organisationCode roles }\n          released { field category }\n          withheld { field category reason }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ConsoleAccessLogDocument,
    "\n  query ConsoleAccessLogCsv($filter: AccessLogFilter, $max: Int!) {\n    accessLogCsv(filter: $filter, max: $max)\n  }\n": types.ConsoleAccessLogCsvDocument,
    "\n  query ConsoleVerifyAccessLog {\n    verifyAccessLog {\n      ok rowsChecked checkpointsVerified badCheckpointSignatures headSeq lastCheckpointSeq lastCheckpointSignedAt\n      firstBadRow { seq problem detail }\n    }\n  }\n": types.ConsoleVerifyAccessLogDocument,
    "\n  query ConsoleExplainAccess($personId: ID!, $principalHandle: String!, $purpose: Purpose!) {\n    explainAccess(personId: $personId, principalHandle: $principalHandle, purpose: $purpose) {\n      personId principalHandle purpose\n      categories {\n        category allowed reason agreement held\n        sources { allowed reason agreement provider { code name nameCy } }\n      }\n    }\n  }\n": types.ConsoleExplainAccessDocument,
    "\n  query ConsoleAgreements($status: AgreementStatus) {\n    sharingAgreements(status: $status) {\n      id reference version title kind status inForce lawfulBasis purposes effectiveFrom reviewBy\n      parties { code name nameCy }\n      awaitingApproval { code name nameCy }\n      approvals { organisation { code name nameCy } decision at by breakGlass reason }\n      clauses {\n        position description categories purposes consentRequired disclosure retention conditions\n        providerKind providerOrganisation { code name nameCy }\n        recipientKind recipientRole recipientOrganisation { code name nameCy }\n      }\n    }\n  }\n": types.ConsoleAgreementsDocument,
    "\n  mutation ConsoleApproveAgreement($id: ID!) {\n    approveSharingAgreement(id: $id) { id status }\n  }\n": types.ConsoleApproveAgreementDocument,
    "\n  mutation ConsoleSuspendAgreement($id: ID!, $reason: String!) {\n    suspendSharingAgreement(id: $id, reason: $reason) { id status }\n  }\n": types.ConsoleSuspendAgreementDocument,
    "\n  query ConsoleMatchReviewQueue($first: Int!, $after: String) {\n    matchReviewQueue(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id status reviewReason conflict totalWeight probability\n          comparisons { key label level levelDescription outcome weight }\n          recordA { ...ReviewRecord }\n          recordB { ...ReviewRecord }\n          decisions { id kind decidedBy decidedAt note }\n        }\n      }\n    }\n  }\n  fragment ReviewRecord on SourceRecord {\n    id partnerReference receivedAt version\n    provider { code name nameCy kind }\n    givenName middleNames familyName dateOfBirth sex postcode addressLine locality upn uln email phone\n  }\n": types.ConsoleMatchReviewQueueDocument,
    "\n  mutation ConsoleConfirmMatch($input: DecideMatchInput!) {\n    confirmMatch(input: $input) { id status }\n  }\n": types.ConsoleConfirmMatchDocument,
    "\n  mutation ConsoleRejectMatch($input: DecideMatchInput!) {\n    rejectMatch(input: $input) { id status }\n  }\n": types.ConsoleRejectMatchDocument,
    "\n  query ConsoleWorklist($laCode: String!, $filter: UnknownsWorklistFilter, $first: Int!, $after: String) {\n    unknownsWorklist(laCode: $laCode, filter: $filter, first: $first, after: $after) {\n      counts { total byAge { age count } byReason { reason count } }\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          person { id sourceRecords { id givenName familyName dateOfBirth } }\n          reasons { reason since daysUnknown provider { code name nameCy } }\n          sightings { kind on provider { code name nameCy } }\n          progress {\n            state since attempts\n            by { displayName }\n            events { id outcome contactMethod effectiveOn recordedAt actor { displayName } reversesEventId }\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleWorklistDocument,
    "\n  mutation ConsoleRecordContactAttempt($input: RecordContactAttemptInput!) {\n    recordContactAttempt(input: $input) { id outcome contactMethod effectiveOn }\n  }\n": types.ConsoleRecordContactAttemptDocument,
    "\n  mutation ConsoleRecordUnknownOutcome($input: RecordUnknownOutcomeInput!) {\n    recordUnknownOutcome(input: $input) { id outcome effectiveOn }\n  }\n": types.ConsoleRecordUnknownOutcomeDocument,
    "\n  mutation ConsoleReopenUnknown($input: ReopenUnknownInput!) {\n    reopenUnknown(input: $input) { id outcome }\n  }\n": types.ConsoleReopenUnknownDocument,
    "\n  query ConsoleYoungPeople($filter: YoungPeopleFilter, $first: Int!, $after: String) {\n    youngPeople(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { id sourceRecords { id provider { code name nameCy } givenName familyName dateOfBirth } } }\n    }\n  }\n": types.ConsoleYoungPeopleDocument,
    "\n  query ConsoleYoungPerson($id: ID!) {\n    youngPerson(id: $id) {\n      id\n      status {\n        tier tier2Reason tier4Risk eetStatus since daysInTier assessedOn\n        assessedBy { displayName organisation { code name nameCy } }\n        source { code name nameCy }\n      }\n      tierHistory {\n        id kind tier tier2Reason tier4Risk eetStatus outcome contactMethod reason effectiveOn recordedAt reversesEventId\n        source { code name nameCy }\n        actor { displayName }\n      }\n      sourceRecords {\n        id partnerReference version receivedAt\n        provider { code name nameCy kind }\n        givenName middleNames familyName dateOfBirth sex upn uln otherIdentifier\n        addressLine locality postcode email phone\n        enrolment attendance behaviour attainment earlyIdentificationRisk tierStatus careersGuidance\n        supportNeeds careStatus youthJustice leadWorker involvement destination\n      }\n    }\n  }\n": types.ConsoleYoungPersonDocument,
    "\n  query ConsoleTransfers($laCode: String!, $filter: TransfersFilter, $first: Int!, $after: String) {\n    transfers(laCode: $laCode, filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id personId direction state openedAt closedAt closeReason withdrawable\n          from { laCode laName outsideWales }\n          to { laCode laName outsideWales }\n          acceptedBy { displayName }\n          status { tier eetStatus since }\n          records { id givenName familyName dateOfBirth provider { code name nameCy } }\n        }\n      }\n    }\n  }\n": types.ConsoleTransfersDocument,
    "\n  mutation ConsoleAcceptTransfer($input: AcceptTransferInput!) {\n    acceptTransfer(input: $input) { id state }\n  }\n": types.ConsoleAcceptTransferDocument,
    "\n  mutation ConsoleDeclineTransfer($input: DeclineTransferInput!) {\n    declineTransfer(input: $input) { transferId state }\n  }\n": types.ConsoleDeclineTransferDocument,
    "\n  mutation ConsoleWithdrawTransfer($input: WithdrawTransferInput!) {\n    withdrawTransfer(input: $input) { transferId state }\n  }\n": types.ConsoleWithdrawTransferDocument,
    "\n  query ConsoleDropOutNotifications($filter: DropOutNotificationFilter, $first: Int!, $after: String) {\n    dropOutNotifications(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id reason leftOn notifiedOn receivedAt delayDays late youngPersonId\n          provider { code name nameCy }\n          proposal { tier tier2Reason tier4Risk }\n          action { tier closedAt }\n          learnerRecord { id partnerReference givenName familyName dateOfBirth }\n        }\n      }\n    }\n  }\n": types.ConsoleDropOutNotificationsDocument,
    "\n  mutation ConsoleConfirmDropOutTier($input: ConfirmDropOutTierInput!) {\n    confirmDropOutTier(input: $input) { id action { tier closedAt } }\n  }\n": types.ConsoleConfirmDropOutTierDocument,
    "\n  query ConsoleComplianceReport($from: String!, $to: String!, $providerCode: String) {\n    notificationComplianceReport(from: $from, to: $to, providerCode: $providerCode) {\n      from to limitDays suppression\n      rows {\n        month\n        provider { code name nameCy }\n        notifications { value suppressed }\n        atRisk { value suppressed }\n        dropOuts { value suppressed }\n        withinLimit { value suppressed }\n        late { value suppressed }\n        medianDelayDays { value suppressed }\n      }\n    }\n  }\n": types.ConsoleComplianceReportDocument,
    "\n  query ConsoleOrganisations($kind: OrganisationKind) {\n    organisations(kind: $kind) { code name nameCy kind laCode }\n  }\n": types.ConsoleOrganisationsDocument,
    "\n  query ConsoleSplitCandidates($personId: ID!) {\n    personMatchEvidence(personId: $personId) {\n      id status totalWeight\n      recordA { ...SplitRecord }\n      recordB { ...SplitRecord }\n    }\n  }\n  fragment SplitRecord on SourceRecord {\n    id partnerReference receivedAt provider { code name nameCy } givenName familyName dateOfBirth postcode\n  }\n": types.ConsoleSplitCandidatesDocument,
    "\n  mutation ConsoleSplitPerson($input: SplitPersonInput!) {\n    splitPerson(input: $input) { decisionId newPersonId personId }\n  }\n": types.ConsoleSplitPersonDocument,
    "\n  mutation ConsoleDraftAgreement($input: DraftSharingAgreementInput!) {\n    draftSharingAgreement(input: $input) { id reference version status }\n  }\n": types.ConsoleDraftAgreementDocument,
    "\n  mutation ConsoleActivateAgreement($id: ID!) {\n    activateSharingAgreement(id: $id) { id status }\n  }\n": types.ConsoleActivateAgreementDocument,
    "\n  mutation ConsoleRetireAgreement($id: ID!, $reason: String) {\n    retireSharingAgreement(id: $id, reason: $reason) { id status }\n  }\n": types.ConsoleRetireAgreementDocument,
    "\n  query ConsoleSubjectAccessReport($personId: ID!) {\n    subjectAccessReport(personId: $personId) {\n      personId generatedAt scope omitted accessEventsTruncated\n      values { category field value version receivedAt sourceRecordId provider { code name nameCy } }\n      agreementsAndConsents { kind reference summary }\n      accessEvents {\n        occurredAt event outcome organisationName purpose roles agreements\n        released { field category }\n        withheld { field category reason }\n      }\n    }\n  }\n": types.ConsoleSubjectAccessReportDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleMe {\n    me { id handle displayName roles organisation { code name nameCy kind laCode } }\n  }\n"): typeof import('./graphql').ConsoleMeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAccessLog($filter: AccessLogFilter, $first: Int!, $after: String) {\n    accessLog(filter: $filter, first: $first, after: $after) {\n      edges {\n        node {\n          seq occurredAt event operation purpose outcome personId requestId agreements\n          actor { principalHandle organisationName organisationCode roles }\n          released { field category }\n          withheld { field category reason }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').ConsoleAccessLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAccessLogCsv($filter: AccessLogFilter, $max: Int!) {\n    accessLogCsv(filter: $filter, max: $max)\n  }\n"): typeof import('./graphql').ConsoleAccessLogCsvDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleVerifyAccessLog {\n    verifyAccessLog {\n      ok rowsChecked checkpointsVerified badCheckpointSignatures headSeq lastCheckpointSeq lastCheckpointSignedAt\n      firstBadRow { seq problem detail }\n    }\n  }\n"): typeof import('./graphql').ConsoleVerifyAccessLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleExplainAccess($personId: ID!, $principalHandle: String!, $purpose: Purpose!) {\n    explainAccess(personId: $personId, principalHandle: $principalHandle, purpose: $purpose) {\n      personId principalHandle purpose\n      categories {\n        category allowed reason agreement held\n        sources { allowed reason agreement provider { code name nameCy } }\n      }\n    }\n  }\n"): typeof import('./graphql').ConsoleExplainAccessDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAgreements($status: AgreementStatus) {\n    sharingAgreements(status: $status) {\n      id reference version title kind status inForce lawfulBasis purposes effectiveFrom reviewBy\n      parties { code name nameCy }\n      awaitingApproval { code name nameCy }\n      approvals { organisation { code name nameCy } decision at by breakGlass reason }\n      clauses {\n        position description categories purposes consentRequired disclosure retention conditions\n        providerKind providerOrganisation { code name nameCy }\n        recipientKind recipientRole recipientOrganisation { code name nameCy }\n      }\n    }\n  }\n"): typeof import('./graphql').ConsoleAgreementsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleApproveAgreement($id: ID!) {\n    approveSharingAgreement(id: $id) { id status }\n  }\n"): typeof import('./graphql').ConsoleApproveAgreementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSuspendAgreement($id: ID!, $reason: String!) {\n    suspendSharingAgreement(id: $id, reason: $reason) { id status }\n  }\n"): typeof import('./graphql').ConsoleSuspendAgreementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleMatchReviewQueue($first: Int!, $after: String) {\n    matchReviewQueue(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id status reviewReason conflict totalWeight probability\n          comparisons { key label level levelDescription outcome weight }\n          recordA { ...ReviewRecord }\n          recordB { ...ReviewRecord }\n          decisions { id kind decidedBy decidedAt note }\n        }\n      }\n    }\n  }\n  fragment ReviewRecord on SourceRecord {\n    id partnerReference receivedAt version\n    provider { code name nameCy kind }\n    givenName middleNames familyName dateOfBirth sex postcode addressLine locality upn uln email phone\n  }\n"): typeof import('./graphql').ConsoleMatchReviewQueueDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleConfirmMatch($input: DecideMatchInput!) {\n    confirmMatch(input: $input) { id status }\n  }\n"): typeof import('./graphql').ConsoleConfirmMatchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRejectMatch($input: DecideMatchInput!) {\n    rejectMatch(input: $input) { id status }\n  }\n"): typeof import('./graphql').ConsoleRejectMatchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleWorklist($laCode: String!, $filter: UnknownsWorklistFilter, $first: Int!, $after: String) {\n    unknownsWorklist(laCode: $laCode, filter: $filter, first: $first, after: $after) {\n      counts { total byAge { age count } byReason { reason count } }\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          person { id sourceRecords { id givenName familyName dateOfBirth } }\n          reasons { reason since daysUnknown provider { code name nameCy } }\n          sightings { kind on provider { code name nameCy } }\n          progress {\n            state since attempts\n            by { displayName }\n            events { id outcome contactMethod effectiveOn recordedAt actor { displayName } reversesEventId }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ConsoleWorklistDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRecordContactAttempt($input: RecordContactAttemptInput!) {\n    recordContactAttempt(input: $input) { id outcome contactMethod effectiveOn }\n  }\n"): typeof import('./graphql').ConsoleRecordContactAttemptDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRecordUnknownOutcome($input: RecordUnknownOutcomeInput!) {\n    recordUnknownOutcome(input: $input) { id outcome effectiveOn }\n  }\n"): typeof import('./graphql').ConsoleRecordUnknownOutcomeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleReopenUnknown($input: ReopenUnknownInput!) {\n    reopenUnknown(input: $input) { id outcome }\n  }\n"): typeof import('./graphql').ConsoleReopenUnknownDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleYoungPeople($filter: YoungPeopleFilter, $first: Int!, $after: String) {\n    youngPeople(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { id sourceRecords { id provider { code name nameCy } givenName familyName dateOfBirth } } }\n    }\n  }\n"): typeof import('./graphql').ConsoleYoungPeopleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleYoungPerson($id: ID!) {\n    youngPerson(id: $id) {\n      id\n      status {\n        tier tier2Reason tier4Risk eetStatus since daysInTier assessedOn\n        assessedBy { displayName organisation { code name nameCy } }\n        source { code name nameCy }\n      }\n      tierHistory {\n        id kind tier tier2Reason tier4Risk eetStatus outcome contactMethod reason effectiveOn recordedAt reversesEventId\n        source { code name nameCy }\n        actor { displayName }\n      }\n      sourceRecords {\n        id partnerReference version receivedAt\n        provider { code name nameCy kind }\n        givenName middleNames familyName dateOfBirth sex upn uln otherIdentifier\n        addressLine locality postcode email phone\n        enrolment attendance behaviour attainment earlyIdentificationRisk tierStatus careersGuidance\n        supportNeeds careStatus youthJustice leadWorker involvement destination\n      }\n    }\n  }\n"): typeof import('./graphql').ConsoleYoungPersonDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleTransfers($laCode: String!, $filter: TransfersFilter, $first: Int!, $after: String) {\n    transfers(laCode: $laCode, filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id personId direction state openedAt closedAt closeReason withdrawable\n          from { laCode laName outsideWales }\n          to { laCode laName outsideWales }\n          acceptedBy { displayName }\n          status { tier eetStatus since }\n          records { id givenName familyName dateOfBirth provider { code name nameCy } }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ConsoleTransfersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleAcceptTransfer($input: AcceptTransferInput!) {\n    acceptTransfer(input: $input) { id state }\n  }\n"): typeof import('./graphql').ConsoleAcceptTransferDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeclineTransfer($input: DeclineTransferInput!) {\n    declineTransfer(input: $input) { transferId state }\n  }\n"): typeof import('./graphql').ConsoleDeclineTransferDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleWithdrawTransfer($input: WithdrawTransferInput!) {\n    withdrawTransfer(input: $input) { transferId state }\n  }\n"): typeof import('./graphql').ConsoleWithdrawTransferDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleDropOutNotifications($filter: DropOutNotificationFilter, $first: Int!, $after: String) {\n    dropOutNotifications(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id reason leftOn notifiedOn receivedAt delayDays late youngPersonId\n          provider { code name nameCy }\n          proposal { tier tier2Reason tier4Risk }\n          action { tier closedAt }\n          learnerRecord { id partnerReference givenName familyName dateOfBirth }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ConsoleDropOutNotificationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleConfirmDropOutTier($input: ConfirmDropOutTierInput!) {\n    confirmDropOutTier(input: $input) { id action { tier closedAt } }\n  }\n"): typeof import('./graphql').ConsoleConfirmDropOutTierDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleComplianceReport($from: String!, $to: String!, $providerCode: String) {\n    notificationComplianceReport(from: $from, to: $to, providerCode: $providerCode) {\n      from to limitDays suppression\n      rows {\n        month\n        provider { code name nameCy }\n        notifications { value suppressed }\n        atRisk { value suppressed }\n        dropOuts { value suppressed }\n        withinLimit { value suppressed }\n        late { value suppressed }\n        medianDelayDays { value suppressed }\n      }\n    }\n  }\n"): typeof import('./graphql').ConsoleComplianceReportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleOrganisations($kind: OrganisationKind) {\n    organisations(kind: $kind) { code name nameCy kind laCode }\n  }\n"): typeof import('./graphql').ConsoleOrganisationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleSplitCandidates($personId: ID!) {\n    personMatchEvidence(personId: $personId) {\n      id status totalWeight\n      recordA { ...SplitRecord }\n      recordB { ...SplitRecord }\n    }\n  }\n  fragment SplitRecord on SourceRecord {\n    id partnerReference receivedAt provider { code name nameCy } givenName familyName dateOfBirth postcode\n  }\n"): typeof import('./graphql').ConsoleSplitCandidatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSplitPerson($input: SplitPersonInput!) {\n    splitPerson(input: $input) { decisionId newPersonId personId }\n  }\n"): typeof import('./graphql').ConsoleSplitPersonDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDraftAgreement($input: DraftSharingAgreementInput!) {\n    draftSharingAgreement(input: $input) { id reference version status }\n  }\n"): typeof import('./graphql').ConsoleDraftAgreementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleActivateAgreement($id: ID!) {\n    activateSharingAgreement(id: $id) { id status }\n  }\n"): typeof import('./graphql').ConsoleActivateAgreementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRetireAgreement($id: ID!, $reason: String) {\n    retireSharingAgreement(id: $id, reason: $reason) { id status }\n  }\n"): typeof import('./graphql').ConsoleRetireAgreementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleSubjectAccessReport($personId: ID!) {\n    subjectAccessReport(personId: $personId) {\n      personId generatedAt scope omitted accessEventsTruncated\n      values { category field value version receivedAt sourceRecordId provider { code name nameCy } }\n      agreementsAndConsents { kind reference summary }\n      accessEvents {\n        occurredAt event outcome organisationName purpose roles agreements\n        released { field category }\n        withheld { field category reason }\n      }\n    }\n  }\n"): typeof import('./graphql').ConsoleSubjectAccessReportDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
