import type { CheckedArchive } from '../../archive/workbookArchive';
import { StatementFileError } from '../../statementFileError';
import { dateFromIso, dateFromSerial } from '../cellDates';
import { MAX_COLUMNS, type StatementCell, type StatementRowCells } from '../statementWorkbook';
import { requirePart } from './packageParts';
import { StringItemText } from './sharedStrings';
import { XmlPartParser, type XmlHandler } from './xmlPart';
import { cellAddress } from '../../cellAddress';

/** What a worksheet's cells are read with: the workbook's shared strings, date styles and date system. */
export interface WorksheetContext {
  sheet: string;
  sharedStrings: string[];
  dateStyles: boolean[];
  date1904: boolean;
}

/** `AB12` → 28 (1-based), or 0 when the reference has no column letters. */
function columnOfReference(reference: string): number {
  let column = 0;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i) | 0x20; // lower case
    if (code < 97 || code > 122) break;
    column = column * 26 + (code - 96);
  }
  return column;
}

/** A text that decoding already damaged is a read error, never a value (it would be stored broken). */
export function refuseDamagedText(text: string, sheet: string, cell: string): string {
  if (text.includes('\uFFFD')) throw new StatementFileError('file.replacementCharacter', { sheet, cell, text: text.length > 60 ? `${text.slice(0, 57)}…` : text });
  return text;
}

/**
 * The cells of `<row>` elements as they are parsed. A row or cell without its `r` address is the
 * one after the previous one (OOXML makes the attribute optional). Rows without any value (only
 * formatting) are not given: the archive inspection does not count them either.
 */
class RowCollector implements XmlHandler {
  readonly ready: StatementRowCells[] = [];
  private rowNumber = 0;
  private cells: StatementCell[] = [];
  private rowHasValue = false;
  private column = 0;
  private type = 'n';
  private style = 0;
  private value: string | undefined;
  private formula: string | undefined;
  private inline: string | undefined;
  private reading: 'v' | 'f' | undefined;
  private inlineText: StringItemText | undefined;

  constructor(private readonly context: WorksheetContext) {}

  open(name: string, attributes: Record<string, string>, selfClosing: boolean) {
    if (this.inlineText) {
      this.inlineText.open(name, attributes, selfClosing);
      return;
    }
    switch (name) {
      case 'row': {
        const number = attributes.r === undefined ? Number.NaN : Number(attributes.r);
        this.rowNumber = Number.isInteger(number) && number > 0 ? number : this.rowNumber + 1;
        this.cells = [];
        this.rowHasValue = false;
        this.column = 0;
        break;
      }
      case 'c': {
        const column = attributes.r === undefined ? 0 : columnOfReference(attributes.r);
        this.column = column > 0 ? column : this.column + 1;
        this.type = attributes.t ?? 'n';
        this.style = attributes.s === undefined ? 0 : Number(attributes.s);
        this.value = undefined;
        this.formula = undefined;
        this.inline = undefined;
        break;
      }
      case 'v':
        this.value = '';
        this.reading = selfClosing ? undefined : 'v';
        break;
      case 'f':
        this.formula = '';
        this.reading = selfClosing ? undefined : 'f';
        break;
      case 'is':
        if (!selfClosing) this.inlineText = new StringItemText('is', (text) => (this.inline = text));
        else this.inline = '';
        break;
    }
  }

  text(text: string) {
    if (this.inlineText) this.inlineText.text(text);
    else if (this.reading === 'v') this.value += text;
    else if (this.reading === 'f') this.formula += text;
  }

  close(name: string) {
    if (this.inlineText) {
      this.inlineText.close(name);
      if (name === 'is') this.inlineText = undefined;
      return;
    }
    if (name === 'v' || name === 'f') this.reading = undefined;
    else if (name === 'c') this.endCell();
    else if (name === 'row') {
      if (this.rowHasValue) this.ready.push({ rowNumber: this.rowNumber, cells: this.cells });
    }
  }

  private endCell() {
    if (this.value === undefined && this.inline === undefined && this.formula === undefined) return;
    this.rowHasValue = true;
    if (this.column > MAX_COLUMNS) return;
    const cell = this.cellValue();
    while (this.cells.length < this.column - 1) this.cells.push(null);
    this.cells[this.column - 1] = cell;
  }

  private address(): string {
    return cellAddress(this.column - 1, this.rowNumber);
  }

  private checked(raw: string): string {
    return raw.includes('\uFFFD') ? refuseDamagedText(raw, this.context.sheet, this.address()) : raw;
  }

  private cellValue(): StatementCell {
    const { value, type } = this;
    if (type === 'inlineStr' || (this.inline !== undefined && value === undefined)) return this.checked(this.inline ?? '');
    // openpyxl writes a formula it cannot compute with an empty value: nothing was computed.
    if (value === undefined || (value.trim() === '' && this.formula !== undefined && type !== 'str')) return { formula: this.formula ?? '' };
    switch (type) {
      case 's': {
        const shared = this.context.sharedStrings[Number(value)];
        if (shared === undefined) throw new StatementFileError('file.invalidXml', { part: this.context.sheet, detail: `chaîne partagée n° ${value} absente, cellule ${this.address()}` });
        return this.checked(shared);
      }
      case 'str':
        return this.checked(value);
      case 'b':
        return value.trim() === '1' || value.trim().toLowerCase() === 'true';
      case 'e':
        return { error: value };
      case 'd':
        return dateFromIso(value) ?? this.checked(value);
      default: {
        if (value.trim() === '') return null;
        const number = Number(value);
        if (!Number.isFinite(number)) return this.checked(value);
        if (this.context.dateStyles[this.style]) return dateFromSerial(number, this.context.date1904) ?? number;
        return number;
      }
    }
  }
}

/** The rows of one worksheet part, parsed as the part is inflated from the source. */
export async function* readWorksheetRows(archive: CheckedArchive, part: string, context: WorksheetContext): AsyncGenerator<StatementRowCells> {
  const collector = new RowCollector(context);
  const parser = new XmlPartParser(part, collector);
  const stream = archive.open(requirePart(archive, part));
  try {
    for await (const chunk of stream) {
      parser.write(chunk as Buffer);
      if (collector.ready.length) yield* collector.ready.splice(0);
    }
    parser.end();
    yield* collector.ready.splice(0);
  } finally {
    stream.destroy();
  }
}
