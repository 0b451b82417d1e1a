// Identifier and reference allocation for the synthetic cohort: each value is handed out once.
import { makeUln } from '../identifiers/uln.js';
import { makeUpn } from '../identifiers/upn.js';
import type { Prng } from './prng.js';

/** Hands out partner references that are unique within each partner (admission numbers, learner ids …). */
export class PartnerReferenceAllocator {
  private readonly next = new Map<string, number>();

  constructor(private readonly rng: Prng) {}

  /** A new reference for the partner: `prefix` followed by a serial of at least `digits` digits. */
  allocate(providerCode: string, prefix: string, digits: number): string {
    // One serial per partner, whatever the prefix, so references stay unique even when the prefix varies.
    let serial = this.next.get(providerCode);
    if (serial === undefined) serial = this.rng.int(1, 400);
    // Small gaps, as real systems leave after deletions and test records.
    this.next.set(providerCode, serial + 1 + (this.rng.chance(0.1) ? this.rng.int(1, 3) : 0));
    return prefix + String(serial).padStart(digits, '0');
  }
}

/** Hands out UPNs, keeping serials unique per LA, establishment and year of allocation. */
export class UpnAllocator {
  private readonly serials = new Map<number, number>();

  /** A new UPN, or null when all 999 serials for that LA, establishment and year are used. */
  allocate(laNumber: number, establishment: number, year: number): string | null {
    const key = (laNumber * 10_000 + establishment) * 100 + year;
    const serial = (this.serials.get(key) ?? 0) + 1;
    if (serial > 999) return null;
    this.serials.set(key, serial);
    return makeUpn(laNumber, establishment, year, serial);
  }
}

// Stepping through the stems by a number coprime to 900,000,000 (= 2^8 · 3^2 · 5^8) visits each
// stem once before repeating, so ULNs never collide and do not look sequential.
const STEM_SPACE = 900_000_000;
const STEM_STEP = 282_475_249; // 7^10

/** Hands out ULNs that are valid and never repeat. */
export class UlnAllocator {
  private position: number;

  constructor(rng: Prng) {
    this.position = rng.int(0, STEM_SPACE - 1);
  }

  /** A new ULN. */
  allocate(): string {
    for (;;) {
      this.position = (this.position + STEM_STEP) % STEM_SPACE;
      const uln = makeUln(String(100_000_000 + this.position));
      if (uln !== null) return uln;
    }
  }
}
