import { CreateOrganisationsAndPrincipals1763900000000 } from './1763900000000-CreateOrganisationsAndPrincipals.js';
import { CreateYoungPeopleAndSourceRecords1763900100000 } from './1763900100000-CreateYoungPeopleAndSourceRecords.js';
import { CreateJobRuns1763900200000 } from './1763900200000-CreateJobRuns.js';
import { CreateSharingPolicy1763950000000 } from './1763950000000-CreateSharingPolicy.js';
import { CreatePolicyFunctions1763950100000 } from './1763950100000-CreatePolicyFunctions.js';
import { CurrentTierFromRecords1763950200000 } from './1763950200000-CurrentTierFromRecords.js';
import { CreateImports1763960000000 } from './1763960000000-CreateImports.js';
import { CreateMatching1763960100000 } from './1763960100000-CreateMatching.js';
import { ConsentFollowsMergedPeople1763960200000 } from './1763960200000-ConsentFollowsMergedPeople.js';
import { CreateAccessLog1763970000000 } from './1763970000000-CreateAccessLog.js';
import { MaterialisePersonState1763980000000 } from './1763980000000-MaterialisePersonState.js';
import { EarnedRelationshipsAndFlags1764500000000 } from './1764500000000-EarnedRelationshipsAndFlags.js';
import { AgreementApprovals1764600000000 } from './1764600000000-AgreementApprovals.js';
import { ImportActivityAndFailure1764610000000 } from './1764610000000-ImportActivityAndFailure.js';
import { CreateTierHistory1764700000000 } from './1764700000000-CreateTierHistory.js';
import { KeepRecordTierHistory1764710000000 } from './1764710000000-KeepRecordTierHistory.js';
import { UnknownFacts1764710100000 } from './1764710100000-UnknownFacts.js';
import { DropOutNotifications1764780000000 } from './1764780000000-DropOutNotifications.js';
import { DestinationReturns1764780100000 } from './1764780100000-DestinationReturns.js';
import { CreateIdempotencyKeys1764790000000 } from './1764790000000-CreateIdempotencyKeys.js';
import { CreateAppRole1765000000000 } from './1765000000000-CreateAppRole.js';
import { GuardRecordAssessedOn1766000000000 } from './1766000000000-GuardRecordAssessedOn.js';
import { ImportReviewPairCounts1766000100000 } from './1766000100000-ImportReviewPairCounts.js';
import { PostcodeDistricts1766100000000 } from './1766100000000-PostcodeDistricts.js';
import { HomeLaAndTransfers1766100100000 } from './1766100100000-HomeLaAndTransfers.js';
import { TierEventsOnLink1766100200000 } from './1766100200000-TierEventsOnLink.js';
import { PartnerStaffRoles1766200000000 } from './1766200000000-PartnerStaffRoles.js';
import { AccessChainIdentity1766300000000 } from './1766300000000-AccessChainIdentity.js';
import { FieldLevelValidation1766400000000 } from './1766400000000-FieldLevelValidation.js';
import { RegisterSources1766400100000 } from './1766400100000-RegisterSources.js';
import { PartnerCredentials1766600000000 } from './1766600000000-PartnerCredentials.js';
import { StatusChangeFeed1766600100000 } from './1766600100000-StatusChangeFeed.js';
import { UnknownFactsByJoin1766700000000 } from './1766700000000-UnknownFactsByJoin.js';
import { DeclineAndWithdrawTransfers1766900000000 } from './1766900000000-DeclineAndWithdrawTransfers.js';
import { TransfersFollowMergedPeople1766900100000 } from './1766900100000-TransfersFollowMergedPeople.js';

/** Every migration, in order (an explicit list: globs do not load .ts files under vitest). */
export const MIGRATIONS = [
  CreateOrganisationsAndPrincipals1763900000000,
  CreateYoungPeopleAndSourceRecords1763900100000,
  CreateJobRuns1763900200000,
  CreateSharingPolicy1763950000000,
  CreatePolicyFunctions1763950100000,
  CurrentTierFromRecords1763950200000,
  CreateImports1763960000000,
  CreateMatching1763960100000,
  ConsentFollowsMergedPeople1763960200000,
  CreateAccessLog1763970000000,
  MaterialisePersonState1763980000000,
  EarnedRelationshipsAndFlags1764500000000,
  AgreementApprovals1764600000000,
  ImportActivityAndFailure1764610000000,
  CreateTierHistory1764700000000,
  KeepRecordTierHistory1764710000000,
  UnknownFacts1764710100000,
  DropOutNotifications1764780000000,
  DestinationReturns1764780100000,
  CreateIdempotencyKeys1764790000000,
  CreateAppRole1765000000000,
  GuardRecordAssessedOn1766000000000,
  ImportReviewPairCounts1766000100000,
  PostcodeDistricts1766100000000,
  HomeLaAndTransfers1766100100000,
  TierEventsOnLink1766100200000,
  PartnerStaffRoles1766200000000,
  AccessChainIdentity1766300000000,
  FieldLevelValidation1766400000000,
  RegisterSources1766400100000,
  PartnerCredentials1766600000000,
  StatusChangeFeed1766600100000,
  UnknownFactsByJoin1766700000000,
  DeclineAndWithdrawTransfers1766900000000,
  TransfersFollowMergedPeople1766900100000,
];
