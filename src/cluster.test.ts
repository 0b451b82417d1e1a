import { describe, expect, it } from 'vitest';
import { restartDelayMs } from './cluster.js';

describe('restartDelayMs', () => {
  it('doubles from 1 s with each exit in a row and never passes 30 s, so a process that keeps dying cannot spin', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => restartDelayMs(n))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });
});
