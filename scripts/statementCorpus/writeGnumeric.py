"""The corpus files written by Gnumeric's ssconvert, from the openpyxl workbook (dd/mm/yyyy date format)."""
import subprocess
import sys

from corpus import BUILD, FIXTURES
from registry import Registry

VERSION = subprocess.run(["ssconvert", "--version"], capture_output=True, text=True).stdout.split("'")[1]
GNUMERIC = f"Gnumeric ssconvert {VERSION}"
EXPORTERS = [
    ("gnumeric-xlsx2.xlsx", "Gnumeric_Excel:xlsx2", "xlsx", "ISO/IEC 29500:2008 (MS Excel 2010)"),
    ("gnumeric-xlsx2006.xlsx", "Gnumeric_Excel:xlsx", "xlsx", "ECMA 376 1st edition (MS Excel 2007)"),
    ("gnumeric-biff8.xls", "Gnumeric_Excel:excel_biff8", "xls", "MS Excel 97/2000/XP"),
    ("gnumeric-odf.ods", "Gnumeric_OpenCalc:odf", "ods", "ODF 1.2 extended"),
    ("gnumeric-html40.xls", "Gnumeric_html:html40", "html", "HTML 4.0, renamed .xls"),
]


def main():
    reg = Registry("gnumeric")
    out = FIXTURES / "gnumeric"
    out.mkdir(parents=True, exist_ok=True)
    for name, exporter, fmt, about in EXPORTERS:
        target = out / name
        if target.exists():
            target.unlink()
        # ssconvert picks the output format from -T; the C locale of this machine sets number display.
        subprocess.run(["ssconvert", "-T", exporter, str(BUILD / "openpyxl-1900.xlsx"), str(target)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        notes = None
        if fmt == "html":
            notes = ("Amounts as the C locale shows them (1,234.56: comma groups thousands, dot is the decimal mark) and negative ones with "
                     "U+2212 MINUS SIGN (−45.10); dates dd/mm/yyyy; non-ASCII as character references; the address line break as <br> plus a newline; "
                     "text overflowing into empty neighbours is written with colspan: the e-mail of the client without a phone "
                     "spans the phone column (colspan=\"2\"), so a reader that ignores colspan shifts every later cell of that row.")
        elif fmt == "xlsx":
            notes = ("Numbers written with 21 significant digits (<v>1234.56000000000000005</v>): exact to the cent only once rounded. "
                     "Pretty-printed XML (whitespace between elements); zip order: sheet, sharedStrings, styles, docProps, workbook, rels, content types, _rels/.rels last.")
        elif fmt == "ods":
            notes = "The address line break as <text:line-break/> inside one <text:p> (LibreOffice writes two <text:p>; LibreOffice 7.4 drops this break on import). Numbers with 21 significant digits in office:value."
        elif fmt == "xls":
            notes = "Gnumeric loses hidden tab states on import and export; nothing hidden here."
        reg.add(f"gnumeric/{name}", f"{GNUMERIC}, exporter {exporter} ({about}), from openpyxl-1900.xlsx", fmt, "known",
                named_tabs=fmt != "html", notes=notes)
    reg.save()


if __name__ == "__main__":
    sys.exit(main())
