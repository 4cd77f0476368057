"""Hand-made variants: a real producer's file with its XML edited to look like what other writers emit
(Excel's zip order, Open XML SDK prefixes, Numbers' part names, Excel Mobile's UTF-16, Strict OOXML...).
"""
import datetime
import re
import sys
import zipfile

from lxml import etree

from corpus import BUILD, FIXTURES
from packageEdits import PKG_REL, SHEET, Part, column_index, drop_part, parse, prefixed, put, q, rename_part, shared_strings, strict
from registry import Registry
from zipParts import read_parts, write_parts

LO_BASE = FIXTURES / "libreoffice" / "lo-excel2007.xlsx"


# ---- the variants ------------------------------------------------------------------------------

def numbers_naming(parts):
    rename_part(parts, SHEET, "xl/worksheets/sheet.xml")


def inline_strings(parts):
    strings, _ = shared_strings(parts)
    sheet = parse(parts, SHEET)
    for cell in sheet.iter(q("c")):
        if cell.get("t") == "s":
            value = cell.find(q("v"))
            text = strings[int(value.text)]
            cell.remove(value)
            cell.set("t", "inlineStr")
            inline = etree.SubElement(cell, q("is"))
            t = etree.SubElement(inline, q("t"))
            t.text = text
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    put(parts, SHEET, sheet)
    drop_part(parts, "xl/sharedStrings.xml")


def utf16_sheet(parts):
    inline_strings(parts)
    sheet = parse(parts, SHEET)
    # etree writes UTF-16 with a BOM (little-endian here) and encoding="UTF-16" in the declaration.
    put(parts, SHEET, sheet, encoding="UTF-16")
    assert parts[SHEET].data[:2] == b"\xff\xfe"


def no_r_attributes(parts):
    """Rows and cells without r: gaps must then be written as empty <row/> and <c/>, as such writers do."""
    sheet = parse(parts, SHEET)
    data = sheet.find(q("sheetData"))
    rows = list(data)
    expected_row = 1
    for row in rows:
        number = int(row.get("r"))
        while expected_row < number:
            row.addprevious(etree.Element(q("row")))
            expected_row += 1
        expected_row += 1
        del row.attrib["r"]
        row.attrib.pop("spans", None)
        expected_col = 1
        for cell in list(row):
            col = column_index(cell.get("r"))
            while expected_col < col:
                cell.addprevious(etree.Element(q("c")))
                expected_col += 1
            expected_col += 1
            del cell.attrib["r"]
    dimension = sheet.find(q("dimension"))
    if dimension is not None:
        sheet.remove(dimension)
    put(parts, SHEET, sheet)


def date1904_one(parts):
    book = parse(parts, "xl/workbook.xml")
    pr = book.find(q("workbookPr"))
    assert pr.get("date1904") == "true"
    pr.set("date1904", "1")
    put(parts, "xl/workbook.xml", book)


def x000d_escape(parts):
    """Excel keeps a CR typed in a cell as _x000D_ (XML would turn a raw CR LF into LF)."""
    root = parse(parts, "xl/sharedStrings.xml")
    count = 0
    for t in root.iter(q("t")):
        if t.text and "\n" in t.text:
            t.text = t.text.replace("\n", "_x000D_\n")
            count += 1
    assert count == 1, count
    put(parts, "xl/sharedStrings.xml", root)


def stored_parts(parts):
    for name in ("xl/sharedStrings.xml", SHEET):
        parts[name] = parts[name]._replace(compress=zipfile.ZIP_STORED)


def shared_strings_last(parts):
    part = parts.pop("xl/sharedStrings.xml")
    parts["xl/sharedStrings.xml"] = part


def formatted_empty_rows(parts, count=100_000):
    """100,000 formatted empty rows below the statement: what a sheet looks like once a whole column was formatted."""
    text = parts[SHEET].data.decode("utf-8")
    last = max(int(n) for n in re.findall(r'<row r="(\d+)"', text))
    filler = "".join(f'<row r="{n}" s="1" customFormat="true" ht="12.8" customHeight="false"/>' for n in range(last + 1, last + 1 + count))
    text = text.replace("</sheetData>", filler + "</sheetData>", 1)
    text = re.sub(r'<dimension ref="A1:L\d+"/>', f'<dimension ref="A1:L{last + count}"/>', text)
    parts[SHEET] = parts[SHEET]._replace(data=text.encode("utf-8"))


def excel_zip_order(parts):
    """Excel numbers sheet parts by creation and writes them in that order: « Reprises » (created first,
    sheet1.xml, sheetId 1) comes before the statement (sheet2.xml, sheetId 2) that was moved to the first tab."""
    one, two = parts["xl/worksheets/sheet1.xml"], parts["xl/worksheets/sheet2.xml"]
    parts["xl/worksheets/sheet1.xml"] = Part("xl/worksheets/sheet1.xml", two.data, two.compress)
    parts["xl/worksheets/sheet2.xml"] = Part("xl/worksheets/sheet2.xml", one.data, one.compress)
    rels = parse(parts, "xl/_rels/workbook.xml.rels")
    for rel in rels.findall(q("Relationship", PKG_REL)):
        target = rel.get("Target")
        if target in ("worksheets/sheet1.xml", "worksheets/sheet2.xml"):
            rel.set("Target", "worksheets/sheet2.xml" if target.endswith("1.xml") else "worksheets/sheet1.xml")
    put(parts, "xl/_rels/workbook.xml.rels", rels)
    book = parse(parts, "xl/workbook.xml")
    sheets = book.find(q("sheets"))
    for sheet in sheets:
        sheet.set("sheetId", "2" if sheet.get("name") == "Bordereau" else "1")
    put(parts, "xl/workbook.xml", book)
    order = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
             "xl/worksheets/sheet2.xml", "xl/styles.xml", "xl/sharedStrings.xml", "docProps/core.xml", "docProps/app.xml"]
    assert sorted(order) == sorted(parts), sorted(parts)
    reordered = [parts[name] for name in order]
    parts.clear()
    parts.update((p.name, p) for p in reordered)


