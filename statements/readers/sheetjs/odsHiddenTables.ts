import type { CheckedArchive } from '../../archive/workbookArchive';
import { attributeByLocalName, parseXmlPart } from '../xlsx/xmlPart';

/**
 * The tabs an OpenDocument spreadsheet hides: SheetJS does not say, the file does, through each
 * table's style (`<style:table-properties table:display="false">`), in content.xml.
 */
export async function odsHiddenTables(archive: CheckedArchive): Promise<Set<string>> {
  const hidden = new Set<string>();
  const part = archive.part('content.xml');
  if (!part) return hidden;
  const hiddenStyles = new Set<string>();
  let style: string | undefined;
  await parseXmlPart(archive.open(part), 'content.xml', {
    open(name, attributes) {
      if (name === 'style' && attributeByLocalName(attributes, 'family', true) === 'table') style = attributeByLocalName(attributes, 'name', true);
      else if (name === 'table-properties' && style && attributeByLocalName(attributes, 'display', true) === 'false') hiddenStyles.add(style);
      else if (name === 'table') {
        const tableStyle = attributeByLocalName(attributes, 'style-name', true);
        const tableName = attributeByLocalName(attributes, 'name', true);
        if (tableName && tableStyle && hiddenStyles.has(tableStyle)) hidden.add(tableName);
      }
    },
    close(name) {
      if (name === 'style') style = undefined;
    },
  });
  return hidden;
}
