import { z } from 'zod';
import { DEFAULT_NOTIFICATION_LIMIT_DAYS } from './notifications.policy.js';

const schema = z.object({
  DROPOUT_NOTIFICATION_LIMIT_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULT_NOTIFICATION_LIMIT_DAYS),
});

/** Drop-out notification settings: the timeliness limit is configuration, not code. */
export interface NotificationsConfig {
  /** A notification more than this many days after the learner left is late (14: the two-week agreement). */
  limitDays: number;
}

/** Reads the notification settings from the environment (DROPOUT_NOTIFICATION_LIMIT_DAYS). */
export function loadNotificationsConfig(env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid notification configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return { limitDays: parsed.data.DROPOUT_NOTIFICATION_LIMIT_DAYS };
}
