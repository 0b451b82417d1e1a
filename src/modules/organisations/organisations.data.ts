import type { LocalAuthoritySeed, OrganisationSeed } from './organisation-kind.js';

// Reference data for seeding. The 22 local authorities are real; every school, college,
// training provider and voluntary body below is fictional (names chosen not to match a real one).

/** The 22 Welsh local authorities with their ONS codes and DfE LA numbers (660–681). */
export const WELSH_LOCAL_AUTHORITIES: LocalAuthoritySeed[] = [
  { code: 'isle-of-anglesey', onsCode: 'W06000001', name: 'Isle of Anglesey', nameCy: 'Ynys Môn', dfeNumber: 660 },
  { code: 'gwynedd', onsCode: 'W06000002', name: 'Gwynedd', nameCy: 'Gwynedd', dfeNumber: 661 },
  { code: 'conwy', onsCode: 'W06000003', name: 'Conwy', nameCy: 'Conwy', dfeNumber: 662 },
  { code: 'denbighshire', onsCode: 'W06000004', name: 'Denbighshire', nameCy: 'Sir Ddinbych', dfeNumber: 663 },
  { code: 'flintshire', onsCode: 'W06000005', name: 'Flintshire', nameCy: 'Sir y Fflint', dfeNumber: 664 },
  { code: 'wrexham', onsCode: 'W06000006', name: 'Wrexham', nameCy: 'Wrecsam', dfeNumber: 665 },
  { code: 'ceredigion', onsCode: 'W06000008', name: 'Ceredigion', nameCy: 'Ceredigion', dfeNumber: 667 },
  { code: 'pembrokeshire', onsCode: 'W06000009', name: 'Pembrokeshire', nameCy: 'Sir Benfro', dfeNumber: 668 },
  { code: 'carmarthenshire', onsCode: 'W06000010', name: 'Carmarthenshire', nameCy: 'Sir Gaerfyrddin', dfeNumber: 669 },
  { code: 'swansea', onsCode: 'W06000011', name: 'Swansea', nameCy: 'Abertawe', dfeNumber: 670 },
  { code: 'neath-port-talbot', onsCode: 'W06000012', name: 'Neath Port Talbot', nameCy: 'Castell-nedd Port Talbot', dfeNumber: 671 },
  { code: 'bridgend', onsCode: 'W06000013', name: 'Bridgend', nameCy: 'Pen-y-bont ar Ogwr', dfeNumber: 672 },
  { code: 'vale-of-glamorgan', onsCode: 'W06000014', name: 'Vale of Glamorgan', nameCy: 'Bro Morgannwg', dfeNumber: 673 },
  { code: 'cardiff', onsCode: 'W06000015', name: 'Cardiff', nameCy: 'Caerdydd', dfeNumber: 681 },
  { code: 'rhondda-cynon-taf', onsCode: 'W06000016', name: 'Rhondda Cynon Taf', nameCy: 'Rhondda Cynon Taf', dfeNumber: 674 },
  { code: 'caerphilly', onsCode: 'W06000018', name: 'Caerphilly', nameCy: 'Caerffili', dfeNumber: 676 },
  { code: 'blaenau-gwent', onsCode: 'W06000019', name: 'Blaenau Gwent', nameCy: 'Blaenau Gwent', dfeNumber: 677 },
  { code: 'torfaen', onsCode: 'W06000020', name: 'Torfaen', nameCy: 'Tor-faen', dfeNumber: 678 },
  { code: 'monmouthshire', onsCode: 'W06000021', name: 'Monmouthshire', nameCy: 'Sir Fynwy', dfeNumber: 679 },
  { code: 'newport', onsCode: 'W06000022', name: 'Newport', nameCy: 'Casnewydd', dfeNumber: 680 },
  { code: 'powys', onsCode: 'W06000023', name: 'Powys', nameCy: 'Powys', dfeNumber: 666 },
  { code: 'merthyr-tydfil', onsCode: 'W06000024', name: 'Merthyr Tydfil', nameCy: 'Merthyr Tudful', dfeNumber: 675 },
];

