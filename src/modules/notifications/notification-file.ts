import type { EventFileKind } from '../imports/event-file.js';

/**
 * A provider's file of drop-out notifications (`npm run import -- --kind notifications`), e.g. the monthly
 * return a college sends: the learner's reference (a record the provider has submitted), the reason
 * (the provider's codes mapped onto DropOutReason with "values"), the leaving and notification dates.
 */
export const NOTIFICATION_FILE: EventFileKind = {
  fields: [
    { name: 'partnerReference', type: 'text', required: true },
    { name: 'reason', type: 'code', required: true },
    { name: 'leftOn', type: 'date', required: false },
    { name: 'notifiedOn', type: 'date', required: false },
  ],
  purpose: 'TRACKING',
  options: {},
  load: (ctx, rows, firstRowNumber) => ctx.services.notifications.load(ctx, rows, firstRowNumber),
};
