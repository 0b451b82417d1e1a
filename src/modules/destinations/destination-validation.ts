// Validation of one destinations-survey return row: each problem names the field and the reason, never the value.
import type { RowProblem } from '../imports/record-validation.js';
import { isDestinationCode, type DestinationCode } from './destinations.policy.js';

/** A return row as mapped from the file: every field text or null. */
export interface DestinationSubmission {
  partnerReference?: string | null;
  yearGroup?: string | null;
  laCode?: string | null;
  destination?: string | null;
  nonRespondent?: string | null;
  leftArea?: string | null;
}

/** A return that passed validation (the LA as the hub's code). */
export interface ValidDestinationReturn {
  partnerReference: string;
  yearGroup: 11 | 12 | 13;
  laCode: string;
  destination: DestinationCode | null;
  nonRespondent: boolean;
  leftArea: boolean;
}

/** The outcome of validating one return. */
export type DestinationValidation = { ok: true; value: ValidDestinationReturn } | { ok: false; errors: RowProblem[] };

const YEAR_GROUP = /^(?:y(?:ear)?\s*)?(11|12|13)$/i;

function text(value: string | null | undefined): string | null {
  const s = value?.trim() ?? '';
  return s.length > 0 ? s : null;
}

function flag(field: string, value: string | null | undefined, errors: RowProblem[]): boolean {
  const v = text(value);
  if (v === null || v === 'false') return false;
  if (v === 'true') return true;
  errors.push({ field, reason: 'must be yes or no' });
  return false;
}

/**
 * Checks one return: a reference, year group 11–13, a known LA (`laOf` resolves the hub's code, an ONS code
 * or a name), and exactly one of a destination code, the non-respondent flag and the left-the-area flag.
 */
export function validateDestinationReturn(input: DestinationSubmission, laOf: (text: string) => string | null): DestinationValidation {
  const errors: RowProblem[] = [];
  const partnerReference = text(input.partnerReference);
  if (partnerReference === null) errors.push({ field: 'partnerReference', reason: 'is required' });
  else if (partnerReference.length > 100) errors.push({ field: 'partnerReference', reason: 'longer than 100 characters' });

  const year = YEAR_GROUP.exec(text(input.yearGroup) ?? '');
  if (!year) errors.push({ field: 'yearGroup', reason: 'must be 11, 12 or 13' });

  const laText = text(input.laCode);
  const laCode = laText === null ? null : laOf(laText);
  if (laText === null) errors.push({ field: 'laCode', reason: 'is required' });
  else if (laCode === null) errors.push({ field: 'laCode', reason: 'is not a Welsh local authority (its code, ONS code or name)' });

  const destinationText = text(input.destination);
  const destination = destinationText !== null && isDestinationCode(destinationText) ? destinationText : null;
  if (destinationText !== null && destination === null) errors.push({ field: 'destination', reason: 'is not a destination code (see the DestinationCode enum)' });
  const nonRespondent = flag('nonRespondent', input.nonRespondent, errors);
  const leftArea = flag('leftArea', input.leftArea, errors);
  const given = Number(destinationText !== null) + Number(nonRespondent) + Number(leftArea);
  if (given !== 1 && errors.length === 0) {
    errors.push({ field: 'destination', reason: 'give exactly one of a destination, the non-respondent flag and the left-the-area flag' });
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { partnerReference: partnerReference!, yearGroup: Number(year![1]) as 11 | 12 | 13, laCode: laCode!, destination, nonRespondent, leftArea } };
}
