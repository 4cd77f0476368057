import { withoutAccents } from '../../shared/accentFolding';

/**
 * The month a statement covers. When no column gives a commission's date, the user names the
 * month and every line is dated its first day; the month is proposed from the title rows above
 * the header ("Bordereau de commissions — Octobre 2026"), else the sheet's or the file's name.
 * Pure, unit-tested.
 */

/** `YYYY-MM`, as the upload's `period` field carries it. */
export type StatementPeriod = string;

const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `2026-10` is valid; `2026-13`, `26-10` or `1899-12` are not. */
export function isStatementPeriod(value: string): boolean {
  const match = PERIOD_PATTERN.exec(value);
  return Boolean(match && Number(match[1]) >= 1900 && Number(match[1]) <= 9999);
}

/** The date every line of the statement gets: the month's first day. */
export function periodFirstDay(period: StatementPeriod): string {
  return `${period}-01`;
}

const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** `2026-10` → `octobre 2026`. */
export function periodLabel(period: StatementPeriod): string {
  const [year, month] = period.split('-');
  return `${MONTHS_FR[Number(month) - 1]} ${year}`;
}

/** Month words as statements write them (accents dropped, lower case), full or abbreviated. */
const MONTH_WORDS: Array<[RegExp, number]> = [
  [/^janv(ier|\.)?$|^jan(uary)?$/, 1],
  [/^fev(rier|r\.?|\.)?$|^feb(ruary)?$/, 2],
  [/^mars$|^mar(ch)?$/, 3],
  [/^avr(il|\.)?$|^apr(il)?$/, 4],
  [/^mai$|^may$/, 5],
  [/^juin$|^june?$/, 6],
  [/^juil(let|\.)?$|^july?$/, 7],
  [/^aout$|^aug(ust)?$/, 8],
  [/^sept?(embre|\.)?$|^sept?(ember)?$/, 9],
  [/^oct(obre|\.)?$|^oct(ober)?$/, 10],
  [/^nov(embre|\.)?$|^nov(ember)?$/, 11],
  [/^dec(embre|\.)?$|^dec(ember)?$/, 12],
];

function monthOfWord(word: string): number | undefined {
  return MONTH_WORDS.find(([pattern]) => pattern.test(word))?.[1];
}

const twoDigits = (month: number) => String(month).padStart(2, '0');

/**
 * The month a text names, if exactly one: `Octobre 2026`, `oct. 2026`, `10/2026`, `2026-10`,
 * `Période : mars 2026`. A text naming two different months ("du 01/09/2026 au 30/09/2026" is
 * one month; "septembre à novembre 2026" is not) names none: the user chooses.
 */
export function periodInText(text: string): StatementPeriod | null {
  const plain = withoutAccents(text).toLowerCase();
  const found = new Set<string>();
  const add = (year: number, month: number | undefined) => {
    if (month && year >= 1900 && year <= 9999) found.add(`${year}-${twoDigits(month)}`);
  };
  // "octobre 2026", "oct. 2026", "octobre-2026"
  for (const match of plain.matchAll(/([a-z]+\.?)[\s\-_/]*(\d{4})\b/g)) add(Number(match[2]), monthOfWord(match[1]));
  // "10/2026", "10-2026", "10.2026" (not inside a full date dd/mm/yyyy, handled below)
  for (const match of plain.matchAll(/(?<![\d/.-])(\d{1,2})[/.-](\d{4})\b/g)) add(Number(match[2]), Number(match[1]) <= 12 ? Number(match[1]) : undefined);
  // "2026-10", "2026/10" (not a full ISO date)
  for (const match of plain.matchAll(/\b(\d{4})[/-](\d{1,2})\b(?![/.-]\d)/g)) add(Number(match[1]), Number(match[2]) <= 12 ? Number(match[2]) : undefined);
  // Full dates "du 01/10/2026 au 31/10/2026": the month they fall in, only when the text speaks of
  // a period (an edition date, "édité le 05/11/2026", is not the statement's month).
  if (/\b(periode|mois|du|au)\b/.test(plain)) {
    for (const match of plain.matchAll(/\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/g)) add(Number(match[3]), Number(match[2]) <= 12 ? Number(match[2]) : undefined);
    for (const match of plain.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) add(Number(match[1]), Number(match[2]) <= 12 ? Number(match[2]) : undefined);
  }
  // "de septembre à novembre 2026": two month words, one period each is not.
  const monthWords = new Set((plain.match(/[a-z]+\.?/g) ?? []).map(monthOfWord).filter(Boolean));
  if (monthWords.size > 1) return null;
  return found.size === 1 ? [...found][0] : null;
}

/**
 * The period proposed for a statement: the first title row (above the header) that names one
 * month, else the sheet's name, else the file's name. `text` is where it was read, to show.
 */
export function proposePeriod(sources: { titleRows: string[]; sheetName?: string; fileName?: string }): { period: StatementPeriod; text: string } | null {
  const candidates = [...sources.titleRows, sources.sheetName, sources.fileName?.replace(/\.xlsx$/i, '')];
  for (const text of candidates) {
    if (!text) continue;
    const period = periodInText(text);
    if (period) return { period, text };
  }
  return null;
}
