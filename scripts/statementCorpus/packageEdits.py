"""Editing the parts of an OOXML package: parse and put back a part, drop or rename one with its
relationship and content type, re-serialise with prefixed SpreadsheetML, switch to Strict namespaces."""
import re

from lxml import etree

from zipParts import Part

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET = "xl/worksheets/sheet1.xml"


def q(tag, ns=MAIN):
    return f"{{{ns}}}{tag}"


def parse(parts, name):
    return etree.fromstring(parts[name].data)


def put(parts, name, root, encoding="UTF-8", compress=None):
    data = etree.tostring(root, xml_declaration=True, encoding=encoding, standalone=True)
    old = parts[name]
    parts[name] = Part(name, data, old.compress if compress is None else compress)


def drop_part(parts, name):
    """Removes a part with its relationship and content-type override."""
    del parts[name]
    rels = parse(parts, "xl/_rels/workbook.xml.rels")
    target = name.removeprefix("xl/")
    for rel in rels.findall(q("Relationship", PKG_REL)):
        if rel.get("Target") == target:
            rels.remove(rel)
    put(parts, "xl/_rels/workbook.xml.rels", rels)
    types = parse(parts, "[Content_Types].xml")
    for override in types.findall(q("Override", CT)):
        if override.get("PartName") == "/" + name:
            types.remove(override)
    put(parts, "[Content_Types].xml", types)


def rename_part(parts, old, new):
    parts_list = [Part(new, p.data, p.compress) if p.name == old else p for p in parts.values()]
    parts.clear()
    parts.update((p.name, p) for p in parts_list)
    for rels_name, prefix in (("xl/_rels/workbook.xml.rels", "xl/"),):
        rels = parse(parts, rels_name)
        for rel in rels.findall(q("Relationship", PKG_REL)):
            if rel.get("Target") == old.removeprefix(prefix):
                rel.set("Target", new.removeprefix(prefix))
        put(parts, rels_name, rels)
    types = parse(parts, "[Content_Types].xml")
    for override in types.findall(q("Override", CT)):
        if override.get("PartName") == "/" + old:
            override.set("PartName", "/" + new)
    put(parts, "[Content_Types].xml", types)


def shared_strings(parts):
    root = parse(parts, "xl/sharedStrings.xml")
    return ["".join(si.itertext()) for si in root.findall(q("si"))], root


def column_index(ref):
    letters = re.match(r"[A-Z]+", ref).group()
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


def prefixed(parts):
    """Every SpreadsheetML element as x:name, the main namespace bound to x (Microsoft's Open XML SDK)."""
    for name in ("xl/workbook.xml", SHEET, "xl/sharedStrings.xml", "xl/styles.xml"):
        parts[name] = parts[name]._replace(data=serialise_prefixed(etree.fromstring(parts[name].data)))


def serialise_prefixed(root):
    prefixes = {MAIN: "x"}
    for element in root.iter():  # namespaces may be declared below the root (LibreOffice's <ext>)
        for prefix, uri in element.nsmap.items():
            if uri not in prefixes:
                prefixes[uri] = prefix or f"ns{len(prefixes)}"

    def name(qname):
        qn = etree.QName(qname)
        return f"{prefixes[qn.namespace]}:{qn.localname}" if qn.namespace else qn.localname

    def escape(text, attribute=False):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if attribute:
            text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
        return text

    out = []

    def emit(element, top=False):
        attrs = []
        if top:
            attrs += [f'xmlns:{prefix}="{uri}"' for uri, prefix in prefixes.items()]
        for key, value in element.attrib.items():
            qn = etree.QName(key)
            if qn.namespace == "http://www.w3.org/XML/1998/namespace":
                attrs.append(f'xml:{qn.localname}="{escape(value, True)}"')
            else:
                attrs.append(f'{name(key)}="{escape(value, True)}"')
        tag = name(element.tag)
        head = f"<{tag}" + "".join(" " + a for a in attrs)
        if len(element) == 0 and not element.text:
            out.append(head + "/>")
        else:
            out.append(head + ">" + escape(element.text or ""))
            for child in element:
                emit(child)
                out.append(escape(child.tail or ""))
            out.append(f"</{tag}>")

    emit(root, top=True)
    return ('<?xml version="1.0" encoding="utf-8"?>' + "".join(out)).encode("utf-8")


STRICT = {
    MAIN: "http://purl.oclc.org/ooxml/spreadsheetml/main",
    REL: "http://purl.oclc.org/ooxml/officeDocument/relationships",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "http://purl.oclc.org/ooxml/drawingml/main",
}


def strict(parts):
    """Strict OOXML (ISO/IEC 29500 Strict): the purl.oclc.org namespaces and relationship types, ISO date cells."""
    for name, part in list(parts.items()):
        if not name.endswith((".xml", ".rels")) or name == "[Content_Types].xml":
            continue
        text = part.data.decode("utf-8")
        for old, new in STRICT.items():
            text = text.replace(f'"{old}"', f'"{new}"')
        # Relationship types of the office document (not the package's core-properties type).
        text = text.replace('Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"',
                            'Type="http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties"')
        text = text.replace('Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/',
                            'Type="http://purl.oclc.org/ooxml/officeDocument/relationships/')
        text = text.replace('"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"',
                            '"http://purl.oclc.org/ooxml/officeDocument/extendedProperties"')
        if name == "xl/workbook.xml":
            text = re.sub(r"<workbook ", '<workbook conformance="strict" ', text, count=1)
        if name == SHEET:
            # Excel's Strict files carry date-times; openpyxl's iso_dates wrote plain dates.
            text = re.sub(r'(<c [^>]*t="d"[^>]*><v>)(\d{4}-\d\d-\d\d)(</v>)', r"\g<1>\2T00:00:00\3", text)
        parts[name] = part._replace(data=text.encode("utf-8"))
    assert "schemas.openxmlformats.org/spreadsheetml" not in parts["xl/workbook.xml"].data.decode()
