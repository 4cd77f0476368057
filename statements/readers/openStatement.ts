import XLSX from '@e965/xlsx';
import type { ArchiveSource } from '../archive/archiveSource';
import { inspectArchive, type ArchiveLimits, type CheckedArchive } from '../archive/workbookArchive';
import { StatementFileError } from '../statementFileError';
import type { MessageCode } from '../../shared/messages/message';
import { openCsvWorkbook } from './csv/csvWorkbook';
import { openHtmlWorkbook } from './html/htmlWorkbook';
import { odsHiddenTables } from './sheetjs/odsHiddenTables';
import { openWholeWorkbook } from './sheetjs/sheetjsWorkbook';
import type { StatementFormat, StatementWorkbook } from './statementWorkbook';
import { officeDocumentOf } from './xlsx/packageParts';
import { openXlsxWorkbook } from './xlsx/xlsxWorkbook';

/**
 * Any statement file, whatever its name says: the format is recognised from the content (a
 * broker renames files, an extranet saves HTML as .xls), then read by its reader. A file that is
 * not a statement is refused with what it was recognised as.
 */

export interface ReaderLimits extends ArchiveLimits {
  /** Largest file of a format read whole in memory (.xls, .xlsb, .ods, HTML, XML 2003). */
  maxWholeFileBytes: number;
}

export { DEFAULT_MAX_WHOLE_FILE_BYTES } from './readerLimits';

/**
 * The data a whole-read format holds per byte of its limit: its file for .xls and text formats;
 * inflated, an .ods's XML is about six times as verbose per row, an .xlsb's records about twice.
 */
const WHOLE_FORMAT_VERBOSITY: Partial<Record<StatementFormat, number>> = { ods: 6, xlsb: 2 };

const starts = (head: Buffer, ...bytes: number[]) => bytes.every((byte, index) => head[index] === byte);
const otherFormat = (format: MessageCode) => new StatementFileError('file.otherFormat', { format: { code: format } });

/** A format SheetJS reads whole; `dataBytes`: what it will parse (the inflated parts of a zip). */
async function readWhole(source: ArchiveSource, format: StatementFormat, limits: ReaderLimits, dataBytes = source.size, hidden?: Set<string>): Promise<StatementWorkbook> {
  const limit = limits.maxWholeFileBytes * (WHOLE_FORMAT_VERBOSITY[format] ?? 1);
  if (dataBytes > limit) {
    const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    throw new StatementFileError('file.tooLargeForFormat', {
      format: { code: `format.${format}` as MessageCode },
      limit: megabytes(limit),
      rows: Math.round(limits.maxWholeFileBytes / 256 / 1000) * 1000,
      size: megabytes(dataBytes),
    });
  }
  const file = await source.read(0, source.size);
  return format === 'html' ? openHtmlWorkbook(file) : openWholeWorkbook(file, format, { hidden });
}

/** An OpenDocument spreadsheet: refused when encrypted, its hidden tabs found, then read whole. */
async function openOds(archive: CheckedArchive, limits: ReaderLimits): Promise<StatementWorkbook> {
  const manifest = archive.part('META-INF/manifest.xml') ? await readSmallPart(archive, 'META-INF/manifest.xml') : '';
  if (/encryption-data/.test(manifest)) throw new StatementFileError('file.encrypted');
  return readWhole(archive.source, 'ods', limits, inflatedSize(archive), await odsHiddenTables(archive));
}

const inflatedSize = (archive: CheckedArchive) => archive.entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);

