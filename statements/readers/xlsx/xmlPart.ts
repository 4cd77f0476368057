import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import { partDecoder } from '../../archive/partScan';
import { StatementFileError } from '../../statementFileError';

/**
 * One XML part of a package, parsed as it is inflated: bytes decoded whatever their encoding
 * (UTF-8, or UTF-16 as Excel Mobile writes), a streaming decoder so that a character split
 * across two chunks stays whole, then saxes. Element and attribute names are given without their
 * namespace prefix: `<x:row>` (Open XML SDK) is `row`, as the format means. Nesting is bounded,
 * so a hostile part cannot make the parser's stack grow without limit.
 */

/** SpreadsheetML goes six levels deep; drawings and extensions a few more. */
export const MAX_XML_DEPTH = 64;

export interface XmlHandler {
  open(name: string, attributes: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  text?(text: string): void;
}

/** `x:row` → `row`; attribute names keep their prefix (`r:id`), which the readers look up by local name. */
export const localName = (name: string) => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/** An attribute by its local name: `r:id`, `id` under another prefix, Strict OOXML's own. */
export function attributeByLocalName(attributes: Record<string, string>, name: string, prefixed: boolean): string | undefined {
  for (const key in attributes) {
    const colon = key.indexOf(':');
    if (colon >= 0 === prefixed && key.slice(colon + 1) === name) return attributes[key];
  }
  return undefined;
}

/**
 * A parser for one part; `write` it the inflated chunks, then `end` it. Errors are thrown as
 * StatementFileErrors naming the part.
 */
export class XmlPartParser {
  private readonly parser = new SaxesParser({ position: false });
  private decoder: TextDecoder | undefined;
  private depth = 0;
  private failure: Error | undefined;

  constructor(
    private readonly part: string,
    handler: XmlHandler,
  ) {
    this.parser.on('opentag', (tag) => {
      if (++this.depth > MAX_XML_DEPTH) throw new StatementFileError('file.xmlTooDeep', { part: this.part, max: MAX_XML_DEPTH });
      handler.open(localName(tag.name), tag.attributes as Record<string, string>, tag.isSelfClosing);
    });
    this.parser.on('closetag', (tag) => {
      this.depth--;
      handler.close(localName(tag.name));
    });
    if (handler.text) {
      const text = handler.text.bind(handler);
      this.parser.on('text', text);
      this.parser.on('cdata', text);
    }
    this.parser.on('error', (error) => {
      this.failure ??= error;
    });
  }

  write(chunk: Buffer) {
    this.decoder ??= partDecoder(chunk);
    this.feed(this.decoder.decode(chunk, { stream: true }));
  }

  end() {
    if (this.decoder) this.feed(this.decoder.decode());
    this.guard(() => this.parser.close());
  }

  private feed(text: string) {
    if (text) this.guard(() => this.parser.write(text));
  }

  private guard(step: () => void) {
    try {
      step();
    } catch (error) {
      if (error instanceof StatementFileError) throw error;
      this.failure ??= error as Error;
    }
    if (this.failure) {
      const detail = this.failure.message
        .split('\n')[0]
        .replace(/^undefined:/, '')
        .slice(0, 160);
      throw new StatementFileError('file.invalidXml', { part: this.part, detail });
    }
  }
}

/** Parses a whole (small) part: workbook, relationships, styles, shared strings. */
export async function parseXmlPart(stream: Readable, part: string, handler: XmlHandler): Promise<void> {
  const parser = new XmlPartParser(part, handler);
  for await (const chunk of stream) parser.write(chunk as Buffer);
  parser.end();
}
