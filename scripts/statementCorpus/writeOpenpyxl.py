"""The corpus files written by openpyxl (Debian's python3-openpyxl, run with /usr/bin/python3)."""
import datetime
import re
import sys

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from corpus import BUILD, FIXTURES, statement, statement_sheet, total_of, workbook
from registry import Registry
from zipParts import read_parts, write_parts

PRODUCER = f"openpyxl {openpyxl.__version__}"
FORMATS = {"amount": "#,##0.00", "int": "0", "rate": "0.00"}
FIXED_TIME = datetime.datetime(2026, 11, 5, 9, 0, 0)


def cell_value(cell, amount_formulas):
    kind = cell[0]
    if kind == "s":
        return cell[1], None
    if kind == "d":
        return datetime.date.fromisoformat(cell[1]), "DD/MM/YYYY"
    if kind == "n":
        if amount_formulas and cell[2] == "amount":
            # A generator that writes every amount as a formula: the value exists only once computed.
            cents = int(cell[1] * 100)
            return f"=ROUND({cents}/100,2)", FORMATS["amount"]
        return cell[1], FORMATS[cell[2]]
    if kind == "f":
        return f"={cell[1]}", FORMATS[cell[3]]
    raise ValueError(kind)


def write(path, sheets, *, epoch1904=False, iso_dates=False, merge_title=False, amount_formulas=False):
    book = openpyxl.Workbook(iso_dates=iso_dates)
    if epoch1904:
        book.epoch = CALENDAR_MAC_1904
    book.properties.creator = "statementCorpus"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet["name"])
        if sheet["hidden"]:
            ws.sheet_state = "hidden"
        width = max(len(row) for row in sheet["rows"])
        for r, row in enumerate(sheet["rows"], start=1):
            for c, cell in enumerate(row, start=1):
                if cell is None:
                    continue
                value, number_format = cell_value(cell, amount_formulas and r > 1)
                target = ws.cell(row=r, column=c, value=value)
                if number_format:
                    target.number_format = number_format
                if isinstance(value, str) and "\n" in value:
                    target.alignment = openpyxl.styles.Alignment(wrap_text=True)
        if merge_title and len(sheet["rows"][0]) == 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def cache_total(path, value):
    """openpyxl writes <f> without a value; a spreadsheet program caches the result in <v>. Done here by hand."""
    parts = read_parts(path)
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].data.decode("utf-8")
    xml, count = re.subn(r"(<c [^>]*><f>SUM\([^<]*\)</f>)<v\s*/>|(<c [^>]*><f>SUM\([^<]*\)</f>)<v></v>|(<c [^>]*><f>SUM\([^<]*\)</f>)(</c>)",
                         lambda m: (m.group(1) or m.group(2) or m.group(3)) + f"<v>{value}</v>" + ("</c>" if m.group(4) else ""), xml)
    if count != 1:
        raise RuntimeError(f"{path}: expected one SUM formula, found {count}")
    parts[name] = parts[name]._replace(data=xml.encode("utf-8"))
    write_parts(path, parts.values())


def main():
    reg = Registry("openpyxl")
    out = FIXTURES / "openpyxl"
    known = workbook("known", total="value")
    notes_iso = "Workbook(iso_dates=True): date cells are <c t=\"d\"><v>2026-10-05</v></c> (an ISO date, no serial number, no time)."

    write(out / "openpyxl-1900.xlsx", known, merge_title=False)
    reg.add("openpyxl/openpyxl-1900.xlsx", f"{PRODUCER}, default (1900 date system)", "xlsx", "known",
            notes='No sharedStrings part: every string inline (t="inlineStr") with non-ASCII as character references (&#233;), so the sheet XML '
                  'is pure ASCII; no date1904 attribute; zip order docProps, theme, sheet, styles, rels, workbook, [Content_Types].xml last.')

    write(out / "openpyxl-1904.xlsx", known, epoch1904=True)
    reg.add("openpyxl/openpyxl-1904.xlsx", f"{PRODUCER}, wb.epoch = CALENDAR_MAC_1904", "xlsx", "known", date1904=True,
            notes="openpyxl writes <workbookPr date1904=\"1\"/> and date serials counted from 1904-01-01.")

    write(out / "openpyxl-iso-dates.xlsx", known, iso_dates=True)
    reg.add("openpyxl/openpyxl-iso-dates.xlsx", f"{PRODUCER}, Workbook(iso_dates=True)", "xlsx", "known", notes=notes_iso)

    write(out / "openpyxl-merged-title.xlsx", known, merge_title=True)
    reg.add("openpyxl/openpyxl-merged-title.xlsx", f"{PRODUCER}, title merged over A1:L1", "xlsx", "known")

    # The total as a formula with its cached value (what a spreadsheet program leaves after saving).
    total_formula = workbook_with_formula_total()
    write(out / "openpyxl-formula-total-cached.xlsx", total_formula)
    cache_total(out / "openpyxl-formula-total-cached.xlsx", total_of(statement("known")["lines"]))
    reg.add("openpyxl/openpyxl-formula-total-cached.xlsx", f"{PRODUCER}; the TOTAL row's =SUM() cached value written into <v> by writeOpenpyxl.py",
            "xlsx", "known")

    # Every amount a formula, never computed: nothing to import until a spreadsheet program computes and saves it.
    write(out / "openpyxl-formulas-uncached.xlsx", workbook_with_formula_total(), amount_formulas=True)
    reg.add("openpyxl/openpyxl-formulas-uncached.xlsx", f"{PRODUCER}, every Montant a formula =ROUND(cents/100,2), no cached values",
            "xlsx", "known", expect="formule",
            notes="Must be refused as a whole (open and save the file in a spreadsheet program), not imported as rows without amounts.")
    # The same workbook, for LibreOffice to open, compute and save (writeLibreOffice.py).
    write(BUILD / "openpyxl-formulas-uncached.xlsx", workbook_with_formula_total(), amount_formulas=True)
    write(BUILD / "openpyxl-1904.xlsx", known, epoch1904=True)

    write(out / "openpyxl-summary-first.xlsx", workbook("summary-first", total="value"))
    reg.add("openpyxl/openpyxl-summary-first.xlsx", PRODUCER, "xlsx", "summary-first",
            notes="First tab « Récapitulatif » has two known headers (Conseiller, Montant); the statement is the second tab.")

    write(out / "openpyxl-hidden-first.xlsx", workbook("hidden-first", total="value"))
    reg.add("openpyxl/openpyxl-hidden-first.xlsx", f"{PRODUCER}, first tab sheet_state hidden", "xlsx", "hidden-first",
            notes="Hidden first tab « Barème » has a header of known names (Produit, Montant, Libellé).")

    # Sources of other writers: LibreOffice (hidden first tab, its TOTAL a formula it computes),
    # Gnumeric (the 1900 file) and writeHandmade.py (the Strict copy).
    write(BUILD / "openpyxl-hidden-first.xlsx", workbook("hidden-first", total="formula"))
    write(BUILD / "openpyxl-1900.xlsx", known)
    write(BUILD / "openpyxl-iso-dates.xlsx", known, iso_dates=True)
    reg.save()


def workbook_with_formula_total():
    return [statement_sheet("known", total="formula-uncached")]


if __name__ == "__main__":
    sys.exit(main())