/** A zip: an Office Open XML package, an OpenDocument, a Numbers document, or something else. */
async function openZip(archive: CheckedArchive, limits: ReaderLimits): Promise<StatementWorkbook> {
  const mimetype = archive.part('mimetype');
  if (mimetype) {
    const type = (await readSmallPart(archive, 'mimetype')).trim();
    if (/opendocument\.spreadsheet/.test(type)) return openOds(archive, limits);
    if (/opendocument\.text/.test(type)) throw otherFormat('format.odt');
  }
  if (archive.part('Index/Document.iwa') || archive.entries.some((entry) => /^Index\/.*\.iwa$/i.test(entry.name)) || archive.part('Index.zip')) {
    throw new StatementFileError('file.numbers');
  }
  const main = await officeDocumentOf(archive);
  // A Word or PowerPoint package has the same structure, its main part elsewhere.
  if (/^word\//i.test(main) || archive.part('word/document.xml')) throw otherFormat('format.word');
  if (/^ppt\//i.test(main) || archive.part('ppt/presentation.xml')) throw otherFormat('format.powerpoint');
  if (/\.bin$/i.test(main) && archive.part(main)) return readWhole(archive.source, 'xlsb', limits, inflatedSize(archive));
  if (archive.part(main)) return openXlsxWorkbook(archive, main);
  if (archive.part('content.xml')) return openOds(archive, limits);
  throw new StatementFileError('file.notWorkbook');
}

async function readSmallPart(archive: CheckedArchive, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of archive.open(archive.part(name)!)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A Compound File (OLE2): Excel 97-2003, or an encrypted Office 2007+ file, or Word. */
async function openCompoundFile(source: ArchiveSource, limits: ReaderLimits): Promise<StatementWorkbook> {
  let names: string[];
  try {
    const container = XLSX.CFB.read(await source.read(0, Math.min(source.size, limits.maxWholeFileBytes)), { type: 'buffer' });
    names = container.FullPaths.map((name: string) => name.replace(/\/$/, '').split('/').pop() ?? '');
  } catch {
    if (source.size > limits.maxWholeFileBytes) return readWhole(source, 'xls', limits);
    throw new StatementFileError('file.unreadableCompound');
  }
  if (names.includes('EncryptedPackage') || names.includes('EncryptionInfo')) throw new StatementFileError('file.encrypted');
  if (names.includes('WordDocument')) throw otherFormat('format.word');
  if (names.includes('PowerPoint Document')) throw otherFormat('format.powerpoint');
  return readWhole(source, 'xls', limits);
}

/** Text: an HTML table, an Excel 2003 XML workbook, or CSV. */
function textFormatOf(head: Buffer): StatementFormat | MessageCode {
  const text = head
    .toString(head[0] === 0xff || head[1] === 0x00 ? 'utf16le' : 'latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
    .slice(0, 2048)
    .toLowerCase();
  if (/^<(!doctype html|html|table|head|body|meta)\b/.test(text) || (/^<\?xml/.test(text) && /<html\b/.test(text))) return 'html';
  if (/^<\?xml/.test(text) && /urn:schemas-microsoft-com:office:spreadsheet/.test(text)) return 'xml2003';
  if (/^\{\\rtf/.test(text)) return 'format.rtf';
  if (/^<\?xml|^</.test(text)) return 'file.unknownFormat';
  // Binary content that is neither of the formats above.
  const nul = head.subarray(0, 1024).indexOf(0);
  const utf16 = head[0] === 0xff || head[0] === 0xfe;
  if (nul >= 0 && !utf16) return 'file.unknownFormat';
  return 'csv';
}

export async function openStatementWorkbook(source: ArchiveSource, limits: ReaderLimits): Promise<StatementWorkbook> {
  if (source.size === 0) throw new StatementFileError('file.empty');
  const head = await source.read(0, Math.min(source.size, 4096));
  if (starts(head, 0x50, 0x4b, 0x03, 0x04) || starts(head, 0x50, 0x4b, 0x05, 0x06)) return openZip(await inspectArchive(source, limits), limits);
  if (starts(head, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return openCompoundFile(source, limits);
  if (starts(head, 0x25, 0x50, 0x44, 0x46)) throw otherFormat('format.pdf');
  if (starts(head, 0x89, 0x50, 0x4e, 0x47) || starts(head, 0xff, 0xd8, 0xff) || starts(head, 0x47, 0x49, 0x46, 0x38)) throw otherFormat('format.image');
  // BIFF2 to BIFF5 workbooks saved as a bare stream, without a Compound File around them.
  if (head[0] === 0x09 && [0x00, 0x02, 0x04, 0x08].includes(head[1])) return readWhole(source, 'xls', limits);
  const format = textFormatOf(head);
  if (format === 'csv') return openCsvWorkbook(source);
  if (format === 'html' || format === 'xml2003') return readWhole(source, format, limits);
  if (format === 'file.unknownFormat') throw new StatementFileError('file.unknownFormat');
  throw otherFormat(format as MessageCode);
}
