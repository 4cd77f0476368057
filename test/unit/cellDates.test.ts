import { describe, expect, it } from 'vitest';
import { dateFromIso, dateFromSerial } from '../../statements/readers/cellDates';

/** Spreadsheet dates: serial day numbers in both systems, and ISO date cells. */
const iso = (date: Date | undefined) => date?.toISOString();

describe('serial dates', () => {
  it('1900 system: serial 1 is 01/01/1900, 60 the phantom 29/02/1900 read as 01/03/1900, 61 is 01/03/1900', () => {
    expect(iso(dateFromSerial(1, false))).toBe('1900-01-01T00:00:00.000Z');
    expect(iso(dateFromSerial(59, false))).toBe('1900-02-28T00:00:00.000Z');
    expect(iso(dateFromSerial(61, false))).toBe('1900-03-01T00:00:00.000Z');
    expect(iso(dateFromSerial(46113, false))).toBe('2026-04-01T00:00:00.000Z');
  });

  it('1904 system: serial 0 is 01/01/1904, with no phantom day', () => {
    expect(iso(dateFromSerial(0, true))).toBe('1904-01-01T00:00:00.000Z');
    expect(iso(dateFromSerial(59, true))).toBe('1904-02-29T00:00:00.000Z');
  });

  it('the time of day is kept, to the millisecond', () => {
    expect(iso(dateFromSerial(46113.5, false))).toBe('2026-04-01T12:00:00.000Z');
  });

  it("serials outside Excel's range (negative, past 31/12/9999, not finite) are no date", () => {
    expect(dateFromSerial(-1, false)).toBeUndefined();
    expect(dateFromSerial(-0.5, true)).toBeUndefined();
    expect(dateFromSerial(2958466, false)).toBeUndefined();
    expect(dateFromSerial(Number.NaN, false)).toBeUndefined();
    expect(dateFromSerial(Number.POSITIVE_INFINITY, true)).toBeUndefined();
  });

  it('the bounds themselves are dates: serial 0 and 31/12/9999', () => {
    expect(iso(dateFromSerial(0, false))).toBe('1899-12-31T00:00:00.000Z');
    expect(iso(dateFromSerial(2958465, false))).toBe('9999-12-31T00:00:00.000Z');
  });
});

describe('ISO date cells', () => {
  it('a day alone, with a time, with seconds, with a fraction', () => {
    expect(iso(dateFromIso('2026-10-05'))).toBe('2026-10-05T00:00:00.000Z');
    expect(iso(dateFromIso('2026-10-05T14:30'))).toBe('2026-10-05T14:30:00.000Z');
    expect(iso(dateFromIso('2026-10-05 14:30:15'))).toBe('2026-10-05T14:30:15.000Z');
    expect(iso(dateFromIso('2026-10-05T14:30:15.25'))).toBe('2026-10-05T14:30:15.250Z');
  });

  it('a zone is ignored: the day and time as written', () => {
    expect(iso(dateFromIso('2026-10-05T23:30:00Z'))).toBe('2026-10-05T23:30:00.000Z');
    expect(iso(dateFromIso('2026-10-05T23:30:00+02:00'))).toBe('2026-10-05T23:30:00.000Z');
    expect(iso(dateFromIso('2026-10-05T23:30:00-0500'))).toBe('2026-10-05T23:30:00.000Z');
    expect(iso(dateFromIso('2026-10-05Z'))).toBe('2026-10-05T00:00:00.000Z');
  });

  it('spaces around the text are ignored', () => {
    expect(iso(dateFromIso('  2026-10-05 '))).toBe('2026-10-05T00:00:00.000Z');
  });

  it('days that do not exist are no date', () => {
    expect(dateFromIso('2026-02-30')).toBeUndefined();
    expect(dateFromIso('2026-13-01')).toBeUndefined();
    expect(dateFromIso('2026-04-31')).toBeUndefined();
    expect(iso(dateFromIso('2024-02-29'))).toBe('2024-02-29T00:00:00.000Z');
  });

  it('texts that are not ISO dates are no date', () => {
    for (const text of ['05/10/2026', '2026-10-5', '26-10-05', 'x2026-10-05', '2026-10-05x', '2026-10-05T14', '2026-10-05T14:30:1', '2026-10-05T14:30:15.', '2026-10-05T14:30+2', '20261005', '']) {
      expect(dateFromIso(text), text).toBeUndefined();
    }
  });
});
