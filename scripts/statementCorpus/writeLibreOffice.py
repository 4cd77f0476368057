"""The corpus files written by LibreOffice Calc (Debian's libreoffice-calc-nogui), through UNO."""
import shutil
import subprocess
import sys

from corpus import BUILD, FIXTURES, workbook
from fods import write_fods
from libreoffice import LibreOffice
from registry import Registry

VERSION = subprocess.run(["soffice", "--version"], capture_output=True, text=True).stdout.split()[1]
LO = f"LibreOffice {VERSION}"
# Field separator ;, text delimiter ", UTF-8 (76), from line 1, no column formats, French (1036),
# do not quote every text cell, detect special numbers, save cell contents as shown.
CSV_OPTIONS = "59,34,76,1,,1036,false,true,true,false,false"
PASSWORD = "corpus"


def main():
    reg = Registry("libreoffice")
    out = FIXTURES / "libreoffice"
    sources = {
        kind: write_fods(BUILD / f"{kind}.fods", workbook(kind), merge_title=True)
        for kind in ("known", "two-tabs", "summary-first", "large-2500", "large-5000")
    }
    # From a .fods, LibreOffice 7.4 loads a hidden first tab as hidden but writes it state="visible" to
    # .xlsx and .xls (the displayed tab, the first, is forced visible). Opening an .xlsx keeps it hidden.
    sources["hidden-first"] = BUILD / "openpyxl-hidden-first.xlsx"
    with LibreOffice() as lo:
        lo.convert(sources["known"], [
            (out / "lo-excel2007.xlsx", "Calc MS Excel 2007 XML", None, None),
            (out / "lo-office-open-xml.xlsx", "Calc Office Open XML", None, None),
            (out / "lo-excel97.xls", "MS Excel 97", None, None),
            (out / "lo-calc8.ods", "calc8", None, None),
            (out / "lo-semicolon-utf8.csv", "Text - txt - csv (StarCalc)", CSV_OPTIONS, None),
            (BUILD / "lo-html-starcalc.html", "HTML (StarCalc)", None, None),
            (out / "lo-bordereau.pdf", "calc_pdf_Export", None, None),
            (out / "lo-password.xlsx", "Calc MS Excel 2007 XML", None, PASSWORD),
            (out / "lo-password.xls", "MS Excel 97", None, PASSWORD),
            (out / "lo-password.ods", "calc8", None, PASSWORD),
        ])
        shutil.copyfile(BUILD / "lo-html-starcalc.html", out / "lo-html-starcalc.xls")
        for kind in ("two-tabs", "hidden-first", "summary-first"):
            lo.convert(sources[kind], [
                (out / f"lo-{kind}.xlsx", "Calc MS Excel 2007 XML", None, None),
                (out / f"lo-{kind}.xls", "MS Excel 97", None, None),
                (out / f"lo-{kind}.ods", "calc8", None, None),
            ])
        for kind in ("large-2500", "large-5000"):
            lo.convert(sources[kind], [(out / f"lo-{kind}.xlsx", "Calc MS Excel 2007 XML", None, None)])
        # Re-saves of openpyxl files: a 1904 workbook, and formulas LibreOffice computes and caches.
        lo.convert(BUILD / "openpyxl-1904.xlsx", [
            (out / "lo-resave-1904.xlsx", "Calc MS Excel 2007 XML", None, None),
            (out / "lo-resave-1904-office-open-xml.xlsx", "Calc Office Open XML", None, None),
            (out / "lo-resave-1904.xls", "MS Excel 97", None, None),
        ])
        lo.convert(BUILD / "openpyxl-formulas-uncached.xlsx", [(out / "lo-resave-formulas.xlsx", "Calc MS Excel 2007 XML", None, None)])

    f = "libreoffice/"
    reg.add(f + "lo-excel2007.xlsx", f'{LO}, filter "Calc MS Excel 2007 XML"', "xlsx", "known",
            notes='Date format code "[$-40C]dd/mm/yyyy" (a locale prefix); TOTAL as <f aca="false">SUM(K5:K34)</f><v>21595.34</v>; '
                  'zip order: workbook, styles, sheet, rels, sharedStrings (after the sheet), docProps, [Content_Types].xml last.')
    reg.add(f + "lo-office-open-xml.xlsx", f'{LO}, filter "Calc Office Open XML"', "xlsx", "known",
            notes='<workbookPr dateCompatibility="false"/> and no date1904 attribute; cells as with "Calc MS Excel 2007 XML".')
    reg.add(f + "lo-excel97.xls", f'{LO}, filter "MS Excel 97" (BIFF8)', "xls", "known")
    reg.add(f + "lo-calc8.ods", f'{LO}, filter "calc8" (ODF 1.3)', "ods", "known")
    reg.add(f + "lo-semicolon-utf8.csv", f'{LO}, filter "Text - txt - csv (StarCalc)" options {CSV_OPTIONS}', "csv", "known", named_tabs=False,
            notes="No BOM, LF line ends, title and blank rows padded with ';'; amounts as shown in French (1 234,56 grouped by U+00A0, -45,10); "
                  "dates dd/mm/yyyy; the two-line address quoted with its line feed.")
    reg.add(f + "lo-html-starcalc.xls", f'{LO}, filter "HTML (StarCalc)", renamed .xls', "html", "known", named_tabs=False,
            notes='Numbers and dates carry sdval (the value, a serial for dates) and sdnum="1033;1036;JJ/MM/AAAA" next to the shown text '
                  '(1&nbsp;234,56, 15/03/2019); empty cells are <br>; the address line break is <br>; doubled spaces kept raw.')
    reg.add(f + "lo-bordereau.pdf", f"{LO}, filter calc_pdf_Export", "pdf", expect="pdf")
    password_notes = {
        "xlsx": "Not a zip: an OLE compound file (D0 CF 11 E0, the .xls signature) with EncryptionInfo and EncryptedPackage streams. "
                "Tell it from a .xls by its streams. Written with EncryptionData {OOXPassword, CryptoType: Standard}; \"Agile\" fails in 7.4.",
        "xls": "BIFF8 with a FILEPASS record; Gnumeric answers \"No password supplied\".",
        "ods": "A readable zip (mimetype, META-INF/manifest.xml) whose content.xml is encrypted (manifest:encryption-data).",
    }
    for ext in ("xlsx", "xls", "ods"):
        reg.add(f + f"lo-password.{ext}", f"{LO}, saved with password \"{PASSWORD}\"", ext, expect="mot de passe", notes=password_notes[ext])
    filters = {"xlsx": '"Calc MS Excel 2007 XML"', "xls": '"MS Excel 97"', "ods": '"calc8"'}
    for kind in ("two-tabs", "hidden-first", "summary-first"):
        for ext in ("xlsx", "xls", "ods"):
            source = ", from openpyxl-hidden-first.xlsx" if kind == "hidden-first" else ""
            reg.add(f + f"lo-{kind}.{ext}", f"{LO}, filter {filters[ext]}{source}", ext, kind)
    for kind in ("large-2500", "large-5000"):
        reg.add(f + f"lo-{kind}.xlsx", f'{LO}, filter "Calc MS Excel 2007 XML"', "xlsx", kind,
                notes="Every string is shared, so the sheet XML is ASCII and the accents are in sharedStrings.xml; the notice row's length "
                      "(scripts/statementCorpus/largeTuning.json) makes multi-byte characters, a € among them, straddle its 16 KB boundaries. "
                      "One amount in 125 is text (\"380,25 €\", \"1 798,95€\"...).")
    reg.add(f + "lo-resave-1904.xlsx", f'{LO}, openpyxl 1904 workbook opened and saved with "Calc MS Excel 2007 XML"', "xlsx", "known", date1904=True,
            notes='Writes <workbookPr date1904="true"/> (openpyxl wrote "1"); serials counted from 1904-01-01 (15/03/2019 is 42077).')
    reg.add(f + "lo-resave-1904-office-open-xml.xlsx", f'{LO}, openpyxl 1904 workbook opened and saved with "Calc Office Open XML"', "xlsx", "known",
            date1904=True, notes='Writes <workbookPr dateCompatibility="true" date1904="true"/>; the same filter writes dateCompatibility="false" and no date1904 for a 1900 workbook.')
    reg.add(f + "lo-resave-1904.xls", f'{LO}, openpyxl 1904 workbook opened and saved with "MS Excel 97"', "xls", "known", date1904=True,
            notes="BIFF8 DATEMODE record set to 1.")
    reg.add(f + "lo-resave-formulas.xlsx", f'{LO}, openpyxl workbook whose amounts are all formulas, opened (computed) and saved with "Calc MS Excel 2007 XML"',
            "xlsx", "known")
    reg.save()


if __name__ == "__main__":
    sys.exit(main())
