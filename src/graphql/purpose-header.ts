import { isPurpose, PURPOSES, type Purpose } from '../policy/purpose.js';
import { badRequest } from './errors.js';

/** Reads `X-Purpose`: absent → null (operations that read personal data then refuse); unknown → a clear error. */
export function parsePurposeHeader(value: string | undefined): Purpose | null {
  if (value === undefined || value.trim() === '') return null;
  const purpose = value.trim().toUpperCase();
  if (!isPurpose(purpose)) {
    throw badRequest(`X-Purpose: "${value.slice(0, 40)}" is not a purpose; use one of ${PURPOSES.join(', ')}`);
  }
  return purpose;
}
