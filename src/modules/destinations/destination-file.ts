import type { EventFileKind } from '../imports/event-file.js';

/**
 * Careers Wales's destinations survey return (`npm run import -- --kind destinations --snapshot YYYY-10-31`):
 * per leaver of Years 11–13, Careers Wales's own reference, the year group left, the LA reported, and the
 * destination code, or the non-respondent flag, or the left-the-area flag.
 */
export const DESTINATION_FILE: EventFileKind = {
  fields: [
    { name: 'partnerReference', type: 'text', required: true },
    { name: 'yearGroup', type: 'text', required: true },
    { name: 'laCode', type: 'text', required: true },
    { name: 'destination', type: 'code', required: false },
    { name: 'nonRespondent', type: 'flag', required: false },
    { name: 'leftArea', type: 'flag', required: false },
  ],
  purpose: 'TRACKING',
  options: { snapshot: 'YYYY-10-31, the survey snapshot (default: the latest 31 October)' },
  load: (ctx, rows, firstRowNumber, options) => ctx.services.destinations.load(ctx, rows, firstRowNumber, options['snapshot'] ?? null),
};
