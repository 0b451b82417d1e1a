import { OUTSIDE_WALES, POSTCODE_DISTRICTS, WELSH_POSTCODE_AREAS, type PostcodeDistrict } from './postcode-districts.data.js';

// The same rule as the SQL function la_of_postcode (migration PostcodeDistricts); tests hold the two together.
const UK_POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)[0-9][A-Z]{2}$/;

/** The SQL twin of `postcodeDistrict`, inlined by the planner (no table read). */
export const POSTCODE_DISTRICT_SQL = (column: string): string =>
  `substring(upper(regexp_replace(${column}, '[^A-Za-z0-9]', '', 'g')) FROM '^([A-Z]{1,2}[0-9][A-Z0-9]?)[0-9][A-Z]{2}$')`;

/** The outward code (district) of a UK postcode, spaces and case ignored; null when the text is not a UK postcode. */
export function postcodeDistrict(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const m = UK_POSTCODE.exec(raw.toUpperCase().replace(/[^A-Z0-9]/g, ''));
  return m ? m[1]! : null;
}

const BY_DISTRICT = new Map<string, PostcodeDistrict>(POSTCODE_DISTRICTS.map((d) => [d.district, d]));

/**
 * Where an address lies: the Welsh LA of its postcode's district (the one holding most of it when it is
 * shared), OUTSIDE_WALES, or null when it cannot be placed (not a UK postcode, or a district of a wholly
 * Welsh area that the table does not list).
 */
export function placePostcode(raw: string | null | undefined): string | null {
  const district = postcodeDistrict(raw);
  if (district === null) return null;
  const known = BY_DISTRICT.get(district);
  if (known) return known.laCode;
  const area = /^[A-Z]+/.exec(district)![0];
  return (WELSH_POSTCODE_AREAS as readonly string[]).includes(area) ? null : OUTSIDE_WALES;
}

/** The table's entry for a postcode's district (to say whether the placing is ambiguous), if listed. */
export function districtEntry(raw: string | null | undefined): PostcodeDistrict | null {
  const district = postcodeDistrict(raw);
  return district === null ? null : (BY_DISTRICT.get(district) ?? null);
}
