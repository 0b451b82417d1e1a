// Name tables for the synthetic cohort. Weights are relative frequencies within a table,
// loosely following birth registrations in Wales for 2007–2015 and the Welsh surname survey.

/** A name and its relative frequency within its table. */
export type WeightedName = readonly [name: string, weight: number];

/** Welsh given names for girls. */
export const WELSH_GIVEN_NAMES_F: readonly WeightedName[] = [
  ['Ffion', 8], ['Cerys', 7], ['Elin', 7], ['Mali', 7], ['Seren', 6], ['Megan', 9], ['Nia', 6],
  ['Siân', 5], ['Carys', 4], ['Lowri', 6], ['Cadi', 5], ['Catrin', 4], ['Gwenllian', 2], ['Alaw', 3],
  ['Heledd', 2], ['Sioned', 3], ['Manon', 3], ['Angharad', 2], ['Efa', 4], ['Mabli', 3], ['Elan', 3],
  ['Gwenno', 2], ['Lleucu', 1], ['Anwen', 1], ['Tesni', 2], ['Ela', 3], ['Lois', 3], ['Bethan', 3],
  ['Rhiannon', 2], ['Eleri', 1], ['Nanw', 1], ['Erin', 4], ['Nel', 2], ['Begw', 1],
];

/** Welsh given names for boys. */
export const WELSH_GIVEN_NAMES_M: readonly WeightedName[] = [
  ['Dafydd', 6], ['Rhys', 9], ['Osian', 7], ['Gruffudd', 3], ['Llŷr', 3], ['Gethin', 5], ['Iestyn', 3],
  ['Tomos', 6], ['Owain', 5], ['Huw', 3], ['Ieuan', 3], ['Ifan', 4], ['Siôn', 4], ['Cai', 5], ['Ioan', 4],
  ['Gwion', 3], ['Harri', 4], ['Jac', 4], ['Elis', 4], ['Steffan', 3], ['Macsen', 2], ['Ianto', 3],
  ['Twm', 1], ['Guto', 2], ['Deio', 2], ['Aled', 2], ['Dylan', 5], ['Gwilym', 1], ['Morgan', 3], ['Emyr', 1],
];

/** English and other given names for girls common in Wales. */
export const ENGLISH_GIVEN_NAMES_F: readonly WeightedName[] = [
  ['Amelia', 9], ['Olivia', 9], ['Jessica', 7], ['Chloe', 6], ['Emily', 8], ['Isla', 5], ['Ava', 6],
  ['Sophie', 6], ['Ella', 6], ['Grace', 5], ['Ruby', 5], ['Lily', 7], ['Evie', 6], ['Isabella', 4],
  ['Charlotte', 4], ['Poppy', 4], ['Mia', 4], ['Holly', 3], ['Elizabeth', 2], ['Catherine', 1],
  ['Margaret', 0.3], ['Rebecca', 2], ['Zoë', 1], ['Chloë', 0.5], ['Niamh', 1], ['Millie', 3], ['Freya', 3],
];

/** English and other given names for boys common in Wales. */
export const ENGLISH_GIVEN_NAMES_M: readonly WeightedName[] = [
  ['Oliver', 9], ['Jack', 10], ['Liam', 4], ['Harry', 8], ['Charlie', 7], ['Thomas', 6], ['James', 6],
  ['William', 5], ['Joshua', 5], ['Samuel', 4], ['Daniel', 4], ['Alfie', 5], ['Noah', 5], ['Jacob', 5],
  ['Ethan', 5], ['Mason', 4], ['Riley', 4], ['Tyler', 3], ['Kai', 3], ['Lewis', 3], ['Callum', 3],
  ['David', 2], ['Robert', 1], ['Matthew', 3], ['Benjamin', 3], ['Alexander', 2], ['Seán', 0.5],
];

/** Given names for girls from Wales's minority-ethnic communities (mostly Cardiff and Newport). */
export const OTHER_GIVEN_NAMES_F: readonly WeightedName[] = [
  ['Aisha', 3], ['Fatima', 3], ['Maryam', 2], ['Zainab', 2], ['Hana', 2], ['Amina', 2], ['Zuzanna', 1],
  ['Priya', 1], ['Nadia', 1],
];

/** Given names for boys from Wales's minority-ethnic communities (mostly Cardiff and Newport). */
export const OTHER_GIVEN_NAMES_M: readonly WeightedName[] = [
  ['Mohammed', 5], ['Yusuf', 3], ['Ibrahim', 2], ['Omar', 2], ['Ali', 2], ['Hamza', 2], ['Jakub', 1],
  ['Arjun', 1], ['Ayaan', 1], ['Abdi', 1],
];

