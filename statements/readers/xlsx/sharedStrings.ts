import type { CheckedArchive } from '../../archive/workbookArchive';
import { requirePart } from './packageParts';
import { parseXmlPart, type XmlHandler } from './xmlPart';

/**
 * Text in SpreadsheetML: a string item (`<si>`, `<is>`) is its `<t>` elements, plain or in rich
 * text runs (`<r>`), without the phonetic guides (`<rPh>`, Japanese readings). Characters XML
 * cannot carry are escaped as `_xHHHH_` (`_x000D_` for a carriage return, `_x005F_` for `_`).
 */
export function unescapeOoxml(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : text;
}

/** Collects the text of string items; `onItem` receives each one's text when it closes. */
export class StringItemText implements XmlHandler {
  private inText = false;
  private phonetic = 0;
  private parts: string[] = [];

  constructor(
    private readonly item: string,
    private readonly onItem: (text: string) => void,
  ) {}

  open(name: string, _attributes: Record<string, string>, selfClosing: boolean) {
    if (name === this.item) this.parts = [];
    else if (name === 'rPh') this.phonetic++;
    else if (name === 't' && !selfClosing) this.inText = this.phonetic === 0;
  }

  text(text: string) {
    if (this.inText) this.parts.push(text);
  }

  close(name: string) {
    if (name === 't') this.inText = false;
    else if (name === 'rPh') this.phonetic--;
    else if (name === this.item) this.onItem(unescapeOoxml(this.parts.join('')));
  }
}

/** The shared strings table, held in memory (its size is budgeted by the archive inspection). */
export async function readSharedStrings(archive: CheckedArchive, part: string | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!part || !archive.part(part)) return strings;
  await parseXmlPart(archive.open(requirePart(archive, part)), part, new StringItemText('si', (text) => strings.push(text)));
  return strings;
}
