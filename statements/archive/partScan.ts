/**
 * What the inspection learns from a part's text while it checks the part anyway: whether the text
 * decodes cleanly (no U+FFFD, from a damaged producer or invalid bytes), and how many `<row>`
 * elements hold at least one value (`<v>`, `<is>` or `<f>`), namespace prefix or not. That count is the
 * sheet's announced row count: formatted empty rows do not count, as the reader skips them too.
 * A formula counts as a value, computed or not.
 */

/** The encoding of an XML part, from its byte order mark or its first bytes (XML 1.0, appendix F). */
export function xmlEncodingOf(head: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head[0] === 0x3c && head[1] === 0x00) return 'utf-16le';
  if (head[0] === 0x00 && head[1] === 0x3c) return 'utf-16be';
  return 'utf-8';
}

/** A streaming decoder of one XML part: the byte order mark is dropped, bad bytes become U+FFFD. */
export function partDecoder(head: Buffer): TextDecoder {
  return new TextDecoder(xmlEncodingOf(head), { fatal: false, ignoreBOM: false });
}

const TAG = /<(\/?)(?:[A-Za-z_][\w.-]*:)?(row|v|is|f)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/g;

export class PartScanner {
  /** Rows that hold at least one value. */
  rowsWithValues = 0;
  /** True once the decoded text holds U+FFFD. */
  replacement = false;
  private decoder: TextDecoder | undefined;
  private carry = '';
  private inRow = false;
  private rowHasValue = false;

  feed(chunk: Buffer) {
    this.decoder ??= partDecoder(chunk);
    this.scan(this.decoder.decode(chunk, { stream: true }));
  }

  end() {
    if (this.decoder) this.scan(this.decoder.decode());
    this.scan('', true);
  }

  private scan(decoded: string, last = false) {
    if (decoded.includes('\uFFFD')) this.replacement = true;
    const text = this.carry + decoded;
    // A tag cut by the chunk's end waits for the next chunk.
    const open = text.lastIndexOf('<');
    const cut = !last && open >= 0 && text.indexOf('>', open) < 0 ? open : text.length;
    this.carry = text.slice(cut);
    for (const [, closing, name, attributes] of text.slice(0, cut).matchAll(TAG)) {
      const selfClosing = attributes.endsWith('/');
      if (name === 'row') {
        if (closing) {
          if (this.inRow && this.rowHasValue) this.rowsWithValues++;
          this.inRow = false;
        } else {
          this.inRow = !selfClosing;
          this.rowHasValue = false;
        }
      } else if (!closing && (name === 'f' || !selfClosing) && this.inRow) {
        this.rowHasValue = true;
      }
    }
  }
}
