/**
 * CSV / formula injection guard, shared by every spreadsheet the product writes (the clients
 * CSV and Excel exports in the admin, the rejected-rows workbook of the API). One rule, in one
 * place, so the exports cannot drift apart again.
 *
 * OWASP's rule: a cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return
 * may be read as a formula by Excel or LibreOffice (`+1+cmd|' /C calc'!A0` runs a command via
 * DDE), so it is written with a leading apostrophe, which spreadsheets show as text.
 *
 * No `.*$` after the class (unlike Papa Parse's built-in `escapeFormulae: true` pattern, where
 * `.` stops at a line break): a multi-line cell such as an address starting with `=` must be
 * caught too.
 *
 * One exception: a negative decimal number and nothing else (`-12,50`, the CSV export's spelling
 * of a negative commission) cannot run anything, and with the apostrophe a spreadsheet would
 * read it as text, so a month's total would silently leave it out.
 */
export const FORMULA_TRIGGER = /^(?!-\d+(?:[.,]\d+)?$)[=+\-@\t\r]/;

/** Whether a text would start a formula in a spreadsheet. */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_TRIGGER.test(text);
}

/**
 * The value to write in a spreadsheet cell: texts that would start a formula get the apostrophe
 * prefix; numbers, dates, booleans and empty cells are data, never formulas, and stay as they are.
 */
export function neutraliseFormula<T>(value: T): T | string {
  return typeof value === 'string' && startsLikeFormula(value) ? `'${value}` : value;
}

/**
 * The inverse, for a statement read back: the rejected-rows workbook writes `'=…`, and the
 * fixed file is imported again; the apostrophe the guard added is not part of the value.
 */
export function withoutFormulaGuard(text: string): string {
  return text.startsWith("'") && FORMULA_TRIGGER.test(text.slice(1)) ? text.slice(1) : text;
}
