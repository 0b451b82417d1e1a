import { AbstractLogger, type LogLevel, type LogMessage } from 'typeorm';

/** A TypeORM logger that only counts the SQL statements sent (for round-trip benchmarks and tests). */
export class QueryCounter extends AbstractLogger {
  count = 0;

  /** Counts statements; never records their text or parameters (they may hold personal data). */
  override logQuery(): void {
    this.count++;
  }

  protected override writeLog(_level: LogLevel, _message: LogMessage | LogMessage[]): void {
    // Nothing is written: this logger only counts.
  }
}
