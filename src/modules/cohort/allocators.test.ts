import { describe, expect, it } from 'vitest';
import { isValidUln } from '../identifiers/uln.js';
import { isValidUpn } from '../identifiers/upn.js';
import { PartnerReferenceAllocator, UlnAllocator, UpnAllocator } from './allocators.js';
import { Prng } from './prng.js';

describe('PartnerReferenceAllocator', () => {
  it('never repeats a reference within a partner, even when the prefix changes', () => {
    const allocator = new PartnerReferenceAllocator(new Prng('refs'));
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const ref = allocator.allocate('college.x', i % 2 === 0 ? 'C25' : 'C26', 5);
      expect(seen.has(ref.slice(3))).toBe(false);
      seen.add(ref.slice(3));
    }
  });

  it('pads the serial and keeps partners independent', () => {
    const allocator = new PartnerReferenceAllocator(new Prng('refs'));
    expect(allocator.allocate('school.a', 'ADM', 5)).toMatch(/^ADM\d{5}$/);
    expect(allocator.allocate('careers-wales', 'CW-', 7)).toMatch(/^CW-\d{7}$/);
  });
});

describe('UpnAllocator', () => {
  it('gives valid, distinct UPNs and refuses the thousandth serial', () => {
    const allocator = new UpnAllocator();
    const upns = new Set<string>();
    for (let i = 0; i < 999; i++) {
      const upn = allocator.allocate(681, 2001, 19);
      expect(upn).not.toBeNull();
      expect(isValidUpn(upn as string)).toBe(true);
      upns.add(upn as string);
    }
    expect(upns.size).toBe(999);
    expect(allocator.allocate(681, 2001, 19)).toBeNull();
    expect(allocator.allocate(681, 2001, 20)).toMatch(/^[A-Z]681200120001$/);
  });
});

describe('UlnAllocator', () => {
  it('gives valid, distinct ULNs', () => {
    const allocator = new UlnAllocator(new Prng('ulns'));
    const ulns = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const uln = allocator.allocate();
      expect(isValidUln(uln)).toBe(true);
      ulns.add(uln);
    }
    expect(ulns.size).toBe(20_000);
  });
});
