import { describe, expect, it } from 'vitest';
import { compileEventMapping, type EventFieldSpec } from './event-file.js';

const FIELDS: EventFieldSpec[] = [
  { name: 'partnerReference', type: 'text', required: true },
  { name: 'reason', type: 'code', required: true },
  { name: 'leftOn', type: 'date', required: false },
  { name: 'atRisk', type: 'flag', required: false },
];

describe('event file mappings', () => {
  it("reads dates in the file's layout, translates the partner's codes and reads yes/no flags", () => {
    const m = compileEventMapping(
      { partnerReference: 'Ref', reason: { columns: 'Why', values: { W1: 'LEFT_NON_ATTENDANCE' } }, leftOn: { columns: 'Left', format: 'DD/MM/YYYY' }, atRisk: 'Risk' },
      ['Ref', 'Why', 'Left', 'Risk'],
      FIELDS,
    );
    expect(m.toRow({ Ref: ' C1 ', Why: 'w1', Left: '03/02/2026', Risk: 'Y' })).toEqual({ partnerReference: 'C1', reason: 'LEFT_NON_ATTENDANCE', leftOn: '2026-02-03', atRisk: 'true' });
    expect(m.toRow({ Ref: 'C2', Why: 'left_other', Left: '', Risk: '' })).toEqual({ partnerReference: 'C2', reason: 'LEFT_OTHER', leftOn: null, atRisk: 'false' });
    // A value that fits no reading is passed on as it was, for the kind's validation to name.
    expect(m.toRow({ Ref: 'C3', Why: 'W1', Left: 'soon', Risk: 'maybe' })).toMatchObject({ leftOn: 'soon', atRisk: 'maybe' });
  });

  it('names every problem of a mapping at once', () => {
    expect(() => compileEventMapping({ reason: 'Nope', colour: 'Ref', leftOn: { columns: 'Left', format: 'MM/DD/YYYY' } }, ['Ref', 'Left'], FIELDS)).toThrow(
      /reason: the file has no column "Nope"[\s\S]*"colour" is not a field[\s\S]*leftOn: format must be one of[\s\S]*partnerReference must be mapped/,
    );
  });
});
