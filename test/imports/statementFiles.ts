import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { readCentralDirectory } from '../../statements/archive/zipDirectory';

/**
 * Statements as insurers send them, generated with exceljs: title rows above the header,
 * French headers, identifiers typed as numbers or as text with leading zeros, formulas
 * with cached results, rich text, hyperlinks, dates in three shapes, French amounts with
 * non-breaking spaces, an empty row, a TOTAL row and rows that must be rejected.
 */
export const NBSP = '\u00a0';
export const NNBSP = '\u202f';

export const MESSY_HEADER = ['N° client', 'Nom du client', 'Prénom', 'E-mail', 'Tél.', 'N° de contrat', 'Produit', 'Compagnie', 'Conseiller', "Date d'effet", 'Montant HT (€)', 'Libellé'];

/** Excel row numbers of the messy statement, for assertions. */
export const MESSY_ROWS = {
  header: 4,
  lefevre: 5,
  numericNumber: 6,
  formulaNumber: 7,
  empty: 8,
  badAmount: 9,
  badDate: 10,
  noClientNumber: 11,
  lefevreAgain: 12,
  total: 13,
};

export async function messyStatement(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Bordereau mars 2026');
  sheet.getCell('A1').value = 'Bordereau de commissions — Mutuelle Atlantique';
  sheet.getCell('A2').value = 'Période : mars 2026 — Cabinet Conance';
  sheet.getRow(4).values = MESSY_HEADER;

  // Row 5: text identifiers with leading zeros, French amount with non-breaking spaces, Date cell.
  sheet.getRow(5).values = [
    ' 004567 ',
    'Lefèvre',
    'Élodie',
    ' Elodie.Lefevre@Exemple.FR ',
    '06 12 34 56 78',
    'CT-0001',
    'Prévoyance',
    'Mutuelle Atlantique',
    'Claire Fontaine',
    new Date(Date.UTC(2026, 2, 1)),
    `1${NBSP}234,56${NBSP}€`,
    'Commission mars',
  ];
  // Row 6: numeric client number, rich-text name, hyperlink e-mail, Excel serial date, plain number amount.
  sheet.getRow(6).values = [
    4567,
    { richText: [{ text: 'Mar', font: { bold: true } }, { text: 'tin' }] },
    'Paul',
    { text: 'paul.martin@exemple.fr', hyperlink: 'mailto:paul.martin@exemple.fr' },
    '+33 7 00 00 00 01',
    889900,
    'Santé',
    'Mutuelle Atlantique',
    'FONTAINE Claire',
    46082,
    100.5,
    null,
  ];
  // Row 7: formulas with cached results, dd/mm/yyyy string date, negative French amount.
  sheet.getRow(7).values = [
    { formula: '"00"&"789"', result: '00789' },
    'Durand',
    null,
    null,
    null,
    'CT-0003',
    'Retraite',
    'Mutuelle Atlantique',
    'Marc Petit',
    '15/03/2026',
    `-12,50`,
    { formula: '"Reprise "&"mars"', result: 'Reprise mars' },
  ];
  // Row 8: empty. Rows 9-11: rejected.
  sheet.getRow(9).values = ['000111', 'Bernard', 'Luc', null, null, 'CT-0004', null, null, null, '01/03/2026', 'abc', null];
  sheet.getRow(10).values = ['000112', 'Robert', 'Anne', null, null, 'CT-0005', null, null, null, '31/02/2026', '10,00', null];
  sheet.getRow(11).values = [null, 'Sans Numéro', null, null, null, 'CT-0006', null, null, null, '01/03/2026', '5', null];
  // Row 12: the first client again; its first name cell is empty (must not erase), its e-mail changes.
  sheet.getRow(12).values = ['004567', 'Lefèvre', null, 'elodie@nouveau.fr', null, 'CT-0001', null, null, null, '02/03/2026', `2${NNBSP}000`, 'Commission complémentaire'];
  // Row 13: totals line.
  sheet.getRow(13).values = ['TOTAL', null, null, null, null, null, null, null, null, null, { formula: 'SUM(K5:K12)', result: 3322.06 }, null];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A plain statement of `rows` lines on `clients` distinct clients, written with the streaming writer. */
export async function largeStatement(rows: number, options: { clients?: number; contracts?: number; startClient?: number } = {}): Promise<Buffer> {
  const clients = options.clients ?? Math.max(1, Math.floor(rows / 2));
  const contracts = options.contracts ?? clients;
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('Commissions');
  sheet.addRow(['Relevé de commissions']).commit();
  sheet.addRow(['Client number', 'Nom', 'Prénom', 'E-mail', 'Police', 'Produit', 'Compagnie', 'Conseiller', 'Période', 'Commission', 'Libellé']).commit();
  for (let i = 0; i < rows; i++) {
    const client = (options.startClient ?? 0) + (i % clients);
    const contract = i % contracts;
    sheet
      .addRow([
        String(client).padStart(7, '0'),
        `Nom${client}`,
        `Prénom${client}`,
        `client${client}@exemple.fr`,
        `P-${contract}`,
        'Prévoyance',
        'Assureur Test',
        `Conseiller ${i % 7}`,
        new Date(Date.UTC(2026, i % 12, 1 + (i % 28))),
        Math.round(i * 137) / 100,
        `Ligne ${i}`,
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

/** A minimal zip with one stored or deflated entry per file, written by hand (tests only). */
export function zipArchive(files: Array<{ name: string; content: Buffer; declaredSize?: number; crc?: number; stored?: boolean; level?: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const compressed = file.stored ? file.content : zlib.deflateRawSync(file.content, { level: file.level ?? 9 });
    const method = file.stored ? 0 : 8;
    const name = Buffer.from(file.name);
    const size = file.declaredSize ?? file.content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(file.crc ?? zlib.crc32(file.content), 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(file.crc ?? zlib.crc32(file.content), 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * A tiny .xlsx-shaped archive whose sheet inflates to `inflatedBytes` of XML (empty cells
 * compress about 1000:1). With `lie`, the central directory declares a harmless size.
 */
export function zipBomb(inflatedBytes: number, options: { lie?: boolean } = {}): Buffer {
  const head = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  const sheet = Buffer.alloc(inflatedBytes, '<c/>');
  sheet.write(head, 0);
  return zipArchive([
    { name: '[Content_Types].xml', content: Buffer.from('<?xml version="1.0"?><Types/>') },
    { name: 'xl/workbook.xml', content: Buffer.from('<?xml version="1.0"?><workbook/>') },
    { name: 'xl/worksheets/sheet1.xml', content: sheet, declaredSize: options.lie ? 1000 : undefined },
  ]);
}

/** The Compound File signature of a legacy .xls (or an encrypted .xlsx). */
export function legacyXls(): Buffer {
  const file = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file);
  return file;
}

/**
 * The same workbook with the `r` addresses of its worksheets' rows and cells taken out, as some
 * generators write them (OOXML makes them optional). Every other part is kept as it is.
 */
export function withoutCellAddresses(xlsx: Buffer): Buffer {
  const files = readCentralDirectory(xlsx).map((entry) => {
    const local = entry.localOffset;
    const start = local + 30 + xlsx.readUInt16LE(local + 26) + xlsx.readUInt16LE(local + 28);
    const data = xlsx.subarray(start, start + entry.compressedSize);
    let content = entry.method === 0 ? Buffer.from(data) : zlib.inflateRawSync(data);
    if (/^xl\/worksheets\/sheet\d+\.xml$/.test(entry.name)) {
      content = Buffer.from(content.toString('utf8').replace(/<(c|row)((?:\s[^>]*?)?)\sr="[^"]*"/g, '<$1$2'), 'utf8');
    }
    return { name: entry.name, content };
  });
  return zipArchive(files);
}

/** A statement as the import tests build them: title rows, a header row, data rows. */
export async function statementOf(sheetName: string, titleRows: string[], header: string[], rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const title of titleRows) sheet.addRow([title]);
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The October statement: both dates, a status column, terminated contracts. */
export const OCTOBER_HEADER = ['N° client', 'Nom', 'Prénom', 'N° de contrat', 'Compagnie', 'Statut', "Date d'effet", 'Date de résiliation', 'Date de valeur', 'Commission'];
export function octoberStatement(): Promise<Buffer> {
  return statementOf('Octobre 2026', ['Bordereau de commissions — Octobre 2026', 'AXA France — Cabinet Conance'], OCTOBER_HEADER, [
    // Row 4: in force; its start (January 2026) must never date the commission.
    ['C-100', 'Martin', 'Paul', 'AXA-1', 'AXA France', 'En cours', '15/01/2026', null, '05/10/2026', '120,50'],
    // Row 5: terminated by its status, with its end date.
    ['C-101', 'Durand', 'Léa', 'AXA-2', 'AXA France', 'Résilié', '01/06/2025', '30/09/2026', '05/10/2026', '80'],
    // Row 6: "En cours" but its end date is past: terminated by the contracts' rule.
    ['C-102', 'Petit', 'Marc', 'AXA-3', 'AXA France', 'En cours', '01/03/2019', '31/08/2021', '06/10/2026', '15,00'],
    // Row 7: never took effect.
    ['C-103', 'Roux', 'Anne', 'AXA-4', 'AXA France', 'Sans effet', '01/10/2026', null, '06/10/2026', '-20,00'],
    // Row 8: an end date far ahead: still in force.
    ['C-104', 'Blanc', 'Jules', 'AXA-5', 'AXA France', 'Actif', '01/02/2026', '31/12/2099', '07/10/2026', '33,33'],
    // Rows 9-11: rejected (unknown status, end before start, bad commission date).
    ['C-105', 'Noir', 'Eve', 'AXA-6', 'AXA France', 'Peut-être', '01/02/2026', null, '07/10/2026', '10'],
    ['C-106', 'Vert', 'Luc', 'AXA-7', 'AXA France', 'En cours', '01/05/2026', '01/04/2026', '07/10/2026', '10'],
    ['C-107', 'Gris', 'Ana', 'AXA-8', 'AXA France', 'En cours', '01/05/2026', null, '32/10/2026', '10'],
    // Row 12: the first contract again, its status now "Racheté".
    ['C-100', 'Martin', 'Paul', 'AXA-1', 'AXA France', 'Racheté', null, '15/10/2026', '20/10/2026', '5'],
  ]);
}
