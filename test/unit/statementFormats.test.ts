import iconv from 'iconv-lite';
import XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { zipArchive } from '../imports/statementFiles';
import { layoutOf, openFile, refusalOf, rowsOf } from '../support/statementReading';

/** Every format a broker receives, recognised from its content and read by the same rules. */
const csv = 'N° client;Nom;Adresse;Date de valeur;Montant\r\n007100234;Lefèvre;"12 rue des Œillets\r\n44000 Nantes";05/10/2026;1 234,56\r\n007100235;Søren;;06/10/2026;-97,50\r\n';

describe('CSV', () => {
  it('reads UTF-8 with or without a byte order mark, and Windows-1252, keeping every value as text', async () => {
    for (const file of [Buffer.from(csv), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]), iconv.encode(csv.replace('Œ', 'Oe').replace('Søren', 'Sœur'), 'win1252')]) {
      const { workbook, layout } = await layoutOf(file);
      expect(workbook.format).toBe('csv');
      expect(layout).toMatchObject({ sheet: 'CSV', headerRow: 1, dataRows: 2, columns: ['N° client', 'Nom', 'Adresse', 'Date de valeur', 'Montant'] });
      const rows = await rowsOf(file);
      expect(rows[1].cells[0]).toBe('007100234');
      expect(rows[1].cells[2]).toMatch(/^12 rue des (Œ|Oe)illets\r\n44000 Nantes$/);
      expect(rows[2].cells[1]).toMatch(/^(Søren|Sœur)$/);
      expect(rows[2].cells[2]).toBeNull();
    }
  });

  it('detects the separator: semicolon, comma, tab, and Excel’s sep= line', async () => {
    const semicolon = 'N° client;Nom;Montant\n1;Dupont;12,50\n2;Martin;3,10\n';
    const comma = 'N° client,Nom,Montant\n1,Dupont,"12,50"\n2,Martin,"3,10"\n';
    const tab = 'N° client\tNom\tMontant\n1\tDupont\t12,50\n2\tMartin\t3,10\n';
    const declared = 'sep=,\nN° client,Nom,Montant\n1,Dupont,"12,50"\n';
    for (const text of [semicolon, comma, tab, declared]) {
      const rows = await rowsOf(Buffer.from(text));
      expect(rows[0].cells, JSON.stringify(text)).toEqual(['N° client', 'Nom', 'Montant']);
      expect(rows[1]).toEqual({ rowNumber: 2, cells: ['1', 'Dupont', '12,50'] });
    }
  });

  it('reads UTF-16 text (Excel’s “Texte Unicode”) and refuses what cannot be decoded or parsed', async () => {
    const unicode = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('N° client\tNom\tMontant\r\n1\tLefèvre\t2\r\n', 'utf16le')]);
    expect((await rowsOf(unicode))[1].cells).toEqual(['1', 'Lefèvre', '2']);
    expect(await refusalOf(Buffer.from('N° client;Nom;Montant\n1;"Dupont;2\n'))).toMatch(/Le fichier CSV est mal formé ligne 2/);
    const replacement = Buffer.from('N° client;Nom;Montant\n1;Orl\uFFFDans;2\n');
    expect(await refusalOf(replacement)).toMatch(/caractères illisibles \(ligne 2\)/);
  });
});

describe('formats read whole (SheetJS)', () => {
  const sheet = [
    ['N° client', 'Nom', 'Date de valeur', 'Montant'],
    ['007100234', 'Lefèvre', new Date(Date.UTC(2026, 9, 5)), 380.25],
  ];
  const book = (bookType: XLSX.BookType) => {
    const workbook = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([['Récapitulatif'], ['x']]), 'Notes');
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(sheet, { cellDates: true }), 'Bordereau');
    return Buffer.from(XLSX.write(workbook, { bookType, type: 'buffer' }));
  };

  it.each(['xls', 'ods', 'xlsb'] as const)('reads .%s: tabs in order, text, numbers and dates', async (bookType) => {
    const { workbook, layout, sample } = await layoutOf(book(bookType));
    expect(workbook.format).toBe(bookType);
    expect(workbook.sheets.map((s) => s.name)).toEqual(['Notes', 'Bordereau']);
    expect(layout.sheet).toBe('Bordereau');
    expect(sample[0].cells).toEqual(['007100234', 'Lefèvre', new Date(Date.UTC(2026, 9, 5)), 380.25]);
  });

  it('reads an HTML table saved as .xls with its values as text (leading zeros kept)', async () => {
    const html =
      '<html><head><meta charset="utf-8"></head><body><table><tr><td>N° client</td><td>Nom</td><td>Montant</td></tr><tr><td>007100234</td><td>Lefèvre</td><td>1 234,56</td></tr></table></body></html>';
    const { workbook, sample } = await layoutOf(Buffer.from(html));
    expect(workbook.format).toBe('html');
    expect(sample[0].cells).toEqual(['007100234', 'Lefèvre', '1 234,56']);
  });

  it('refuses a whole-read file past its limit, saying the limit and the way out', async () => {
    expect(await refusalOf(book('xls'), { maxWholeFileBytes: 1024 })).toMatch(
      /^Les fichiers Excel 97-2003 \(\.xls\) sont lus en entier en mémoire : ils sont limités à 0 Mo de données.*\.xlsx ou \.csv/,
    );
  });
});

describe('what is not a statement says what it is', () => {
  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n'), /Ce fichier est un document PDF/],
    ['an image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), /Ce fichier est une image/],
    [
      'a Numbers document',
      zipArchive([
        { name: 'Index/Document.iwa', content: Buffer.from('x') },
        { name: 'Metadata/Properties.plist', content: Buffer.from('x') },
      ]),
      /fichier Numbers \(\.numbers\) : exportez-le en \.xlsx/,
    ],
    [
      'a Word document',
      zipArchive([
        { name: '[Content_Types].xml', content: Buffer.from('<Types/>') },
        { name: 'word/document.xml', content: Buffer.from('<w:document/>') },
      ]),
      /Ce fichier est un document Word/,
    ],
    ['an OpenDocument text', zipArchive([{ name: 'mimetype', content: Buffer.from('application/vnd.oasis.opendocument.text'), stored: true }]), /document texte OpenDocument/],
    ['an empty file', Buffer.alloc(0), /Le fichier est vide/],
    ['binary noise', Buffer.from([1, 2, 0, 4, 5, 0, 7]), /Format de fichier non reconnu/],
  ])('%s', async (_name, file, message) => {
    expect(await refusalOf(file)).toMatch(message);
  });

  it('reads an .xlsx whatever its name says, and an .xlsm alike', async () => {
    const workbook = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      workbook,
      XLSX.utils.aoa_to_sheet([
        ['N° client', 'Montant'],
        ['1', 2],
      ]),
      'S',
    );
    expect((await openFile(Buffer.from(XLSX.write(workbook, { bookType: 'xlsm', type: 'buffer' })))).format).toBe('xlsx');
  });
});