/** Middle names for girls. */
export const MIDDLE_NAMES_F: readonly WeightedName[] = [
  ['Haf', 5], ['Mai', 5], ['Wyn', 3], ['Grace', 5], ['Rose', 6], ['Louise', 3], ['Elizabeth', 3],
  ['Mae', 4], ['Fflur', 2], ['Eluned', 1], ['Siân', 1], ['Jane', 2], ['Catrin', 1], ['Môn', 0.5],
];

/** Middle names for boys. */
export const MIDDLE_NAMES_M: readonly WeightedName[] = [
  ['Wyn', 6], ['Glyn', 3], ['James', 6], ['John', 4], ['Rhys', 4], ['Llŷr', 1], ['David', 4], ['Thomas', 3],
  ['Lloyd', 2], ['Iwan', 2], ['Michael', 3], ['Dafydd', 2], ['Alan', 1], ['Siôn', 1],
];

/** Welsh surnames and their relative frequency. */
export const WELSH_SURNAMES: readonly WeightedName[] = [
  ['Jones', 140], ['Williams', 90], ['Davies', 85], ['Evans', 60], ['Thomas', 50], ['Roberts', 42],
  ['Hughes', 30], ['Lewis', 30], ['Morgan', 28], ['Griffiths', 24], ['Jenkins', 18], ['James', 18],
  ['Phillips', 18], ['Edwards', 18], ['Price', 15], ['Rees', 15], ['Owen', 15], ['Morris', 14], ['Lloyd', 10],
  ['Powell', 10], ['Parry', 9], ['Pritchard', 8], ['Bowen', 8], ['Watkins', 7], ['Ellis', 7], ['Pugh', 6],
  ['Bevan', 6], ['Howells', 5], ['Humphreys', 5], ['Vaughan', 4], ['Meredith', 4], ['Harries', 3],
  ['Probert', 3], ['Beynon', 3], ['Prosser', 2], ['Llywelyn', 1], ['Gwynne', 1], ['Tudor', 2], ['Rowlands', 5],
];

/** English, Irish and other surnames common in Wales. */
export const OTHER_SURNAMES: readonly WeightedName[] = [
  ['Smith', 30], ['Brown', 14], ['Taylor', 14], ['Wilson', 8], ['Walker', 7], ['Wright', 7], ['Green', 7],
  ['Hall', 6], ['Baker', 5], ['Clarke', 6], ['Cooper', 5], ['Turner', 5], ['Hill', 6], ['Harris', 10],
  ['Ward', 5], ['Murphy', 5], ["O'Brien", 3], ['Kelly', 4], ['Khan', 5], ['Ahmed', 5], ['Ali', 4],
  ['Hussain', 4], ['Begum', 2], ['Rahman', 2], ['Mohamed', 3], ['Patel', 2], ['Nowak', 2], ['Wójcik', 1],
  ['Kowalski', 1], ['Abdi', 2], ['Osman', 1], ['Da Silva', 1],
];

/** Patronymic ap/ab surnames (mostly in Gwynedd), with the anglicised forms they turn into in other records. */
export const AP_SURNAMES: readonly { name: string; weight: number; anglicised: readonly string[] }[] = [
  { name: 'ap Rhys', weight: 5, anglicised: ['Price', 'Prys', 'Rees', 'Preece'] },
  { name: 'Ap-Rhys', weight: 1, anglicised: ['Price', 'Prys', 'ap Rhys'] },
  { name: 'ab Owen', weight: 3, anglicised: ['Bowen', 'Owen'] },
  { name: 'ap Hywel', weight: 2, anglicised: ['Powell', 'Howell'] },
  { name: 'ab Ifan', weight: 2, anglicised: ['Bevan', 'Evans'] },
  { name: 'ap Huw', weight: 1, anglicised: ['Pugh', 'Hughes'] },
  { name: 'ap Rhisiart', weight: 1, anglicised: ['Pritchard', 'Prichard'] },
  { name: 'ap Harri', weight: 1, anglicised: ['Parry', 'Harries'] },
  { name: 'ap Siôn', weight: 1, anglicised: ['Jones', 'ap Sion'] },
  { name: 'ap Dafydd', weight: 1, anglicised: ['Davies', 'Dafydd'] },
  { name: 'ab Einion', weight: 0.5, anglicised: ['Beynon', 'Einion'] },
];

