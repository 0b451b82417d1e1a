// Validation of one drop-out notification (GraphQL input or a mapped CSV row): each problem names the field
// and the reason, never the value (reasons go back to partners and into logs).
import { isRealIsoDate, type RowProblem } from '../imports/record-validation.js';
import { DROP_OUT_REASONS, isDropOutReason, type DropOutReason } from './drop-out-reasons.js';

/** A notification as submitted: every field optional and unchecked. */
export interface NotificationSubmission {
  partnerReference?: string | null;
  reason?: string | null;
  leftOn?: string | null;
  notifiedOn?: string | null;
}

/** A notification that passed validation. */
export interface ValidNotification {
  partnerReference: string;
  reason: DropOutReason;
  leftOn: string | null;
  notifiedOn: string;
}

/** The outcome of validating one notification. */
export type NotificationValidation = { ok: true; notification: ValidNotification } | { ok: false; errors: RowProblem[] };

const REFERENCE_MAX = 100;

function text(value: string | null | undefined): string | null {
  const s = value?.trim() ?? '';
  return s.length > 0 ? s : null;
}

/**
 * Checks one notification: a reference, a known reason, a leaving date for a LEFT_* reason (and none for
 * AT_RISK_*), a notification date (today when omitted) that is not in the future and not before leaving.
 */
export function validateNotification(input: NotificationSubmission, today: string): NotificationValidation {
  const errors: RowProblem[] = [];
  const partnerReference = text(input.partnerReference);
  if (partnerReference === null) errors.push({ field: 'partnerReference', reason: 'is required' });
  else if (partnerReference.length > REFERENCE_MAX) errors.push({ field: 'partnerReference', reason: `longer than ${REFERENCE_MAX} characters` });

  const reasonText = text(input.reason);
  const reason = reasonText !== null && isDropOutReason(reasonText) ? reasonText : null;
  if (reasonText === null) errors.push({ field: 'reason', reason: 'is required' });
  else if (reason === null) errors.push({ field: 'reason', reason: 'is not a drop-out reason code (see the DropOutReason enum)' });

  const leftOn = text(input.leftOn);
  if (leftOn !== null && !isRealIsoDate(leftOn)) errors.push({ field: 'leftOn', reason: 'is not a real date in the form YYYY-MM-DD' });
  if (reason !== null) {
    if (DROP_OUT_REASONS[reason].left && leftOn === null) errors.push({ field: 'leftOn', reason: 'is required when the learner has left' });
    if (!DROP_OUT_REASONS[reason].left && leftOn !== null) errors.push({ field: 'leftOn', reason: 'is given only when the learner has left (not for AT_RISK_* reasons)' });
  }

  const notifiedOn = text(input.notifiedOn) ?? today;
  if (!isRealIsoDate(notifiedOn)) errors.push({ field: 'notifiedOn', reason: 'is not a real date in the form YYYY-MM-DD' });
  else if (notifiedOn > today) errors.push({ field: 'notifiedOn', reason: 'is in the future' });
  else if (leftOn !== null && isRealIsoDate(leftOn) && leftOn > notifiedOn) errors.push({ field: 'leftOn', reason: 'is after the notification date' });

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, notification: { partnerReference: partnerReference!, reason: reason!, leftOn, notifiedOn } };
}
