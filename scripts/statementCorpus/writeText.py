"""CSV and HTML-table variants written the way other software writes them (Excel's French CSV
exports, extranets' "Excel" downloads that are HTML tables), from the known statement.
"""
import csv
import io
import sys
from decimal import Decimal
from html import escape

from corpus import FIELDS, FIXTURES, statement, total_of
from registry import Registry


def french_amount(value, group):
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + group.join(groups) + "," + cents


def french_date(iso):
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def text_rows(name="known", group="\u00a0"):
    """The statement as a CSV export shows it: every cell as displayed, rows padded to the header's width."""
    stmt = statement(name)
    width = len(stmt["headers"])
    rows = [[title] + [""] * (width - 1) for title in stmt["titleRows"]]
    rows += [[""] * width for _ in range(stmt["blankRowsBeforeHeader"])]
    rows.append(list(stmt["headers"]))
    for line in stmt["lines"]:
        row = []
        for field in FIELDS:
            value = line.get(field)
            if value is None:
                row.append("")
            elif field in ("startDate", "date"):
                row.append(french_date(value))
            elif field == "amount":
                row.append(french_amount(value, group))
            else:
                row.append(value)
        rows.append(row)
    total = [""] * width
    total[0] = stmt["totalRow"]["clientNumber"]
    total[FIELDS.index("amount")] = french_amount(total_of(stmt["lines"]), group)
    rows.append(total)
    return rows


def write_csv(path, rows, *, delimiter, encoding, line_end, bom=False, quote_all=False):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, quotechar='"', lineterminator=line_end,
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)  # strict: a character the encoding lacks is an error here
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def html_table(rows, *, charset_meta, excel_flavour):
    width = len(rows[-1])
    out = []
    if excel_flavour:
        out.append('<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">')
    else:
        out.append("<!DOCTYPE html>\n<html lang=\"fr\">")
    out.append(f"<head>{charset_meta}<title>Bordereau de commissions</title></head>\n<body>")
    out.append('<table border="1">')
    header_index = next(i for i, row in enumerate(rows) if row[0] == "N° client")
    for index, row in enumerate(rows):
        if index < header_index:
            if row[0]:
                out.append(f'<tr><td colspan="{width}"><b>{escape(row[0], quote=False)}</b></td></tr>')
            else:
                out.append(f'<tr><td colspan="{width}">&nbsp;</td></tr>')
            continue
        cells = []
        for column, value in enumerate(row):
            tag = "th" if index == header_index else "td"
            text = "<br>".join(escape(part, quote=False) for part in value.split("\n"))
            # Extranets mark identifiers as text so that Excel keeps their leading zeros.
            style = " style=\"mso-number-format:'\\@'\"" if excel_flavour and column == 0 and index > header_index else ""
            cells.append(f"<{tag}{style}>{text}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>\n</body>\n</html>\n")
    return "\n".join(out)


def main():
    reg = Registry("text")
    out = FIXTURES / "csv"
    write_csv(out / "excel-fr-utf8-bom-semicolon.csv", text_rows(group="\u202f"), delimiter=";", encoding="utf-8", line_end="\r\n", bom=True)
    reg.add("csv/excel-fr-utf8-bom-semicolon.csv", "hand-made by writeText.py like Excel's « CSV UTF-8 » in French: BOM, ;, CRLF, thousands grouped by U+202F",
            "csv", "known", named_tabs=False)
    write_csv(out / "excel-fr-windows1252-semicolon.csv", text_rows(group="\u00a0"), delimiter=";", encoding="cp1252", line_end="\r\n")
    reg.add("csv/excel-fr-windows1252-semicolon.csv", "hand-made by writeText.py like Excel's « CSV (séparateur : point-virgule) » on French Windows: Windows-1252, ;, CRLF, thousands grouped by a no-break space",
            "csv", "known", named_tabs=False)
    write_csv(out / "utf8-comma.csv", text_rows(group="\u00a0"), delimiter=",", encoding="utf-8", line_end="\n")
    reg.add("csv/utf8-comma.csv", "hand-made by writeText.py: UTF-8 without BOM, comma-separated, LF; French amounts quoted (\"1 234,56\")",
            "csv", "known", named_tabs=False)
    write_csv(out / "utf8-tab.csv", text_rows(group=""), delimiter="\t", encoding="utf-8", line_end="\r\n")
    reg.add("csv/utf8-tab.csv", "hand-made by writeText.py: UTF-8 without BOM, tab-separated, CRLF, amounts without grouping (1234,56)",
            "csv", "known", named_tabs=False)
    write_csv(out / "utf8-semicolon-quote-all.csv", text_rows(group="\u00a0"), delimiter=";", encoding="utf-8", line_end="\n", quote_all=True)
    reg.add("csv/utf8-semicolon-quote-all.csv", "hand-made by writeText.py: UTF-8, ;, every field quoted (as many extranet exports do)",
            "csv", "known", named_tabs=False)

    html = FIXTURES / "html"
    html.mkdir(parents=True, exist_ok=True)
    (html / "extranet-utf8-meta-charset.xls").write_text(
        html_table(text_rows(), charset_meta='<meta charset="utf-8">', excel_flavour=False), encoding="utf-8")
    reg.add("html/extranet-utf8-meta-charset.xls", "hand-made by writeText.py: an HTML5 <table> saved with an .xls name, <meta charset=\"utf-8\">",
            "html", "known", named_tabs=False)
    (html / "extranet-windows1252-excel-html.xls").write_bytes(html_table(
        text_rows(), charset_meta='<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', excel_flavour=True).encode("cp1252"))
    reg.add("html/extranet-windows1252-excel-html.xls", "hand-made by writeText.py: Excel-flavoured HTML (xmlns:x, mso-number-format:'\\@' on client numbers) in Windows-1252, .xls name",
            "html", "known", named_tabs=False)
    reg.save()


if __name__ == "__main__":
    sys.exit(main())
