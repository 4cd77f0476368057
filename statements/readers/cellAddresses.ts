import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/**
 * Cells and rows without an `r` address. OOXML makes the attribute optional (a cell without it
 * is the one after its left neighbour, a row the one after the previous row) and some generators
 * leave it out, but exceljs' streaming reader decodes `r` unconditionally and crashes
 * (`decodeAddress(undefined)`, field notes). Rather than patching exceljs (the Docker image
 * installs with --ignore-scripts, so a postinstall patch would silently not apply there, and a
 * patch pins one exceljs version), the archive is repaired before any parser sees it: the
 * worksheets that lack addresses are rewritten with the addresses their positions give. Files
 * that carry their addresses, nearly all, are only scanned.
 *
 * The XML is handled as latin1 text, one character per byte, so every byte of UTF-8 content
 * passes through unchanged; only `<c …>` and `<row …>` start tags are looked at.
 */

/** `<c` or `<row` start tags (not `<col`, `<cols`, `<rowBreaks`), up to their closing `>`. */
const TAG = /<(c|row)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ADDRESS = /\sr\s*=\s*(["'])([^"']*)\1/;

/** Excel's column letters: 1 → A, 27 → AA. */
function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function columnOf(reference: string): number | undefined {
  const letters = /^\$?([A-Za-z]{1,3})\$?\d+$/.exec(reference)?.[1];
  if (!letters) return undefined;
  let column = 0;
  for (const letter of letters.toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return column;
}

/**
 * Walks the `<row>` and `<c>` start tags of a worksheet fed in chunks, keeping the position each
 * implies. With `rewrite`, it returns the text with the missing `r` attributes added.
 */
export class CellAddressScanner {
  /** Start tags that had no address. */
  missing = 0;
  private row = 0;
  private column = 0;
  private carry = '';

  constructor(private readonly rewrite: boolean) {}

  /** Returns the rewritten text of everything complete so far (empty when not rewriting). */
  feed(chunk: string): string {
    const text = this.carry + chunk;
    // A start tag cut by the chunk's end waits for the next chunk.
    const lastOpen = text.lastIndexOf('<');
    const cut = lastOpen >= 0 && text.indexOf('>', lastOpen) < 0 ? lastOpen : text.length;
    this.carry = text.slice(cut);
    return this.walk(text.slice(0, cut));
  }

  end(): string {
    const rest = this.walk(this.carry);
    this.carry = '';
    return rest;
  }

  private walk(text: string): string {
    const out: string[] = [];
    let at = 0;
    for (const match of text.matchAll(TAG)) {
      const [tag, name, attributes] = match;
      const address = ADDRESS.exec(attributes)?.[2];
      let added: string | undefined;
      if (name === 'row') {
        const number = address ? Number.parseInt(address, 10) : Number.NaN;
        this.row = Number.isFinite(number) && number > 0 ? number : this.row + 1;
        this.column = 0;
        if (!address) added = String(this.row);
      } else {
        const column = address ? columnOf(address) : undefined;
        this.column = column ?? this.column + 1;
        if (!address) added = `${columnLetters(this.column)}${Math.max(this.row, 1)}`;
      }
      if (added === undefined) continue;
      this.missing++;
      if (this.rewrite) {
        out.push(text.slice(at, match.index), `<${name} r="${added}"`, tag.slice(name.length + 1));
        at = match.index + tag.length;
      }
    }
    if (!this.rewrite) return '';
    out.push(text.slice(at));
    return out.join('');
  }
}

/**
 * The worksheet part with every cell and row addressed, deflated again: its new compressed bytes,
 * CRC-32 and size, for the archive's rewritten headers. Streaming, so memory stays flat.
 */
export async function addressedWorksheet(compressed: Buffer, method: number): Promise<{ data: Buffer; crc: number; size: number }> {
  const scanner = new CellAddressScanner(true);
  let crc = 0;
  let size = 0;
  const emit = (transform: Transform, text: string) => {
    if (!text) return;
    const bytes = Buffer.from(text, 'latin1');
    crc = zlib.crc32(bytes, crc);
    size += bytes.length;
    transform.push(bytes);
  };
  const address = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      emit(this, scanner.feed(chunk.toString('latin1')));
      done();
    },
    flush(done) {
      emit(this, scanner.end());
      done();
    },
  });
  const chunks: Buffer[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const source = Readable.from([compressed]);
  if (method === 0) await pipeline(source, address, zlib.createDeflateRaw(), collect);
  else await pipeline(source, zlib.createInflateRaw(), address, zlib.createDeflateRaw(), collect);
  return { data: Buffer.concat(chunks), crc, size };
}
