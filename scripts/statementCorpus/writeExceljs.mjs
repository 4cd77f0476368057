// The corpus files written by exceljs (the project's own dependency), from the workbook models
// that exportModels.py dumps: the whole-workbook writer and the streaming writer.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

const require = createRequire(import.meta.url);
const VERSION = require('exceljs/package.json').version;
const [, , buildDir, fixturesDir] = process.argv;
const FIXED_TIME = new Date(Date.UTC(2026, 10, 5, 9, 0, 0));
const FORMATS = { amount: '#,##0.00', int: '0', rate: '0.00' };
const DATE_FORMAT = 'dd/mm/yyyy';

const model = (kind) => JSON.parse(readFileSync(join(buildDir, `model-${kind}.json`), 'utf8'));

/** A model cell as exceljs takes it: value and number format. */
function cellOf(cell) {
  const [kind, value, third, fourth] = cell;
  if (kind === 's') return { value };
  if (kind === 'd') {
    const [y, m, d] = value.split('-').map(Number);
    return { value: new Date(Date.UTC(y, m - 1, d)), numFmt: DATE_FORMAT };
  }
  if (kind === 'n') return { value: Number(value), numFmt: FORMATS[third] };
  if (kind === 'f') return { value: { formula: value, result: third === null ? undefined : Number(third) }, numFmt: FORMATS[fourth] };
  throw new Error(`unknown cell kind ${kind}`);
}

function fillSheet(worksheet, sheet, { mergeTitle }) {
  const width = Math.max(...sheet.rows.map((row) => row.length));
  sheet.rows.forEach((row, r) => {
    const target = worksheet.getRow(r + 1);
    row.forEach((cell, c) => {
      if (!cell) return;
      const { value, numFmt } = cellOf(cell);
      const excelCell = target.getCell(c + 1);
      excelCell.value = value;
      if (numFmt) excelCell.numFmt = numFmt;
      if (typeof value === 'string' && value.includes('\n')) excelCell.alignment = { wrapText: true };
    });
    if (target.commit) target.commit();
  });
  if (mergeTitle && sheet.rows[0].length === 1) worksheet.mergeCells(1, 1, 1, width);
}

async function writeWorkbook(path, sheets) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'statementCorpus';
  workbook.created = FIXED_TIME;
  workbook.modified = FIXED_TIME;
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, { state: sheet.hidden ? 'hidden' : 'visible' });
    fillSheet(worksheet, sheet, { mergeTitle: true });
  }
  await workbook.xlsx.writeFile(path);
}

async function writeStream(path, sheets, options) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, ...options });
  workbook.creator = 'statementCorpus';
  workbook.created = FIXED_TIME;
  workbook.modified = FIXED_TIME;
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, { state: sheet.hidden ? 'hidden' : 'visible' });
    // Merges must be declared before the rows are committed in the streaming writer.
    fillSheet(worksheet, sheet, { mergeTitle: false });
    worksheet.commit();
  }
  await workbook.commit();
}

const out = join(fixturesDir, 'exceljs');
mkdirSync(out, { recursive: true });
const producer = `exceljs ${VERSION}`;
const entries = [];
const add = (file, how, kind, extra = {}) => entries.push({ file: `exceljs/${file}`, producer: `${producer}, ${how}`, format: 'xlsx', kind, ...extra });

await writeWorkbook(join(out, 'exceljs-workbook.xlsx'), model('known'));
add('exceljs-workbook.xlsx', 'Workbook + workbook.xlsx.writeFile (title merged, TOTAL as {formula, result})', 'known', {
  notes: 'The zip holds directory entries (_rels/, xl/, xl/worksheets/...) and xl/workbook.xml comes last, after the sheets and sharedStrings.xml.',
});
await writeWorkbook(join(out, 'exceljs-two-tabs.xlsx'), model('two-tabs'));
add('exceljs-two-tabs.xlsx', 'Workbook + workbook.xlsx.writeFile', 'two-tabs');
await writeStream(join(out, 'exceljs-stream.xlsx'), model('known'), { useStyles: true, useSharedStrings: true });
add('exceljs-stream.xlsx', 'stream.xlsx.WorkbookWriter({ useStyles: true, useSharedStrings: true })', 'known', {
  notes: 'Zip order: theme, rels, the sheet, [Content_Types].xml, docProps, sharedStrings.xml (after the sheet), styles, workbook.xml last.',
});
await writeStream(join(out, 'exceljs-stream-defaults.xlsx'), model('known'), {});
add('exceljs-stream-defaults.xlsx', 'stream.xlsx.WorkbookWriter with default options', 'known', {
  notes: 'Default options: every string is a formula-string cell <c t="str"><v>…</v></c> (neither shared nor inline), date cells get the built-in numFmtId 14, amount formats are dropped.',
});
writeFileSync(join(buildDir, 'entries-exceljs.json'), JSON.stringify(entries, null, 1));
