import cliProgress from 'cli-progress';
import type { Infrastructure } from '../../boot.js';

/**
 * Waits until matching has no queued records left for an import (or at all), drawing a progress bar on
 * stderr. With no worker listening, matching runs in this process instead (the same idempotent work).
 */
export async function waitForMatching(infra: Infrastructure, importId: string | null, options: { label: string; here?: boolean }): Promise<void> {
  const remaining = async (): Promise<number> => (await infra.services.matching.progress(importId)).remaining;
  const total = await remaining();
  if (total === 0) return;
  const bar = new cliProgress.SingleBar(
    { format: `${options.label} |{bar}| {value}/{total} records matched | {duration_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  const workers = await infra.queues.get('matching').getWorkers();
  const here = options.here || workers.length === 0;
  const tick = setInterval(() => {
    void remaining().then((left) => bar.update(Math.max(0, total - left)));
  }, 250);
  try {
    if (here) {
      if (importId) await infra.services.matching.processQueue(importId);
      else await infra.services.matching.processBacklog();
    } else {
      while ((await remaining()) > 0) await new Promise((r) => setTimeout(r, 250));
    }
    bar.update(total);
  } finally {
    clearInterval(tick);
    bar.stop();
  }
  if (here && workers.length === 0) process.stderr.write('(no matching worker was running: matched in this process)\n');
}
