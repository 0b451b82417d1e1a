import { describe, expect, it } from 'vitest';
import { isIsoDate } from './iso-date.js';

describe('isIsoDate', () => {
  it('accepts real calendar dates written YYYY-MM-DD and nothing else', () => {
    for (const good of ['2024-02-29', '2026-12-31', '1000-01-01', '9999-12-31']) expect(isIsoDate(good), good).toBe(true);
    for (const bad of ['2026-02-31', '2025-02-29', '2026-13-01', '2026-00-10', '0999-01-01', '2026-1-01', '20260101', ' 2026-01-01', '2026-01-01T00:00:00Z', 20260101, null]) {
      expect(isIsoDate(bad), String(bad)).toBe(false);
    }
  });
});
