// Postcode district (outward code) → Welsh local authority, the table the hub places an address with.
//
// Where it comes from: compiled by hand for this project from public knowledge of the Royal Mail postcode
// districts and the 22 Welsh principal areas (which towns and villages each district covers, and in which
// county they lie). It is not derived from, and does not reproduce, the ONS Postcode Directory or Royal Mail's
// Postcode Address File, which this machine cannot reach. docs/moves.md says what it covers and its limits.
//
// What it covers: every geographic district of the five wholly Welsh postcode areas (CF, LD, LL, NP, SA), a few
// non-geographic ones (CF91, CF95, CF99, SA80, SA99), and the border districts of the CH, SY, HR and GL areas
// that hold part of Wales or sit on the border (listed so that their Welsh parts are stated, not guessed).
// A district shared between principal areas maps to the one holding most of its homes, and is marked
// `alsoIn` with the others (another LA, or OUTSIDE_WALES): a postcode there may be placed in the wrong LA.
// A postcode of any other area, or an unlisted district of CH, SY, HR or GL, is outside Wales; an unlisted
// district of a wholly Welsh area cannot be placed (null), and neither can text that is not a UK postcode.

/** The "LA" of an address outside Wales (no Welsh LA receives it). Not a local_authority code. */
export const OUTSIDE_WALES = 'outside-wales';

/** Postcode areas lying wholly in Wales: an unlisted district of one of these is unknown, not outside Wales. */
export const WELSH_POSTCODE_AREAS = ['CF', 'LD', 'LL', 'NP', 'SA'] as const;

/** One postcode district and where it lies. */
export interface PostcodeDistrict {
  district: string;
  /** The local authority holding (most of) the district, or OUTSIDE_WALES. */
  laCode: string;
  /** Other principal areas (or OUTSIDE_WALES) holding part of the district: set only for ambiguous districts. */
  alsoIn?: readonly string[];
  /** Which places make it ambiguous, or what it is (non-geographic). */
  note?: string;
}

const all = (laCode: string, districts: readonly string[]): PostcodeDistrict[] => districts.map((district) => ({ district, laCode }));
const range = (area: string, from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `${area}${from + i}`);

