/**
 * Spreadsheet dates. A date is stored as a serial number of days: from 30/12/1899 in the 1900
 * system (Excel's default, with its fictitious 29/02/1900), from 01/01/1904 in the 1904 system
 * (old Mac Excel). ISO date cells (`t="d"`, Strict OOXML, OpenDocument) carry the text itself.
 */

const MS_PER_DAY = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** A serial day number as a Date (UTC), time of day kept; `undefined` when out of Excel's range. */
export function dateFromSerial(serial: number, date1904: boolean): Date | undefined {
  if (!Number.isFinite(serial) || serial < 0 || serial > 2958465) return undefined;
  // 1900 system: serials below 61 sit before Excel's phantom 29/02/1900, one day later than the epoch gives.
  const days = !date1904 && serial < 61 ? serial + 1 : serial;
  const ms = Math.round(days * MS_PER_DAY);
  return new Date((date1904 ? EPOCH_1904 : EPOCH_1900) + ms);
}

/** `2026-10-05`, `2026-10-05T14:30:00`, `2026-10-05T14:30:00.000Z` (a zone is ignored: the day as written). */
export function dateFromIso(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0), Math.round(Number(fraction ?? 0) * 1000)));
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return undefined;
  return date;
}
