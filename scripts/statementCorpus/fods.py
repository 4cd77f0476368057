"""Flat ODF spreadsheets (.fods): the sources LibreOffice opens and saves in every format.

The .fods is only LibreOffice's input; every corpus file is what LibreOffice wrote from it.
"""
import re
from xml.sax.saxutils import escape


NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
    'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"'
)

# The active tab of the view. Without it LibreOffice activates the first tab and, exporting to
# .xlsx/.xls, writes that tab as visible even when its table style hides it.
SETTINGS = """
 <office:settings><config:config-item-set config:name="ooo:view-settings"><config:config-item-map-indexed config:name="Views">
  <config:config-item-map-entry><config:config-item config:name="ViewId" config:type="string">view1</config:config-item>
  <config:config-item config:name="ActiveTable" config:type="string">{active}</config:config-item></config:config-item-map-entry>
 </config:config-item-map-indexed></config:config-item-set></office:settings>
"""

META = """
 <office:meta><meta:creation-date>2026-11-05T09:00:00</meta:creation-date><meta:generator>statementCorpus</meta:generator></office:meta>"""

STYLES = """
 <office:styles>
  <style:default-style style:family="table-cell"><style:text-properties fo:language="fr" fo:country="FR"/></style:default-style>
 </office:styles>
 <office:automatic-styles>
  <number:date-style style:name="N_DATE" number:language="fr" number:country="FR"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
  <number:number-style style:name="N_AMOUNT" number:language="fr" number:country="FR"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
  <number:number-style style:name="N_RATE" number:language="fr" number:country="FR"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1"/></number:number-style>
  <number:number-style style:name="N_INT"><number:number number:decimal-places="0" number:min-integer-digits="1"/></number:number-style>
  <style:style style:name="ce_date" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N_DATE"/>
  <style:style style:name="ce_amount" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N_AMOUNT"/>
  <style:style style:name="ce_rate" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N_RATE"/>
  <style:style style:name="ce_int" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N_INT"/>
  <style:style style:name="ce_wrap" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties fo:wrap-option="wrap"/></style:style>
  <style:style style:name="ta_shown" style:family="table"><style:table-properties table:display="true"/></style:style>
  <style:style style:name="ta_hidden" style:family="table"><style:table-properties table:display="false"/></style:style>
 </office:automatic-styles>
"""

FORMAT_STYLE = {"amount": "ce_amount", "int": "ce_int", "rate": "ce_rate"}


def paragraphs(text):
    """A cell's text: one <text:p> per line; runs of spaces as <text:s/>, since ODF collapses them."""
    out = []
    for line in text.replace("\r", "").split("\n"):
        parts = []
        for match in re.finditer(r" +|\t|[^ \t]+", line):
            token = match.group()
            if token == "\t":
                parts.append("<text:tab/>")
            elif token.startswith(" "):
                edge = match.start() == 0 or match.end() == len(line)
                if edge:
                    parts.append(f'<text:s text:c="{len(token)}"/>')
                else:
                    parts.append(" " + (f'<text:s text:c="{len(token) - 1}"/>' if len(token) > 1 else ""))
            else:
                parts.append(escape(token))
        out.append("<text:p>" + "".join(parts) + "</text:p>")
    return "".join(out)


def shown_amount(value):
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + "\u00a0".join(groups) + "," + cents


def cell_xml(cell, span=1):
    spanned = f' table:number-columns-spanned="{span}"' if span > 1 else ""
    if cell is None:
        return "<table:table-cell/>"
    kind = cell[0]
    if kind == "s":
        style = ' table:style-name="ce_wrap"' if "\n" in cell[1] else ""
        return f'<table:table-cell office:value-type="string"{style}{spanned}>{paragraphs(cell[1])}</table:table-cell>'
    if kind == "d":
        year, month, day = cell[1].split("-")
        return f'<table:table-cell table:style-name="ce_date" office:value-type="date" office:date-value="{cell[1]}"><text:p>{day}/{month}/{year}</text:p></table:table-cell>'
    if kind == "n":
        return f'<table:table-cell table:style-name="{FORMAT_STYLE[cell[2]]}" office:value-type="float" office:value="{cell[1]}"><text:p>{shown_amount(cell[1])}</text:p></table:table-cell>'
    if kind == "f":
        formula = re.sub(r"([A-Z]+\d+):([A-Z]+\d+)", r"[.\1:.\2]", cell[1])
        cached = f' office:value="{cell[2]}"' if cell[2] is not None else ""
        return f'<table:table-cell table:style-name="{FORMAT_STYLE[cell[3]]}" table:formula="of:={formula}" office:value-type="float"{cached}><text:p>{shown_amount(cell[2]) if cell[2] is not None else ""}</text:p></table:table-cell>'
    raise ValueError(kind)


def table_xml(sheet, merge_title=False):
    width = max(len(row) for row in sheet["rows"])
    out = [f'<table:table table:name="{escape(sheet["name"])}" table:style-name="{"ta_hidden" if sheet["hidden"] else "ta_shown"}">',
           f'<table:table-column table:number-columns-repeated="{width}"/>']
    for index, row in enumerate(sheet["rows"]):
        if merge_title and index == 0 and len(row) == 1:
            out.append(f"<table:table-row>{cell_xml(row[0], span=width)}<table:covered-table-cell table:number-columns-repeated=\"{width - 1}\"/></table:table-row>")
            continue
        cells = "".join(cell_xml(cell) for cell in row) or "<table:table-cell/>"
        out.append(f"<table:table-row>{cells}</table:table-row>")
    out.append("</table:table>")
    return "\n".join(out)


def write_fods(path, sheets, date1904=False, merge_title=False):
    null_date = '<table:calculation-settings><table:null-date table:date-value="1904-01-01"/></table:calculation-settings>' if date1904 else ""
    tables = "\n".join(table_xml(sheet, merge_title) for sheet in sheets)
    active = next(sheet["name"] for sheet in sheets if not sheet["hidden"])
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:version="1.3" '
           f'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">{META}{SETTINGS.format(active=escape(active))}{STYLES}'
           f"<office:body><office:spreadsheet>{null_date}\n{tables}\n</office:spreadsheet></office:body></office:document>\n")
    path.write_text(xml, encoding="utf-8")
    return path
