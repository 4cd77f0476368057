"""Independent readers for verify.py: each returns [(sheet name, state, rows)] in tab order, rows as
lists of Python values (str, Decimal/float/int, date/datetime, None)."""
import csv
import datetime
import io
import re
import subprocess
import warnings
import zipfile
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl

from corpus import BUILD

VERIFY = BUILD / "verify"
warnings.filterwarnings("ignore", module="openpyxl")


def read_openpyxl(path):
    book = openpyxl.load_workbook(path, data_only=True)
    return [(ws.title, ws.sheet_state, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in book.worksheets]


ODF = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
}


def odf(prefix, name):
    return f"{{{ODF[prefix]}}}{name}"


def odf_text(paragraph):
    out = [paragraph.text or ""]
    for child in paragraph:
        if child.tag == odf("text", "s"):
            out.append(" " * int(child.get(odf("text", "c"), "1")))
        elif child.tag == odf("text", "tab"):
            out.append("\t")
        elif child.tag == odf("text", "line-break"):
            out.append("\n")
        else:
            out.append(odf_text(child))
        out.append(child.tail or "")
    return "".join(out)


def read_ods(path):
    """content.xml read directly: LibreOffice drops <text:line-break/> on import and Gnumeric ignores hidden tabs."""
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(path).read("content.xml"))
    hidden_styles = {style.get(odf("style", "name")) for style in root.iter(odf("style", "style"))
                     if any(p.get(odf("table", "display")) == "false" for p in style.iter(odf("style", "table-properties")))}
    sheets = []
    for table in root.iter(odf("table", "table")):
        rows = []
        for row in table.iter(odf("table", "table-row")):
            cells = []
            for cell in row:
                if cell.tag not in (odf("table", "table-cell"), odf("table", "covered-table-cell")):
                    continue
                kind = cell.get(odf("office", "value-type"))
                if kind == "string":
                    value = "\n".join(odf_text(p) for p in cell.findall(odf("text", "p")))
                elif kind in ("float", "currency", "percentage"):
                    value = Decimal(cell.get(odf("office", "value")))
                elif kind == "date":
                    value = datetime.date.fromisoformat(cell.get(odf("office", "date-value"))[:10])
                else:
                    value = None
                cells += [value] * int(cell.get(odf("table", "number-columns-repeated"), "1")) if value is not None else [None] * min(int(cell.get(odf("table", "number-columns-repeated"), "1")), 64)
            rows += [cells] * min(int(row.get(odf("table", "number-rows-repeated"), "1")), 16)
        state = "hidden" if table.get(odf("table", "style-name")) in hidden_styles else "visible"
        sheets.append((table.get(odf("table", "name")), state, rows))
    return sheets


def xls_tabs(path):
    """BIFF8 BOUNDSHEET records (0x0085) in file order: (name, hidden state: 0 visible, 1 hidden, 2 very hidden)."""
    data = path.read_bytes()
    tabs = []
    for match in re.finditer(rb"\x85\x00(..)(....)(.)(.)(.)(.)", data, re.S):
        length, cch, flags = int.from_bytes(match[1], "little"), match[5][0], match[6][0]
        if length != 8 + cch * (2 if flags & 1 else 1):
            continue
        raw = data[match.end():match.end() + cch * (2 if flags & 1 else 1)]
        tabs.append((raw.decode("utf-16-le" if flags & 1 else "latin-1"), match[3][0]))
    return tabs


def convert_gnumeric(path):
    target = VERIFY / (path.name + ".gnumeric.xlsx")
    subprocess.run(["ssconvert", "-T", "Gnumeric_Excel:xlsx2", str(path), str(target)], check=True, capture_output=True)
    return target


def convert_libreoffice(path, lo):
    target = VERIFY / (path.name + ".lo.xlsx")
    lo.convert(path, [(target, "Calc MS Excel 2007 XML", None, None)])
    return target


class TableParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.row, self.cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
            self.span = int(dict(attrs).get("colspan", 1))
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            # HTML collapses whitespace; a <br> is the only line break a table cell carries.
            text = "\n".join(re.sub(r"\s+", " ", part).strip() for part in "".join(self.cell).split("\n"))
            self.row.append(text.strip() or None)
            self.row.extend([None] * (self.span - 1))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data.replace("\n", " "))


def read_html(path):
    raw = path.read_bytes()
    charset = re.search(rb'charset="?([\w-]+)', raw[:2000])
    parser = TableParser()
    parser.feed(raw.decode(charset.group(1).decode() if charset else "utf-8"))
    return [(None, "visible", parser.rows)]


def read_csv(path):
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        text, encoding = raw[3:].decode("utf-8"), "utf-8 with BOM"
    else:
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = raw.decode("cp1252"), "windows-1252"
    header = next(line for line in text.splitlines() if line.startswith(("N°", '"N°')))
    delimiter = max(";,\t", key=header.count)
    rows = [[cell if cell != "" else None for cell in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return [(None, "visible", rows)], f"{encoding}, separator {delimiter!r}"
