import { z } from 'zod';

const schema = z.object({
  WORKLIST_NO_CONTACT_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  WORKLIST_NOT_FOUND_ATTEMPTS: z.coerce.number().int().min(0).max(50).default(3),
});

/** Settings of the tier-1 unknowns worklist. */
export interface WorklistConfig {
  /** A young person Careers Wales has had no contact with for longer than this many days is unknown. */
  noContactDays: number;
  /** "Still not found" may be recorded only after this many logged contact attempts. */
  notFoundAttempts: number;
}

/** Reads the worklist settings from the environment (WORKLIST_*). */
export function loadWorklistConfig(env: NodeJS.ProcessEnv = process.env): WorklistConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid worklist configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return { noContactDays: parsed.data.WORKLIST_NO_CONTACT_DAYS, notFoundAttempts: parsed.data.WORKLIST_NOT_FOUND_ATTEMPTS };
}
