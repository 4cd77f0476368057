import path from 'node:path/posix';
import type { CheckedArchive, CheckedPart } from '../../archive/workbookArchive';
import { StatementFileError } from '../../statementFileError';
import { attributeByLocalName, parseXmlPart } from './xmlPart';

/**
 * An Open Packaging Conventions package (.xlsx, .xlsm, Strict OOXML): its parts are found through
 * relationships, as the format says, never by file-name patterns (Numbers names its first sheet
 * `sheet.xml`, some generators put the workbook elsewhere than `xl/workbook.xml`).
 */

export interface Relationship {
  id: string;
  /** The relationship type's last segment: `officeDocument`, `worksheet`, `sharedStrings`, `styles`. */
  type: string;
  /** The target part's name inside the package. */
  target: string;
  external: boolean;
}

/** `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`; the package's own: `_rels/.rels`. */
function relationshipsPartOf(source: string): string {
  return source === '' ? '_rels/.rels' : path.join(path.dirname(source), '_rels', `${path.basename(source)}.rels`);
}

/** A target relative to its source part's folder, or absolute from the package root. */
function resolveTarget(source: string, target: string): string {
  const cleaned = decodeURIComponent(target.replace(/\\/g, '/'));
  return cleaned.startsWith('/') ? cleaned.slice(1) : path.normalize(path.join(path.dirname(source), cleaned));
}

/** The part, checked by the archive inspection, or a clear refusal. */
export function requirePart(archive: CheckedArchive, name: string): CheckedPart {
  const part = archive.part(name);
  if (!part) throw new StatementFileError('file.missingPart', { part: name });
  return part;
}

/** The relationships of a part (`''`: the package's own); none when it has no relationships part. */
export async function relationshipsOf(archive: CheckedArchive, source: string): Promise<Relationship[]> {
  const name = relationshipsPartOf(source);
  const part = archive.part(name);
  if (!part) return [];
  const relationships: Relationship[] = [];
  await parseXmlPart(archive.open(part), name, {
    open(element, attributes) {
      if (element !== 'Relationship') return;
      const id = attributeByLocalName(attributes, 'Id', false) ?? '';
      const type = (attributeByLocalName(attributes, 'Type', false) ?? '').split('/').pop() ?? '';
      const external = (attributeByLocalName(attributes, 'TargetMode', false) ?? '').toLowerCase() === 'external';
      const target = attributeByLocalName(attributes, 'Target', false) ?? '';
      relationships.push({ id, type, external, target: external ? target : resolveTarget(source, target) });
    },
    close() {},
  });
  return relationships;
}

/** The main part (the workbook) named by the package's relationships, `xl/workbook.xml` when they are missing. */
export async function officeDocumentOf(archive: CheckedArchive): Promise<string> {
  const main = (await relationshipsOf(archive, '')).find((relationship) => relationship.type === 'officeDocument' && !relationship.external);
  return main?.target ?? 'xl/workbook.xml';
}
