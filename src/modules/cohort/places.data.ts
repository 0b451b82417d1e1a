// Where the cohort lives: postcode districts with the localities they cover, and street names,
// for each local authority of the cohort. Inward codes are generated, so full postcodes are
// plausible in form but not guaranteed to exist.

/** A postcode district and a locality inside it, with the share of the LA's young people living there. */
export interface DistrictSeed {
  district: string;
  locality: string;
  weight: number;
  /** Sector digits in use in the district. */
  sectors: readonly number[];
}

/** Postcode districts and localities of each cohort local authority. */
export const COHORT_DISTRICTS: Readonly<Record<string, readonly DistrictSeed[]>> = {
  cardiff: [
    { district: 'CF3', locality: 'Rumney', weight: 5, sectors: [0, 1, 2, 3, 4] },
    { district: 'CF3', locality: 'Llanrumney', weight: 4, sectors: [4, 5, 6] },
    { district: 'CF3', locality: 'St Mellons', weight: 4, sectors: [0, 5, 6] },
    { district: 'CF5', locality: 'Ely', weight: 6, sectors: [4, 5] },
    { district: 'CF5', locality: 'Fairwater', weight: 4, sectors: [2, 3] },
    { district: 'CF5', locality: 'Canton', weight: 3, sectors: [1] },
    { district: 'CF10', locality: 'Butetown', weight: 4, sectors: [1, 2, 3, 4, 5] },
    { district: 'CF11', locality: 'Grangetown', weight: 6, sectors: [6, 7, 8] },
    { district: 'CF11', locality: 'Riverside', weight: 3, sectors: [6, 9] },
    { district: 'CF14', locality: 'Llanishen', weight: 4, sectors: [0, 5] },
    { district: 'CF14', locality: 'Whitchurch', weight: 4, sectors: [1, 2] },
    { district: 'CF14', locality: 'Gabalfa', weight: 2, sectors: [3] },
    { district: 'CF15', locality: 'Radyr', weight: 2, sectors: [8] },
    { district: 'CF23', locality: 'Pentwyn', weight: 4, sectors: [7] },
    { district: 'CF23', locality: 'Pontprennau', weight: 3, sectors: [8] },
    { district: 'CF24', locality: 'Splott', weight: 5, sectors: [0, 2] },
    { district: 'CF24', locality: 'Adamsdown', weight: 3, sectors: [0, 1] },
    { district: 'CF24', locality: 'Roath', weight: 4, sectors: [3, 4] },
    { district: 'CF24', locality: 'Cathays', weight: 3, sectors: [4] },
  ],
  gwynedd: [
    { district: 'LL55', locality: 'Caernarfon', weight: 8, sectors: [1, 2] },
    { district: 'LL55', locality: 'Llanberis', weight: 2, sectors: [4] },
    { district: 'LL57', locality: 'Bangor', weight: 8, sectors: [1, 2, 4] },
    { district: 'LL57', locality: 'Bethesda', weight: 3, sectors: [3] },
    { district: 'LL53', locality: 'Pwllheli', weight: 4, sectors: [5, 6] },
    { district: 'LL53', locality: 'Nefyn', weight: 1, sectors: [6] },
    { district: 'LL49', locality: 'Porthmadog', weight: 3, sectors: [9] },
    { district: 'LL52', locality: 'Cricieth', weight: 1, sectors: [0] },
    { district: 'LL54', locality: 'Penygroes', weight: 2, sectors: [6, 7] },
    { district: 'LL41', locality: 'Blaenau Ffestiniog', weight: 3, sectors: [3, 4] },
    { district: 'LL40', locality: 'Dolgellau', weight: 2, sectors: [1, 2] },
    { district: 'LL42', locality: 'Abermaw', weight: 1, sectors: [1] },
    { district: 'LL36', locality: 'Tywyn', weight: 2, sectors: [0, 9] },
    { district: 'LL35', locality: 'Aberdyfi', weight: 0.5, sectors: [0] },
    { district: 'LL56', locality: 'Y Felinheli', weight: 1, sectors: [4] },
  ],
  'blaenau-gwent': [
    { district: 'NP23', locality: 'Ebbw Vale', weight: 8, sectors: [5, 6, 7] },
    { district: 'NP23', locality: 'Brynmawr', weight: 3, sectors: [4] },
    { district: 'NP22', locality: 'Tredegar', weight: 6, sectors: [3, 4] },
    { district: 'NP13', locality: 'Abertillery', weight: 5, sectors: [1, 2] },
    { district: 'NP13', locality: 'Blaina', weight: 2, sectors: [3] },
  ],
  swansea: [
    { district: 'SA1', locality: 'Townhill', weight: 4, sectors: [5, 6] },
    { district: 'SA1', locality: 'St Thomas', weight: 3, sectors: [1, 8] },
    { district: 'SA1', locality: 'Sandfields', weight: 2, sectors: [3, 4] },
    { district: 'SA2', locality: 'Sketty', weight: 4, sectors: [0, 8, 9] },
    { district: 'SA2', locality: 'Uplands', weight: 2, sectors: [0] },
    { district: 'SA3', locality: 'Mumbles', weight: 3, sectors: [4, 5] },
    { district: 'SA4', locality: 'Gorseinon', weight: 4, sectors: [4, 6] },
    { district: 'SA4', locality: 'Gowerton', weight: 2, sectors: [3] },
    { district: 'SA5', locality: 'Penlan', weight: 4, sectors: [5, 7] },
    { district: 'SA5', locality: 'Fforestfach', weight: 3, sectors: [4, 8] },
    { district: 'SA6', locality: 'Morriston', weight: 5, sectors: [6, 7, 8] },
    { district: 'SA6', locality: 'Clydach', weight: 2, sectors: [5] },
    { district: 'SA7', locality: 'Llansamlet', weight: 3, sectors: [9] },
  ],
  newport: [
    { district: 'NP10', locality: 'Rogerstone', weight: 3, sectors: [9] },
    { district: 'NP10', locality: 'Duffryn', weight: 3, sectors: [8] },
    { district: 'NP18', locality: 'Caerleon', weight: 3, sectors: [1, 3] },
    { district: 'NP19', locality: 'Maindee', weight: 4, sectors: [7, 8] },
    { district: 'NP19', locality: 'Lliswerry', weight: 4, sectors: [0, 4] },
    { district: 'NP19', locality: 'St Julians', weight: 2, sectors: [7] },
    { district: 'NP20', locality: 'Pillgwenlly', weight: 4, sectors: [2] },
    { district: 'NP20', locality: 'Bettws', weight: 4, sectors: [6] },
    { district: 'NP20', locality: 'Malpas', weight: 3, sectors: [5, 6] },
  ],
};

