import { describe, expect, it } from 'vitest';
import { importRate } from '../../api/imports/statementImportRecord';

describe('the pace of an import', () => {
  const start = new Date('2026-12-03T10:00:00Z');
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

  it('is unknown before the import starts and during its first second', () => {
    expect(importRate(0, null, null)).toBeNull();
    expect(importRate(500, start, null, at(0.5))).toBeNull();
  });

  it('is the rows processed over the time since the start, to the end or to now', () => {
    expect(importRate(10_000, start, null, at(4))).toBe(2500);
    expect(importRate(10_000, start, at(8), at(60))).toBe(1250);
    // A small import finished within a second still has its pace.
    expect(importRate(300, start, at(0.25), at(5))).toBe(1200);
  });
});
