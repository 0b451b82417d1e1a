import type { AccessEventInput } from './access-event.js';
import { appendEvents } from './access-log.writer.js';
import type { Queryable } from './canonical.js';

interface Pending {
  events: AccessEventInput[];
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Group commit for the access log. Every append holds the chain-head lock until its commit has been
 * flushed to disk, so appends from one process are sent one at a time: operations that finish while
 * an append is in flight wait and go together in the next one. Each operation's rows stay contiguous
 * and are written by one multi-row INSERT; each caller's promise settles only when that INSERT has
 * committed (or failed: then every operation in it fails closed).
 */
export class GroupAppender {
  private readonly queue: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly q: Queryable,
    private readonly maxRowsPerAppend = 2000,
  ) {}

  /** Appends one operation's rows; resolves once they are committed. */
  append(events: AccessEventInput[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch: Pending[] = [this.queue.shift()!];
        let rows = batch[0]!.events.length;
        while (this.queue.length > 0 && rows + this.queue[0]!.events.length <= this.maxRowsPerAppend) {
          const next = this.queue.shift()!;
          rows += next.events.length;
          batch.push(next);
        }
        try {
          await appendEvents(this.q, batch.flatMap((p) => p.events));
          for (const p of batch) p.resolve();
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