/** Street names used in each cohort local authority. */
export const COHORT_STREETS: Readonly<Record<string, readonly string[]>> = {
  cardiff: [
    'Newport Road', 'Cowbridge Road East', 'Clifton Street', 'Splott Road', 'Heol Trelai', 'Crwys Road',
    'Heol Hir', 'Countisbury Avenue', 'Clare Road', 'Penarth Road', 'Llanedeyrn Road', 'Heol Isaf',
    'Cae Glas Road', 'Willows Avenue', 'Pentre Gardens', 'Mountbatten Close', 'Heol Llanishen Fach',
    'Bute Street', 'Cathays Terrace', 'Wentloog Road',
  ],
  gwynedd: [
    'Stryd Fawr', 'Ffordd Caergybi', 'Lôn Glan Môr', 'Heol y Dŵr', 'Maes y Dre', 'Stryd yr Eglwys',
    'Ffordd Penrhos', 'Bryn Eithin', 'Lôn Ddewi', 'Tan y Bryn', 'Pen y Maes', 'Cae Gwyn', 'Ffordd y Traeth',
    'Stryd y Llyn', 'Rhes Segontiwm', 'Lôn Las',
  ],
  'blaenau-gwent': [
    'Bethcar Street', 'Commercial Street', 'Castle Street', 'High Street', 'Queen Victoria Street',
    'Heol Gerrig', 'Bryn Road', 'Church Street', 'Park Place', 'Alma Street', 'Beaufort Road', 'Cwm Road',
  ],
  swansea: [
    'Mayhill Road', 'Carmarthen Road', 'Walter Road', 'Woodfield Street', 'Heol Gwyrosydd', 'Gower Road',
    'Sketty Road', 'Pentregethin Road', 'Llangyfelach Road', 'Bonymaen Road', 'Heol Las', 'Mumbles Road',
    'Lone Road', 'Pontarddulais Road',
  ],
  newport: [
    'Commercial Road', 'Chepstow Road', 'Caerleon Road', 'Corporation Road', 'Malpas Road', 'Bettws Lane',
    'Stow Hill', 'Cromwell Road', 'Heol Pont Ebbw', 'Ringland Circle', 'Tregwilym Road', 'Lliswerry Road',
  ],
};

/** Letters used in the inward part of UK postcodes (C, I, K, M, O and V are never used). */
export const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