/** The local authorities the synthetic cohort lives in, with the share of young people in each. */
export const COHORT_LA_CODES: readonly { laCode: string; weight: number }[] = [
  { laCode: 'cardiff', weight: 0.4 },
  { laCode: 'swansea', weight: 0.22 },
  { laCode: 'newport', weight: 0.17 },
  { laCode: 'gwynedd', weight: 0.12 },
  { laCode: 'blaenau-gwent', weight: 0.09 },
];

/** A secondary school of the cohort, with what the generator needs beyond its organisation seed. */
export interface CohortSchool {
  code: string;
  laCode: string;
  name: string;
  nameCy: string | null;
  /** Four-digit DfE establishment number (Welsh secondary schools are 4xxx). */
  establishmentNumber: number;
  welshMedium: boolean;
  sixthForm: boolean;
  /** Relative size of the school inside its local authority. */
  weight: number;
}

/** Fictional secondary schools in the cohort local authorities. */
export const COHORT_SCHOOLS: readonly CohortSchool[] = [
  // Cardiff
  { code: 'school.cardiff.nant-fawr-high', laCode: 'cardiff', name: 'Nant Fawr High School', nameCy: 'Ysgol Uwchradd Nant Fawr', establishmentNumber: 4061, welshMedium: false, sixthForm: true, weight: 1.3 },
  { code: 'school.cardiff.ysgol-gyfun-llys-hywel', laCode: 'cardiff', name: 'Ysgol Gyfun Llys Hywel', nameCy: 'Ysgol Gyfun Llys Hywel', establishmentNumber: 4072, welshMedium: true, sixthForm: true, weight: 0.8 },
  { code: 'school.cardiff.taff-riverside-high', laCode: 'cardiff', name: 'Taff Riverside High School', nameCy: 'Ysgol Uwchradd Glan Taf', establishmentNumber: 4063, welshMedium: false, sixthForm: true, weight: 1.2 },
  { code: 'school.cardiff.ely-bridge-high', laCode: 'cardiff', name: 'Ely Bridge High School', nameCy: 'Ysgol Uwchradd Pont Elái', establishmentNumber: 4065, welshMedium: false, sixthForm: false, weight: 1 },
  { code: 'school.cardiff.rumney-vale-high', laCode: 'cardiff', name: 'Rumney Vale High School', nameCy: 'Ysgol Uwchradd Dyffryn Rhymni', establishmentNumber: 4068, welshMedium: false, sixthForm: false, weight: 1.1 },
  { code: 'school.cardiff.ysgol-gyfun-y-ddraig', laCode: 'cardiff', name: 'Ysgol Gyfun y Ddraig', nameCy: 'Ysgol Gyfun y Ddraig', establishmentNumber: 4074, welshMedium: true, sixthForm: true, weight: 0.45 },
  // Gwynedd: Welsh-medium throughout
  { code: 'school.gwynedd.ysgol-gyfun-glan-seiont', laCode: 'gwynedd', name: 'Ysgol Gyfun Glan Seiont', nameCy: 'Ysgol Gyfun Glan Seiont', establishmentNumber: 4031, welshMedium: true, sixthForm: true, weight: 1.2 },
  { code: 'school.gwynedd.ysgol-gyfun-aber-ogwen', laCode: 'gwynedd', name: 'Ysgol Gyfun Aber Ogwen', nameCy: 'Ysgol Gyfun Aber Ogwen', establishmentNumber: 4033, welshMedium: true, sixthForm: true, weight: 1.1 },
  { code: 'school.gwynedd.ysgol-gyfun-pen-llyn', laCode: 'gwynedd', name: 'Ysgol Gyfun Pen Llŷn', nameCy: 'Ysgol Gyfun Pen Llŷn', establishmentNumber: 4036, welshMedium: true, sixthForm: false, weight: 0.7 },
  { code: 'school.gwynedd.ysgol-gyfun-cadair-idris', laCode: 'gwynedd', name: 'Ysgol Gyfun Cadair Idris', nameCy: 'Ysgol Gyfun Cadair Idris', establishmentNumber: 4039, welshMedium: true, sixthForm: true, weight: 0.8 },
  // Blaenau Gwent
  { code: 'school.blaenau-gwent.sirhowy-valley-high', laCode: 'blaenau-gwent', name: 'Sirhowy Valley High School', nameCy: 'Ysgol Uwchradd Cwm Sirhywi', establishmentNumber: 4051, welshMedium: false, sixthForm: false, weight: 1 },
  { code: 'school.blaenau-gwent.ebbw-heights-high', laCode: 'blaenau-gwent', name: 'Ebbw Heights High School', nameCy: 'Ysgol Uwchradd Bryniau Ebwy', establishmentNumber: 4053, welshMedium: false, sixthForm: true, weight: 1.2 },
  { code: 'school.blaenau-gwent.ysgol-gyfun-cwm-ebwy', laCode: 'blaenau-gwent', name: 'Ysgol Gyfun Cwm Ebwy', nameCy: 'Ysgol Gyfun Cwm Ebwy', establishmentNumber: 4056, welshMedium: true, sixthForm: false, weight: 0.3 },
  // Swansea
  { code: 'school.swansea.kilvey-hill-high', laCode: 'swansea', name: 'Kilvey Hill High School', nameCy: 'Ysgol Uwchradd Bryn Cilfai', establishmentNumber: 4081, welshMedium: false, sixthForm: true, weight: 1.1 },
  { code: 'school.swansea.clyne-valley-high', laCode: 'swansea', name: 'Clyne Valley High School', nameCy: 'Ysgol Uwchradd Cwm Clun', establishmentNumber: 4083, welshMedium: false, sixthForm: false, weight: 1 },
  { code: 'school.swansea.ysgol-gyfun-tawe-uchaf', laCode: 'swansea', name: 'Ysgol Gyfun Tawe Uchaf', nameCy: 'Ysgol Gyfun Tawe Uchaf', establishmentNumber: 4085, welshMedium: true, sixthForm: true, weight: 0.5 },
  { code: 'school.swansea.mayals-park-high', laCode: 'swansea', name: 'Mayals Park High School', nameCy: 'Ysgol Uwchradd Parc Mayals', establishmentNumber: 4087, welshMedium: false, sixthForm: true, weight: 0.9 },
  // Newport
  { code: 'school.newport.caerleon-fields-high', laCode: 'newport', name: 'Caerleon Fields High School', nameCy: 'Ysgol Uwchradd Caeau Caerllion', establishmentNumber: 4091, welshMedium: false, sixthForm: true, weight: 1 },
  { code: 'school.newport.malpas-brook-high', laCode: 'newport', name: 'Malpas Brook High School', nameCy: 'Ysgol Uwchradd Nant Malpas', establishmentNumber: 4093, welshMedium: false, sixthForm: false, weight: 1.1 },
  { code: 'school.newport.ridgeway-park-high', laCode: 'newport', name: 'Ridgeway Park High School', nameCy: 'Ysgol Uwchradd Parc y Grib', establishmentNumber: 4095, welshMedium: false, sixthForm: true, weight: 1 },
  { code: 'school.newport.ysgol-gyfun-afon-wysg', laCode: 'newport', name: 'Ysgol Gyfun Afon Wysg', nameCy: 'Ysgol Gyfun Afon Wysg', establishmentNumber: 4097, welshMedium: true, sixthForm: true, weight: 0.35 },
];

