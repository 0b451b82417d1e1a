import { beforeAll, describe, expect, it } from 'vitest';
import { isDestinationCode } from '../destinations/destinations.policy.js';
import { DROP_OUT_REASONS, isDropOutReason } from '../notifications/drop-out-reasons.js';
import { daysBetween } from '../notifications/timeliness.js';
import type { GeneratedPersonWithRecords } from './cohort.types.js';
import { DEFAULT_AS_OF, generateCohortArray } from './generate-cohort.js';

describe("the cohort's partner events", () => {
  let cohort: GeneratedPersonWithRecords[];
  beforeAll(() => {
    cohort = generateCohortArray({ people: 6000, seed: 'events-tests', asOf: DEFAULT_AS_OF });
  });

  it("are notifications by a post-16 provider about its own learner's record, some late, some on time, some at risk", () => {
    const all = cohort.flatMap((p) => p.notifications.map((n) => ({ n, p })));
    expect(all.length).toBeGreaterThan(20);
    for (const { n, p } of all) {
      expect(p.records.some((r) => r.providerCode === n.providerCode && r.partnerReference === n.partnerReference)).toBe(true);
      expect(n.providerCode).toMatch(/^(college|wbl)\./);
      expect(isDropOutReason(n.reason)).toBe(true);
      expect(n.leftOn !== null).toBe(DROP_OUT_REASONS[n.reason as keyof typeof DROP_OUT_REASONS].left);
      expect(n.notifiedOn < DEFAULT_AS_OF).toBe(true);
    }
    const delays = all.flatMap(({ n }) => (n.leftOn ? [daysBetween(n.leftOn, n.notifiedOn)] : []));
    expect(delays.filter((d) => d > 14).length).toBeGreaterThan(5);
    expect(delays.filter((d) => d <= 14).length).toBeGreaterThan(delays.filter((d) => d > 14).length);
    expect(all.filter(({ n }) => n.leftOn === null).length).toBeGreaterThan(0);
  });

  it("are survey returns for Careers Wales's records of Year 11–13 leavers, with every tier-1 leaver a non-respondent and a few who left the area", () => {
    const returns = cohort.flatMap((p) => p.destinations.map((d) => ({ d, p })));
    expect(returns.length).toBeGreaterThan(300);
    for (const { d, p } of returns) {
      expect(p.records.some((r) => r.providerCode === 'careers-wales' && r.partnerReference === d.partnerReference)).toBe(true);
      expect([11, 12, 13]).toContain(d.yearGroup);
      expect(Number(d.destination !== null) + Number(d.nonRespondent) + Number(d.leftArea)).toBe(1);
      if (d.destination !== null) expect(isDestinationCode(d.destination)).toBe(true);
      const tier = p.records.find((r) => r.providerCode === 'careers-wales')?.payload.TIER_STATUS?.['tier'];
      if (tier === 1) expect(d.nonRespondent).toBe(true);
    }
    const nonRespondents = returns.filter(({ d }) => d.nonRespondent).length;
    expect(nonRespondents / returns.length).toBeGreaterThan(0.01);
    expect(nonRespondents / returns.length).toBeLessThan(0.15);
    expect(returns.filter(({ d }) => d.leftArea).length).toBeGreaterThan(0);
    expect(new Set(returns.map(({ d }) => d.yearGroup))).toEqual(new Set([11, 12, 13]));
  });

  it('are the same for the same seed', () => {
    const again = generateCohortArray({ people: 500, seed: 'events-tests', asOf: DEFAULT_AS_OF });
    expect(again.map((p) => [p.notifications, p.destinations])).toEqual(cohort.slice(0, 500).map((p) => [p.notifications, p.destinations]));
  });
});
