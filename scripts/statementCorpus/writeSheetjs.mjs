// The .xlsb of the corpus, written by SheetJS (@e965/xlsx, installed by generate.sh in the build
// folder, not in the project): nothing else on this machine writes the binary workbook format.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [, , buildDir, fixturesDir] = process.argv;
const require = createRequire(join(buildDir, 'sheetjs', 'package.json'));
const XLSX = require('@e965/xlsx');
const VERSION = XLSX.version;
const FORMATS = { amount: '#,##0.00', int: '0', rate: '0.00' };

function serial(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000 + 25569;
}

function cellOf([kind, value, third, fourth]) {
  if (kind === 's') return { t: 's', v: value };
  if (kind === 'd') return { t: 'n', v: serial(value), z: 'dd/mm/yyyy' };
  if (kind === 'n') return { t: 'n', v: Number(value), z: FORMATS[third] };
  if (kind === 'f') return { t: 'n', v: Number(third), f: value, z: FORMATS[fourth] };
  throw new Error(kind);
}

const sheets = JSON.parse(readFileSync(join(buildDir, 'model-known.json'), 'utf8'));
const workbook = XLSX.utils.book_new();
for (const sheet of sheets) {
  const worksheet = {};
  let width = 0;
  sheet.rows.forEach((row, r) => {
    width = Math.max(width, row.length);
    row.forEach((cell, c) => {
      if (cell) worksheet[XLSX.utils.encode_cell({ r, c })] = cellOf(cell);
    });
  });
  worksheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: sheet.rows.length - 1, c: width - 1 } });
  worksheet['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: width - 1 } }];
  XLSX.utils.book_append_sheet(workbook, worksheet, sheet.name);
}
workbook.Props = { Author: 'statementCorpus', CreatedDate: new Date(Date.UTC(2026, 10, 5, 9)) };
const out = join(fixturesDir, 'sheetjs');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'sheetjs-known.xlsb'), XLSX.write(workbook, { bookType: 'xlsb', type: 'buffer', compression: true }));
writeFileSync(
  join(buildDir, 'entries-sheetjs.json'),
  JSON.stringify(
    [
      {
        file: 'sheetjs/sheetjs-known.xlsb',
        producer: `SheetJS (@e965/xlsx) ${VERSION}, XLSX.write bookType "xlsb"`,
        format: 'xlsb',
        kind: 'known',
        notes: 'Strings inline in the sheet (no sharedStrings.bin); zip entries dated 1980-00-00.',
      },
    ],
    null,
    1,
  ),
);
