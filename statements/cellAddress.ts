/** Excel's column letters, 0-based: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A cell as a spreadsheet names it: column 0, row 5 → `A5`. */
export const cellAddress = (column: number, rowNumber: number) => `${columnLetter(column)}${rowNumber}`;