/** A post-16 provider (FE college or work-based learning) and the local authorities it recruits from. */
export interface CohortPost16Provider {
  code: string;
  kind: 'FE_COLLEGE' | 'WBL_PROVIDER';
  name: string;
  nameCy: string | null;
  /** LA the provider is based in (null when it works across Wales). */
  laCode: string | null;
  /** Home LAs of the learners it takes, with relative weights. */
  recruitsFrom: readonly { laCode: string; weight: number }[];
}

/** Fictional FE colleges and work-based learning providers used by the cohort. */
export const COHORT_POST16_PROVIDERS: readonly CohortPost16Provider[] = [
  {
    code: 'college.bae-caerdydd', kind: 'FE_COLLEGE', name: 'Cardiff Bay College', nameCy: 'Coleg Bae Caerdydd', laCode: 'cardiff',
    recruitsFrom: [{ laCode: 'cardiff', weight: 0.75 }, { laCode: 'newport', weight: 0.05 }],
  },
  {
    code: 'college.cardiff-west', kind: 'FE_COLLEGE', name: 'Cardiff West Technical College', nameCy: 'Coleg Technegol Gorllewin Caerdydd', laCode: 'cardiff',
    recruitsFrom: [{ laCode: 'cardiff', weight: 0.25 }],
  },
  {
    code: 'college.glannau-menai', kind: 'FE_COLLEGE', name: 'Coleg Glannau Menai', nameCy: 'Coleg Glannau Menai', laCode: 'gwynedd',
    recruitsFrom: [{ laCode: 'gwynedd', weight: 1 }],
  },
  {
    code: 'college.blaenau-cymoedd', kind: 'FE_COLLEGE', name: 'Heads of the Valleys College', nameCy: "Coleg Blaenau'r Cymoedd", laCode: 'blaenau-gwent',
    recruitsFrom: [{ laCode: 'blaenau-gwent', weight: 0.8 }],
  },
  {
    code: 'college.cwm-tawe', kind: 'FE_COLLEGE', name: 'Tawe Valley College', nameCy: 'Coleg Cwm Tawe', laCode: 'swansea',
    recruitsFrom: [{ laCode: 'swansea', weight: 1 }],
  },
  {
    code: 'college.dyffryn-wysg', kind: 'FE_COLLEGE', name: 'Usk Valley College', nameCy: 'Coleg Dyffryn Wysg', laCode: 'newport',
    recruitsFrom: [{ laCode: 'newport', weight: 0.95 }, { laCode: 'blaenau-gwent', weight: 0.2 }],
  },
  {
    code: 'wbl.sgiliau-ymlaen', kind: 'WBL_PROVIDER', name: 'Sgiliau Ymlaen Training', nameCy: 'Hyfforddiant Sgiliau Ymlaen', laCode: 'cardiff',
    recruitsFrom: [
      { laCode: 'cardiff', weight: 1 }, { laCode: 'newport', weight: 1 }, { laCode: 'swansea', weight: 1 }, { laCode: 'blaenau-gwent', weight: 1 },
    ],
  },
  {
    code: 'wbl.hyfforddiant-eryri', kind: 'WBL_PROVIDER', name: 'Hyfforddiant Eryri', nameCy: 'Hyfforddiant Eryri', laCode: 'gwynedd',
    recruitsFrom: [{ laCode: 'gwynedd', weight: 1 }],
  },
];