def numeric_dates_1904(parts):
    """Dates that reach a reader as numbers in a 1904 workbook: the effect dates lose their date format
    (General), the value dates become =DATE() formulas with their cached serials."""
    text = parts[SHEET].data.decode("utf-8")
    date_style = re.search(r'<c r="I5" s="(\d+)" t="n">', text)[1]

    def effect(match):
        return f'<c r="{match[1]}" s="0" t="n"><v>{match[2]}</v></c>'

    def value_date(match):
        day = datetime.date(1904, 1, 1) + datetime.timedelta(days=int(match[2]))
        return f'<c r="{match[1]}" s="{date_style}" t="n"><f>DATE({day.year},{day.month},{day.day})</f><v>{match[2]}</v></c>'

    text, effects = re.subn(rf'<c r="(I(?:[5-9]|[12]\d|3[0-4]))" s="{date_style}" t="n"><v>(\d+)</v></c>', effect, text)
    text, values = re.subn(rf'<c r="(J(?:[5-9]|[12]\d|3[0-4]))" s="{date_style}" t="n"><v>(\d+)</v></c>', value_date, text)
    assert effects == values == 30, (effects, values)
    parts[SHEET] = parts[SHEET]._replace(data=text.encode("utf-8"))


VARIANTS = [
    # file, base, edit, statement kind, what it mimics, extra registry arguments
    ("handmade-numbers-sheet-naming.xlsx", LO_BASE, numbers_naming, "known", "Numbers: first sheet part named xl/worksheets/sheet.xml (no number)", {}),
    ("handmade-no-r-attributes.xlsx", LO_BASE, no_r_attributes, "known", "rows and cells without r attributes (gaps written as <row/> and <c/>)", {}),
    ("handmade-inline-strings.xlsx", LO_BASE, inline_strings, "known", 'every string inline (t="inlineStr"), no sharedStrings part', {}),
    ("handmade-utf16-sheet.xlsx", LO_BASE, utf16_sheet, "known", "worksheet part in UTF-16 LE with BOM, inline strings (Excel Mobile)", {}),
    ("handmade-date1904-one.xlsx", FIXTURES / "libreoffice" / "lo-resave-1904.xlsx", date1904_one, "known", 'date1904="1" instead of LibreOffice\'s "true"', {"date1904": True}),
    ("handmade-1904-numeric-dates.xlsx", FIXTURES / "libreoffice" / "lo-resave-1904.xlsx", numeric_dates_1904, "known",
     "1904 workbook whose dates reach a reader as numbers: Date d'effet in General format, Date de valeur as =DATE() formulas with cached serials",
     {"date1904": True}),
    ("handmade-x000D-escaped.xlsx", LO_BASE, x000d_escape, "known-crlf", "the two-line address as Excel keeps a CR LF: _x000D_ then a line feed", {}),
    ("handmade-stored-parts.xlsx", LO_BASE, stored_parts, "known", "sharedStrings.xml and the sheet stored uncompressed (zip method 0)", {}),
    ("handmade-sharedstrings-last.xlsx", LO_BASE, shared_strings_last, "known", "xl/sharedStrings.xml as the last entry of the zip, after the sheets and [Content_Types].xml", {}),
    ("handmade-formatted-empty-rows.xlsx", LO_BASE, formatted_empty_rows, "known", "100,000 formatted empty rows after the TOTAL row (dimension A1:L100035)", {}),
    ("handmade-excel-zip-order-two-tabs.xlsx", FIXTURES / "libreoffice" / "lo-two-tabs.xlsx", excel_zip_order, "two-tabs",
     "Excel's part numbering and zip order: the first tab (Bordereau) is sheet2.xml, written after « Reprises » (sheet1.xml)", {}),
    ("handmade-prefixed-x.xlsx", LO_BASE, prefixed, "known", "Open XML SDK: x: prefix on every SpreadsheetML element of workbook, sheet, sharedStrings and styles", {}),
    ("handmade-strict-iso-dates.xlsx", BUILD / "openpyxl-iso-dates.xlsx", strict, "known",
     "Strict OOXML: purl.oclc.org namespaces and relationship types, conformance=\"strict\", ISO date cells <c t=\"d\"><v>2026-10-05T00:00:00</v>", {}),
]


def main():
    reg = Registry("handmade")
    out = FIXTURES / "handmade"
    out.mkdir(parents=True, exist_ok=True)
    for file, base, edit, kind, mimics, extra in VARIANTS:
        parts = read_parts(base)
        edit(parts)
        write_parts(out / file, parts.values())
        base_name = "openpyxl 3.0.9 file (openpyxl-iso-dates.xlsx)" if base.name.startswith("openpyxl") else f"LibreOffice 7.4 file ({base.name})"
        reg.add(f"handmade/{file}", f"hand-made by writeHandmade.py from a {base_name}: {mimics}", "xlsx", kind, **extra)
    reg.save()


if __name__ == "__main__":
    sys.exit(main())