/** The districts, by area. */
export const POSTCODE_DISTRICTS: readonly PostcodeDistrict[] = [
  // CF: Cardiff, the Vale, Bridgend, Rhondda Cynon Taf, Merthyr Tydfil, Caerphilly.
  { district: 'CF3', laCode: 'cardiff', alsoIn: ['newport'], note: 'Marshfield, Castleton and Peterstone Wentloog are in Newport' },
  { district: 'CF5', laCode: 'cardiff', alsoIn: ['vale-of-glamorgan'], note: 'Peterston-super-Ely and St Georges are in the Vale of Glamorgan' },
  ...all('cardiff', ['CF10', 'CF11', 'CF14']),
  { district: 'CF15', laCode: 'cardiff', alsoIn: ['rhondda-cynon-taf'], note: "Taff's Well and Nantgarw are in Rhondda Cynon Taf" },
  ...all('cardiff', ['CF23', 'CF24']),
  { district: 'CF30', laCode: 'cardiff', note: 'non-geographic (PO boxes, Cardiff)' },
  ...all('bridgend', ['CF31', 'CF32', 'CF33', 'CF34']),
  { district: 'CF35', laCode: 'bridgend', alsoIn: ['vale-of-glamorgan'], note: 'Llangan and St Mary Hill are in the Vale of Glamorgan' },
  { district: 'CF36', laCode: 'bridgend' },
  ...all('rhondda-cynon-taf', ['CF37', 'CF38', 'CF39', 'CF40', 'CF41', 'CF42', 'CF43']),
  { district: 'CF44', laCode: 'rhondda-cynon-taf', alsoIn: ['powys'], note: 'Ystradfellte is in Powys' },
  { district: 'CF45', laCode: 'rhondda-cynon-taf' },
  { district: 'CF46', laCode: 'merthyr-tydfil', alsoIn: ['caerphilly'], note: 'Nelson is in Caerphilly' },
  ...all('merthyr-tydfil', ['CF47', 'CF48']),
  ...all('vale-of-glamorgan', ['CF61', 'CF62', 'CF63', 'CF64', 'CF71']),
  { district: 'CF72', laCode: 'rhondda-cynon-taf', alsoIn: ['vale-of-glamorgan'], note: 'Hensol is in the Vale of Glamorgan' },
  ...all('caerphilly', ['CF81', 'CF82', 'CF83']),
  { district: 'CF91', laCode: 'cardiff', note: 'non-geographic (Cardiff)' },
  { district: 'CF95', laCode: 'cardiff', note: 'non-geographic (Cardiff)' },
  { district: 'CF99', laCode: 'cardiff', note: 'non-geographic (the Senedd, Cardiff)' },

  // LD: Powys (Radnorshire and Brecknockshire).
  ...all('powys', range('LD', 1, 6)),
  { district: 'LD7', laCode: 'powys', alsoIn: [OUTSIDE_WALES], note: 'a few homes around Knighton are in Shropshire' },
  { district: 'LD8', laCode: 'powys', alsoIn: [OUTSIDE_WALES], note: 'a few homes around Presteigne are in Herefordshire' },

  // LL: Wrexham, Denbighshire, Conwy, Gwynedd, Anglesey.
  { district: 'LL11', laCode: 'wrexham', alsoIn: ['denbighshire'], note: 'Llandegla is in Denbighshire' },
  { district: 'LL12', laCode: 'wrexham', alsoIn: ['flintshire'], note: 'Hope and Caergwrle are in Flintshire' },
  ...all('wrexham', ['LL13', 'LL14']),
  ...all('denbighshire', ['LL15', 'LL16', 'LL17']),
  { district: 'LL18', laCode: 'denbighshire', alsoIn: ['conwy'], note: 'Kinmel Bay and Towyn are in Conwy' },
  { district: 'LL19', laCode: 'denbighshire', alsoIn: ['flintshire'], note: 'Gronant and Talacre are in Flintshire' },
  { district: 'LL20', laCode: 'denbighshire', alsoIn: ['wrexham'], note: 'Glyn Ceiriog is in Wrexham' },
  { district: 'LL21', laCode: 'denbighshire', alsoIn: ['conwy'], note: 'Cerrigydrudion is in Conwy' },
  { district: 'LL22', laCode: 'conwy' },
  { district: 'LL23', laCode: 'gwynedd' },
  ...all('conwy', range('LL', 24, 34)),
  ...all('gwynedd', [...range('LL', 35, 49), ...range('LL', 51, 57)]),
  ...all('isle-of-anglesey', range('LL', 58, 78)),

  // NP: Newport, Torfaen, Monmouthshire, Blaenau Gwent, Caerphilly, south Powys.
  { district: 'NP4', laCode: 'torfaen', alsoIn: ['monmouthshire'], note: 'Goytre and Little Mill are in Monmouthshire' },
  { district: 'NP7', laCode: 'monmouthshire' },
  { district: 'NP8', laCode: 'powys' },
  { district: 'NP10', laCode: 'newport' },
  ...all('caerphilly', ['NP11', 'NP12']),
  { district: 'NP13', laCode: 'blaenau-gwent' },
  { district: 'NP15', laCode: 'monmouthshire' },
  { district: 'NP16', laCode: 'monmouthshire', alsoIn: [OUTSIDE_WALES], note: 'Tutshill, Sedbury and Beachley are in Gloucestershire' },
  { district: 'NP18', laCode: 'newport', alsoIn: ['torfaen'], note: 'Ponthir is in Torfaen' },
  ...all('newport', ['NP19', 'NP20']),
  { district: 'NP22', laCode: 'blaenau-gwent', alsoIn: ['caerphilly'], note: 'Rhymney and Abertysswg are in Caerphilly' },
  { district: 'NP23', laCode: 'blaenau-gwent' },
  { district: 'NP24', laCode: 'caerphilly' },
  { district: 'NP25', laCode: 'monmouthshire', alsoIn: [OUTSIDE_WALES], note: 'Welsh Newton and other villages east of Monmouth are in Herefordshire' },
  { district: 'NP26', laCode: 'monmouthshire' },
  { district: 'NP44', laCode: 'torfaen' },

  // SA: Swansea, Neath Port Talbot, Carmarthenshire, Pembrokeshire, Ceredigion, the Swansea valley in Powys.
  ...all('swansea', ['SA1', 'SA2', 'SA3']),
  { district: 'SA4', laCode: 'swansea', alsoIn: ['carmarthenshire'], note: 'Hendy is in Carmarthenshire' },
  ...all('swansea', ['SA5', 'SA6', 'SA7']),
  { district: 'SA8', laCode: 'neath-port-talbot' },
  { district: 'SA9', laCode: 'powys', alsoIn: ['neath-port-talbot'], note: 'Ystalyfera and Cwmllynfell are in Neath Port Talbot' },
  ...all('neath-port-talbot', ['SA10', 'SA11', 'SA12', 'SA13']),
  ...all('carmarthenshire', ['SA14', 'SA15', 'SA16', 'SA17']),
  { district: 'SA18', laCode: 'carmarthenshire', alsoIn: ['neath-port-talbot'], note: 'Gwaun-Cae-Gurwen is in Neath Port Talbot' },
  ...all('carmarthenshire', ['SA19', 'SA20', 'SA31', 'SA32', 'SA33']),
  { district: 'SA34', laCode: 'carmarthenshire', alsoIn: ['pembrokeshire'], note: 'Llanddewi Velfrey is in Pembrokeshire' },
  ...all('pembrokeshire', ['SA35', 'SA36', 'SA37']),
  { district: 'SA38', laCode: 'carmarthenshire', alsoIn: ['ceredigion'], note: 'Adpar is in Ceredigion' },
  ...all('carmarthenshire', ['SA39', 'SA40']),
  ...all('pembrokeshire', ['SA41', 'SA42']),
  { district: 'SA43', laCode: 'ceredigion', alsoIn: ['pembrokeshire'], note: 'St Dogmaels is in Pembrokeshire' },
  { district: 'SA44', laCode: 'ceredigion', alsoIn: ['carmarthenshire'], note: 'villages south of the Teifi are in Carmarthenshire' },
  ...all('ceredigion', ['SA45', 'SA46', 'SA47']),
  { district: 'SA48', laCode: 'ceredigion', alsoIn: ['carmarthenshire'], note: 'Cwmann is in Carmarthenshire' },
  ...all('pembrokeshire', range('SA', 61, 65)),
  { district: 'SA66', laCode: 'pembrokeshire', alsoIn: ['carmarthenshire'], note: 'Clunderwen is in Carmarthenshire' },
  ...all('pembrokeshire', range('SA', 67, 73)),
  { district: 'SA80', laCode: 'swansea', note: 'non-geographic (Swansea)' },
  { district: 'SA99', laCode: 'swansea', note: 'non-geographic (DVLA, Swansea)' },

  // CH: Deeside and Flintshire; Chester is in England.
  ...all(OUTSIDE_WALES, ['CH1', 'CH2', 'CH3']),
  { district: 'CH4', laCode: 'flintshire', alsoIn: [OUTSIDE_WALES], note: 'Handbridge, Lache and Curzon Park are in Chester: about even, a judgement' },
  ...all('flintshire', ['CH5', 'CH6']),
  { district: 'CH7', laCode: 'flintshire', alsoIn: ['denbighshire'], note: 'Llanarmon-yn-Iâl is in Denbighshire' },
  { district: 'CH8', laCode: 'flintshire' },

  // SY: mid Wales (Powys, Ceredigion) and the Shropshire border.
  { district: 'SY10', laCode: OUTSIDE_WALES, alsoIn: ['powys'], note: 'Llanrhaeadr-ym-Mochnant, Llansilin and Llangedwyn are in Powys' },
  { district: 'SY13', laCode: OUTSIDE_WALES, alsoIn: ['wrexham'], note: 'Bronington and Tallarn Green are in Wrexham' },
  { district: 'SY14', laCode: OUTSIDE_WALES },
  { district: 'SY15', laCode: 'powys', alsoIn: [OUTSIDE_WALES], note: 'Chirbury is in Shropshire' },
  ...all('powys', ['SY16', 'SY17', 'SY18', 'SY19']),
  { district: 'SY20', laCode: 'powys', alsoIn: ['gwynedd', 'ceredigion'], note: 'Corris and Pennal are in Gwynedd, Eglwys Fach in Ceredigion' },
  { district: 'SY21', laCode: 'powys' },
  { district: 'SY22', laCode: 'powys', alsoIn: [OUTSIDE_WALES], note: 'part of Llanymynech is in Shropshire' },
  ...all('ceredigion', ['SY23', 'SY24', 'SY25']),

  // HR and GL: the Herefordshire and Forest of Dean border.
  { district: 'HR2', laCode: OUTSIDE_WALES },
  { district: 'HR3', laCode: 'powys', alsoIn: [OUTSIDE_WALES], note: 'Clifford, Whitney and Eardisley are in Herefordshire' },
  { district: 'HR5', laCode: OUTSIDE_WALES, alsoIn: ['powys'], note: 'Gladestry is in Powys' },
  ...all(OUTSIDE_WALES, ['GL15', 'GL16']),
];
