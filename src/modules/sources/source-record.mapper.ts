import type { SourceRecordEntity } from './source-record.entity.js';
import type { SourceRecordType } from './source-record.type.js';

/** Maps a stored source record (provider loaded) to its GraphQL view; payload categories become fields. */
export function toSourceRecordView(r: SourceRecordEntity): SourceRecordType {
  const p = r.payload;
  return {
    personId: r.personId,
    providerOrganisationId: r.providerOrganisationId,
    id: r.id,
    provider: r.provider,
    receivedAt: r.receivedAt,
    version: r.version,
    partnerReference: r.partnerReference,
    givenName: r.givenName,
    middleNames: r.middleNames,
    familyName: r.familyName,
    dateOfBirth: r.dateOfBirth,
    sex: r.sex,
    upn: r.upn,
    uln: r.uln,
    otherIdentifier: r.otherIdentifier,
    postcode: r.postcode,
    addressLine: r.addressLine,
    locality: r.locality,
    email: r.email,
    phone: r.phone,
    enrolment: p.EDUCATION_ENROLMENT ?? null,
    attendance: p.ATTENDANCE ?? null,
    behaviour: p.BEHAVIOUR ?? null,
    attainment: p.ATTAINMENT ?? null,
    earlyIdentificationRisk: p.EARLY_IDENTIFICATION_RISK ?? null,
    tierStatus: p.TIER_STATUS ?? null,
    careersGuidance: p.CAREERS_GUIDANCE ?? null,
    supportNeeds: p.SUPPORT_NEEDS ?? null,
    careStatus: p.CARE_STATUS ?? null,
    youthJustice: p.YOUTH_JUSTICE ?? null,
    leadWorker: p.LEAD_WORKER ?? null,
    involvement: p.INVOLVEMENT ?? null,
    destination: p.DESTINATION ?? null,
  };
}
