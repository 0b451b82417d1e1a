import type { DEMO_ORG_CODES } from '../organisations/organisations.data.js';
import type { PrincipalKind, Role } from './roles.js';

/** A principal created by the seed. */
export interface PrincipalSeed {
  handle: string;
  displayName: string;
  kind: PrincipalKind;
  organisation: keyof typeof DEMO_ORG_CODES;
  roles: Role[];
}

/** The seeded principals; later capabilities and their tests rely on these handles. */
export const SEED_PRINCIPALS: readonly PrincipalSeed[] = [
  { handle: 'admin', displayName: 'Hub administrator', kind: 'USER', organisation: 'cardiffLa', roles: ['ADMIN'] },
  { handle: 'epc.cardiff', displayName: 'EPC, Cardiff Council', kind: 'USER', organisation: 'cardiffLa', roles: ['EPC'] },
  { handle: 'epc.gwynedd', displayName: 'EPC, Cyngor Gwynedd', kind: 'USER', organisation: 'gwyneddLa', roles: ['EPC'] },
  { handle: 'epc.blaenau-gwent', displayName: 'EPC, Blaenau Gwent', kind: 'USER', organisation: 'blaenauGwentLa', roles: ['EPC'] },
  { handle: 'ig.cardiff', displayName: 'Information governance, Cardiff Council', kind: 'USER', organisation: 'cardiffLa', roles: ['IG_OFFICER'] },
  { handle: 'ig.careers-wales', displayName: 'Information governance, Careers Wales', kind: 'USER', organisation: 'careersWales', roles: ['IG_OFFICER'] },
  { handle: 'ig.voluntary.cardiff', displayName: 'Information governance, Youth Links Cardiff', kind: 'USER', organisation: 'cardiffVoluntary', roles: ['IG_OFFICER'] },
  { handle: 'cw.adviser.cardiff', displayName: 'Careers adviser, Cardiff', kind: 'USER', organisation: 'careersWales', roles: ['CW_ADVISER'] },
  { handle: 'cw.system', displayName: 'Careers Wales client database', kind: 'SYSTEM', organisation: 'careersWales', roles: ['PARTNER_SYSTEM'] },
  { handle: 'college.cardiff', displayName: 'College MIS, Cardiff', kind: 'SYSTEM', organisation: 'cardiffCollege', roles: ['PARTNER_SYSTEM'] },
  // A second college in Cardiff and one in Gwynedd: one college's drop-out notifications are never another's to see.
  { handle: 'college.cardiff-west', displayName: 'College MIS, Cardiff West', kind: 'SYSTEM', organisation: 'cardiffWestCollege', roles: ['PARTNER_SYSTEM'] },
  { handle: 'college.gwynedd', displayName: 'College MIS, Glannau Menai', kind: 'SYSTEM', organisation: 'gwyneddCollege', roles: ['PARTNER_SYSTEM'] },
  { handle: 'school.cardiff', displayName: 'School MIS, Cardiff secondary', kind: 'SYSTEM', organisation: 'cardiffSchool', roles: ['PARTNER_SYSTEM'] },
  { handle: 'voluntary.cardiff', displayName: 'Voluntary youth organisation, Cardiff', kind: 'SYSTEM', organisation: 'cardiffVoluntary', roles: ['PARTNER_SYSTEM'] },
  // People beside the partners' systems (which run registered operations only): what staff do by hand.
  { handle: 'college.cardiff.admissions', displayName: 'Admissions officer, Cardiff Bay College', kind: 'USER', organisation: 'cardiffCollege', roles: ['ADMISSIONS_OFFICER'] },
  { handle: 'college.cardiff.pastoral', displayName: 'Pastoral lead, Cardiff Bay College', kind: 'USER', organisation: 'cardiffCollege', roles: ['PROVIDER_PASTORAL'] },
  { handle: 'school.cardiff.datamanager', displayName: 'Data manager, Nant Fawr High School', kind: 'USER', organisation: 'cardiffSchool', roles: ['DATA_MANAGER'] },
  { handle: 'voluntary.cardiff.worker', displayName: 'Youth worker, Youth Links Cardiff', kind: 'USER', organisation: 'cardiffVoluntary', roles: ['LEAD_WORKER'] },
  { handle: 'leadworker.cardiff', displayName: 'Lead worker, Cardiff Youth Service', kind: 'USER', organisation: 'cardiffYouthService', roles: ['LEAD_WORKER'] },
  { handle: 'wg.analyst', displayName: 'Analyst, Welsh Government', kind: 'USER', organisation: 'welshGovernment', roles: ['ANALYST'] },
];