/** A voluntary body of the cohort, with the programmes it runs and the LAs it works in. */
export interface CohortVoluntaryBody {
  code: string;
  name: string;
  nameCy: string | null;
  laCode: string | null;
  programmes: readonly string[];
  /** LAs of the young people it works with, with relative weights. */
  worksIn: readonly { laCode: string; weight: number }[];
}

/** Fictional voluntary and third-sector bodies working with the cohort. */
export const COHORT_VOLUNTARY_BODIES: readonly CohortVoluntaryBody[] = [
  {
    code: 'voluntary.youth-links-cardiff', name: 'Youth Links Cardiff', nameCy: 'Cysylltiadau Ieuenctid Caerdydd', laCode: 'cardiff',
    programmes: ['One-to-one mentoring', 'Detached youth work', 'Next Steps group'], worksIn: [{ laCode: 'cardiff', weight: 1 }],
  },
  {
    code: 'voluntary.splott-boxing-project', name: 'Splott Boxing Project', nameCy: null, laCode: 'cardiff',
    programmes: ['Boxing for change', 'Mentoring'], worksIn: [{ laCode: 'cardiff', weight: 0.5 }],
  },
  {
    code: 'voluntary.camau-ymlaen', name: 'Camau Ymlaen', nameCy: 'Camau Ymlaen', laCode: 'gwynedd',
    programmes: ['Mentora', 'Gweithgareddau awyr agored', 'Grŵp hyder'], worksIn: [{ laCode: 'gwynedd', weight: 1 }],
  },
  {
    code: 'voluntary.valleys-kickstart', name: 'Valleys Kickstart Trust', nameCy: 'Ymddiriedolaeth Hwb y Cymoedd', laCode: 'blaenau-gwent',
    programmes: ['Motorbike project', 'Employability club', 'Mentoring'], worksIn: [{ laCode: 'blaenau-gwent', weight: 1 }, { laCode: 'newport', weight: 0.15 }],
  },
  {
    code: 'voluntary.tawe-youth-trust', name: 'Tawe Youth Trust', nameCy: 'Ymddiriedolaeth Ieuenctid Tawe', laCode: 'swansea',
    programmes: ['Music studio', 'Mentoring', 'Surf therapy'], worksIn: [{ laCode: 'swansea', weight: 1 }],
  },
  {
    code: 'voluntary.newport-street-sport', name: 'Newport Street Sport', nameCy: 'Chwaraeon Stryd Casnewydd', laCode: 'newport',
    programmes: ['Street football', 'Mentoring', 'Friday night project'], worksIn: [{ laCode: 'newport', weight: 1 }],
  },
  {
    code: 'voluntary.young-carers-network-wales', name: 'Young Carers Network Wales', nameCy: 'Rhwydwaith Gofalwyr Ifanc Cymru', laCode: null,
    programmes: ['Young carers group', 'Respite activities'],
    worksIn: [
      { laCode: 'cardiff', weight: 0.2 }, { laCode: 'swansea', weight: 0.2 }, { laCode: 'newport', weight: 0.2 },
      { laCode: 'gwynedd', weight: 0.2 }, { laCode: 'blaenau-gwent', weight: 0.2 },
    ],
  },
];

