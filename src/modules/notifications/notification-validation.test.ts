import { describe, expect, it } from 'vitest';
import { validateNotification } from './notification-validation.js';

const TODAY = '2026-03-20';

describe('drop-out notification validation', () => {
  it('accepts a leaver with a leaving date, and an at-risk learner without one; the notification date defaults to today', () => {
    expect(validateNotification({ partnerReference: ' C1 ', reason: 'LEFT_NON_ATTENDANCE', leftOn: '2026-03-01' }, TODAY)).toEqual({
      ok: true,
      notification: { partnerReference: 'C1', reason: 'LEFT_NON_ATTENDANCE', leftOn: '2026-03-01', notifiedOn: TODAY },
    });
    expect(validateNotification({ partnerReference: 'C2', reason: 'AT_RISK_ATTENDANCE', notifiedOn: '2026-03-19' }, TODAY)).toMatchObject({ ok: true });
  });

  it('names the field and the reason of every problem, never the value', () => {
    const bad = validateNotification({ partnerReference: '', reason: 'LEFT_NON_ATTENDANCE', notifiedOn: '2026-02-30' }, TODAY);
    expect(bad).toEqual({
      ok: false,
      errors: [
        { field: 'partnerReference', reason: 'is required' },
        { field: 'leftOn', reason: 'is required when the learner has left' },
        { field: 'notifiedOn', reason: 'is not a real date in the form YYYY-MM-DD' },
      ],
    });
    expect(validateNotification({ partnerReference: 'C3', reason: 'AT_RISK_OTHER', leftOn: '2026-03-01' }, TODAY)).toMatchObject({
      errors: [{ field: 'leftOn', reason: 'is given only when the learner has left (not for AT_RISK_* reasons)' }],
    });
    expect(validateNotification({ partnerReference: 'C4', reason: 'GONE' }, TODAY)).toMatchObject({ errors: [{ field: 'reason' }] });
  });

  it('refuses a notification date in the future or before the learner left', () => {
    expect(validateNotification({ partnerReference: 'C5', reason: 'LEFT_OTHER', leftOn: '2026-03-01', notifiedOn: '2026-03-21' }, TODAY)).toMatchObject({
      errors: [{ field: 'notifiedOn', reason: 'is in the future' }],
    });
    expect(validateNotification({ partnerReference: 'C6', reason: 'LEFT_OTHER', leftOn: '2026-03-10', notifiedOn: '2026-03-09' }, TODAY)).toMatchObject({
      errors: [{ field: 'leftOn', reason: 'is after the notification date' }],
    });
  });
});
