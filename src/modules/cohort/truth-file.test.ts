import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedPersonWithRecords } from './cohort.types.js';
import { DEFAULT_AS_OF, generateCohort, generateCohortArray } from './generate-cohort.js';
import { csvField, TRUTH_CSV_HEADER, truthRows, writeTruthCsv } from './truth-file.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cyswllt-truth-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('truthRows', () => {
  it('gives one row per record, naming the partner, its reference and the true person', () => {
    const [p] = generateCohortArray({ people: 1, seed: 'truth', asOf: DEFAULT_AS_OF }) as [GeneratedPersonWithRecords];
    const rows = truthRows(p);
    expect(rows).toHaveLength(p.records.length);
    rows.forEach((row, i) => {
      expect(row).toEqual({
        partner: p.records[i]?.providerCode,
        partnerReference: p.records[i]?.partnerReference,
        personId: p.person.truthId,
      });
    });
  });
});

describe('csvField', () => {
  it('quotes only when needed', () => {
    expect(csvField('CW-0000123')).toBe('CW-0000123');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });
});

describe('writeTruthCsv', () => {
  it('streams a header and one line per record', async () => {
    const path = join(dir, 'truth.csv');
    const people = generateCohortArray({ people: 3000, seed: 'truth-file', asOf: DEFAULT_AS_OF });
    const written = await writeTruthCsv(path, generateCohort({ people: 3000, seed: 'truth-file', asOf: DEFAULT_AS_OF }));
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    const expected = people.flatMap(truthRows);
    expect(lines[0]).toBe(TRUTH_CSV_HEADER);
    expect(written).toBe(expected.length);
    expect(lines).toHaveLength(expected.length + 1);
    expect(lines[1]).toBe(`${expected[0]?.partner},${expected[0]?.partnerReference},${expected[0]?.personId}`);
    expect(new Set(lines.slice(1)).size).toBe(expected.length);
  });

  it('accepts an async iterable', async () => {
    const path = join(dir, 'async.csv');
    async function* two(): AsyncGenerator<GeneratedPersonWithRecords> {
      yield* generateCohort({ people: 2, seed: 'async', asOf: DEFAULT_AS_OF });
    }
    const written = await writeTruthCsv(path, two());
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(written + 1);
    expect(lines.slice(1).every((line) => /^[a-z0-9.-]+,[A-Za-z0-9-]+,P\d{6}$/.test(line))).toBe(true);
  });
});