/** Nicknames, short forms and cross-language equivalents of given names, as other records hold them. */
export const NAME_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  Dafydd: ['Dai', 'Dave', 'David', 'Dafi'],
  David: ['Dave', 'Dai', 'Dafydd'],
  Gwenllian: ['Gwen', 'Gwenlli'],
  Elizabeth: ['Beth', 'Lizzie', 'Liz', 'Eliza'],
  William: ['Will', 'Bill', 'Gwilym', 'Billy'],
  Gwilym: ['Gwil', 'William'],
  Siân: ['Sian', 'Shan', 'Sharn'],
  Siôn: ['Sion', 'John', 'Shôn'],
  Rhys: ['Rees', 'Reece'],
  Margaret: ['Megan', 'Meg', 'Maggie'],
  Megan: ['Meg', 'Megs'],
  Robert: ['Rob', 'Bob', 'Robat', 'Robbie'],
  Catrin: ['Cat', 'Catherine', 'Cati'],
  Catherine: ['Cath', 'Kate', 'Catrin'],
  Ieuan: ['Ifan', 'Evan', 'Iwan'],
  Ifan: ['Ieuan', 'Evan'],
  Huw: ['Hugh'],
  Owain: ['Owen'],
  Gruffudd: ['Gruff', 'Griffith', 'Gruffydd'],
  Iestyn: ['Iest', 'Justin'],
  Llŷr: ['Llyr', 'Lyr'],
  Thomas: ['Tom', 'Tommy', 'Tomos'],
  Tomos: ['Tom', 'Twm', 'Thomas'],
  Twm: ['Tom', 'Tomos'],
  Oliver: ['Ollie', 'Olly'],
  Jessica: ['Jess', 'Jessie'],
  Amelia: ['Millie', 'Amy'],
  Olivia: ['Liv', 'Livvy'],
  Elin: ['Ellen', 'Elen'],
  Cerys: ['Ceri'],
  Ffion: ['Fion', 'Fiona'],
  Gethin: ['Geth'],
  Osian: ['Osi'],
  Mali: ['Molly', 'Mollie'],
  Carys: ['Caz', 'Cari'],
  Alexander: ['Alex', 'Zander'],
  Samuel: ['Sam', 'Sammy'],
  Joshua: ['Josh'],
  Matthew: ['Matt'],
  James: ['Jim', 'Jamie', 'Iago'],
  Charlotte: ['Charlie', 'Lottie'],
  Rebecca: ['Becca', 'Becky'],
  Daniel: ['Dan', 'Danny'],
  Benjamin: ['Ben'],
  Harry: ['Harri', 'Haz'],
  Harri: ['Harry'],
  Jac: ['Jack'],
  Jack: ['Jac'],
  Rhiannon: ['Rhi', 'Rhian'],
  Angharad: ['Hari', 'Ang'],
  Bethan: ['Beth'],
  Mohammed: ['Mohammad', 'Muhammad', 'Mohamed'],
  Aisha: ['Ayesha', 'Aysha'],
  Sophie: ['Soph'],
  Chloe: ['Chloë'],
  Chloë: ['Chloe'],
  Zoë: ['Zoe'],
  Emily: ['Em', 'Emmy'],
  Isabella: ['Bella', 'Izzy'],
  Steffan: ['Stephen', 'Steff'],
  Ioan: ['John', 'Ifan'],
  Seán: ['Sean', 'Shaun'],
  Lowri: ['Laura'],
  Sioned: ['Janet', 'Sion'],
  Efa: ['Eva', 'Eve'],
  Ianto: ['Ifan', 'Ieuan'],
  Callum: ['Cal'],
  Alfie: ['Alf', 'Alfred'],
};

/** Share of given names drawn from the Welsh table, by local authority (the rest are English or other). */
export const WELSH_NAME_SHARE: Readonly<Record<string, number>> = {
  cardiff: 0.22,
  swansea: 0.22,
  newport: 0.12,
  gwynedd: 0.72,
  'blaenau-gwent': 0.15,
};

/** Share of given names drawn from the minority-ethnic tables, by local authority. */
export const OTHER_NAME_SHARE: Readonly<Record<string, number>> = {
  cardiff: 0.12,
  swansea: 0.05,
  newport: 0.1,
  gwynedd: 0.01,
  'blaenau-gwent': 0.01,
};

/** Share of surnames that are Welsh (rather than English or other), by local authority. */
export const WELSH_SURNAME_SHARE: Readonly<Record<string, number>> = {
  cardiff: 0.55,
  swansea: 0.7,
  newport: 0.55,
  gwynedd: 0.8,
  'blaenau-gwent': 0.7,
};

/** Share of surnames in the ap/ab patronymic form, by local authority. */
export const AP_SURNAME_SHARE: Readonly<Record<string, number>> = {
  cardiff: 0.006,
  swansea: 0.004,
  newport: 0.002,
  gwynedd: 0.025,
  'blaenau-gwent': 0.002,
};

/** Share of young people with a hyphenated (double-barrelled) surname. */
export const HYPHENATED_SURNAME_SHARE = 0.04;

/** Share of young people with a middle name. */
export const MIDDLE_NAME_SHARE = 0.55;
