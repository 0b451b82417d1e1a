// Welsh patronymic surnames (ap "son of", ab before a vowel) and the anglicised surnames they became
// (ap Rhys → Price, ab Owen → Bowen), so that "Siân ap Rhys" at school can meet "Sian Price" at
// college. Kept as data. Written as the standardiser leaves names: lower case, no accents, no spaces.

/** The particles that open a Welsh patronymic. */
export const PATRONYMIC_PARTICLES: readonly string[] = ['ap', 'ab', 'verch', 'ferch', 'vch'];

/** The stem after ap/ab and the surnames that grew from it (the stem itself also stands for the name). */
export const PATRONYMIC_FORMS: Readonly<Record<string, readonly string[]>> = {
  rhys: ['price', 'prys', 'preece', 'prees', 'pryce', 'rees', 'rhys', 'reece'],
  rees: ['price', 'preece', 'prys', 'rhys'],
  owen: ['bowen', 'owen', 'owens'],
  owain: ['bowen', 'owen'],
  hywel: ['powell', 'howell', 'howells', 'hywel'],
  howell: ['powell', 'howell', 'howells'],
  ifan: ['bevan', 'evans', 'evan', 'ifan'],
  evan: ['bevan', 'evans', 'evan'],
  huw: ['pugh', 'hughes', 'huws', 'pughe'],
  hugh: ['pugh', 'hughes', 'pughe'],
  rhisiart: ['pritchard', 'prichard', 'richards'],
  richard: ['pritchard', 'prichard', 'richards'],
  harri: ['parry', 'harries', 'harris', 'harry'],
  harry: ['parry', 'harries', 'harris'],
  sion: ['jones', 'johns', 'sion'],
  john: ['jones', 'johns'],
  dafydd: ['davies', 'davis', 'dafydd', 'david'],
  david: ['davies', 'davis'],
  einion: ['beynon', 'baynon', 'einion'],
  robert: ['probert', 'roberts', 'robert'],
  rhydderch: ['prothero', 'protheroe', 'prydderch'],
  iorwerth: ['yorath', 'edwards'],
  gwilym: ['williams'],
  llywelyn: ['llewellyn', 'llewelyn', 'flewellyn'],
};
