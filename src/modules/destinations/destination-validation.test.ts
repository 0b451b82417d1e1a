import { describe, expect, it } from 'vitest';
import { validateDestinationReturn } from './destination-validation.js';

const laOf = (t: string): string | null => ({ cardiff: 'cardiff', w06000015: 'cardiff', caerdydd: 'cardiff' } as Record<string, string>)[t.toLowerCase()] ?? null;

describe('destination return validation', () => {
  it('reads a respondent, a non-respondent and a leaver who left the area, with the LA by code, ONS code or name', () => {
    expect(validateDestinationReturn({ partnerReference: 'CW-1', yearGroup: 'Y11', laCode: 'W06000015', destination: 'FURTHER_EDUCATION', nonRespondent: 'false' }, laOf)).toEqual({
      ok: true,
      value: { partnerReference: 'CW-1', yearGroup: 11, laCode: 'cardiff', destination: 'FURTHER_EDUCATION', nonRespondent: false, leftArea: false },
    });
    expect(validateDestinationReturn({ partnerReference: 'CW-2', yearGroup: '13', laCode: 'Caerdydd', nonRespondent: 'true' }, laOf)).toMatchObject({
      ok: true,
      value: { destination: null, nonRespondent: true, leftArea: false, yearGroup: 13 },
    });
    expect(validateDestinationReturn({ partnerReference: 'CW-3', yearGroup: 'Year 12', laCode: 'cardiff', leftArea: 'true' }, laOf)).toMatchObject({ ok: true, value: { leftArea: true } });
  });

  it('needs exactly one of a destination and the two flags', () => {
    expect(validateDestinationReturn({ partnerReference: 'CW-4', yearGroup: '11', laCode: 'cardiff' }, laOf)).toMatchObject({ ok: false, errors: [{ field: 'destination' }] });
    expect(validateDestinationReturn({ partnerReference: 'CW-5', yearGroup: '11', laCode: 'cardiff', destination: 'EMPLOYMENT', nonRespondent: 'true' }, laOf)).toMatchObject({
      ok: false,
    });
  });

  it('names every bad field', () => {
    expect(validateDestinationReturn({ partnerReference: '', yearGroup: '10', laCode: 'Bristol', destination: 'GAP_YEAR', leftArea: 'perhaps' }, laOf)).toEqual({
      ok: false,
      errors: [
        { field: 'partnerReference', reason: 'is required' },
        { field: 'yearGroup', reason: 'must be 11, 12 or 13' },
        { field: 'laCode', reason: 'is not a Welsh local authority (its code, ONS code or name)' },
        { field: 'destination', reason: 'is not a destination code (see the DestinationCode enum)' },
        { field: 'leftArea', reason: 'must be yes or no' },
      ],
    });
  });
});