const YOUTH_SERVICE_LAS = ['cardiff', 'gwynedd', 'blaenau-gwent', 'swansea', 'newport'] as const;

function localAuthority(code: string): LocalAuthoritySeed {
  const la = WELSH_LOCAL_AUTHORITIES.find((candidate) => candidate.code === code);
  if (!la) throw new Error(`Unknown local authority ${code}`);
  return la;
}

/** Every organisation seeded as reference data: LAs, Careers Wales, WG, youth services, schools, colleges, WBL and voluntary bodies. */
export const REFERENCE_ORGANISATIONS: OrganisationSeed[] = [
  ...WELSH_LOCAL_AUTHORITIES.map(
    (la): OrganisationSeed => ({
      code: `la.${la.code}`,
      name: `${la.name} Council`,
      nameCy: `Cyngor ${la.nameCy}`,
      kind: 'LOCAL_AUTHORITY',
      laCode: la.code,
      ispSignatory: true,
    }),
  ),
  { code: 'careers-wales', name: 'Careers Wales', nameCy: 'Gyrfa Cymru', kind: 'CAREERS_WALES', laCode: null, ispSignatory: true },
  { code: 'welsh-government', name: 'Welsh Government', nameCy: 'Llywodraeth Cymru', kind: 'WELSH_GOVERNMENT', laCode: null, ispSignatory: false },
  ...YOUTH_SERVICE_LAS.map((laCode): OrganisationSeed => {
    const la = localAuthority(laCode);
    return {
      code: `youth.${laCode}`,
      name: `${la.name} Youth Service`,
      nameCy: `Gwasanaeth Ieuenctid ${la.nameCy}`,
      kind: 'YOUTH_SERVICE',
      laCode,
      ispSignatory: true,
    };
  }),
  ...COHORT_SCHOOLS.map(
    (school): OrganisationSeed => ({
      code: school.code,
      name: school.name,
      nameCy: school.nameCy,
      kind: 'SCHOOL',
      laCode: school.laCode,
      ispSignatory: true,
    }),
  ),
  ...COHORT_POST16_PROVIDERS.map(
    (provider): OrganisationSeed => ({
      code: provider.code,
      name: provider.name,
      nameCy: provider.nameCy,
      kind: provider.kind,
      laCode: provider.laCode,
      ispSignatory: true,
    }),
  ),
  ...COHORT_VOLUNTARY_BODIES.map(
    (body): OrganisationSeed => ({
      code: body.code,
      name: body.name,
      nameCy: body.nameCy,
      kind: 'VOLUNTARY',
      laCode: body.laCode,
      ispSignatory: true,
    }),
  ),
];

/** Organisation codes the demo principals belong to. */
export const DEMO_ORG_CODES = {
  cardiffLa: 'la.cardiff',
  gwyneddLa: 'la.gwynedd',
  blaenauGwentLa: 'la.blaenau-gwent',
  careersWales: 'careers-wales',
  welshGovernment: 'welsh-government',
  cardiffSchool: 'school.cardiff.nant-fawr-high',
  cardiffCollege: 'college.bae-caerdydd',
  cardiffWestCollege: 'college.cardiff-west',
  gwyneddCollege: 'college.glannau-menai',
  cardiffVoluntary: 'voluntary.youth-links-cardiff',
  cardiffYouthService: 'youth.cardiff',
} as const;
