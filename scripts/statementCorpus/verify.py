"""Checks every file of the corpus against its manifest entry and the known statement, with readers
that did not write it: openpyxl for .xlsx, Gnumeric or LibreOffice (converting to .xlsx, then openpyxl)
for .xls, .ods, .xlsb and what openpyxl cannot open, Python's csv and html.parser for text formats.

Cells are compared as the file holds them (not normalised): text stays text with its leading zeros
and accents, dates are the expected days, amounts are exact to the cent. Also checked: visible tabs
in tab order with their non-empty row counts, hidden tabs, the date system, and for refused files
what makes them refusable. Prints a report; exits 1 on any mismatch.
"""
import datetime
import json
import re
import subprocess
import sys
import zipfile
from decimal import Decimal

import openpyxl

from corpus import FIELDS, FIXTURES, statement, total_of
from verifyReaders import VERIFY, convert_gnumeric, convert_libreoffice, read_csv, read_html, read_ods, read_openpyxl, xls_tabs
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
problems = []
report = []


def problem(entry, message):
    problems.append(f"{entry['file']}: {message}")


# ---- comparing cells --------------------------------------------------------------------------

def as_cents(value):
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, Decimal)):
        cents = Decimal(str(value)) * 100
        return int(cents.quantize(Decimal(1))) if abs(cents - cents.quantize(Decimal(1))) < Decimal("0.000001") else None
    text = re.sub(r"[\s\u00a0\u202f€]", "", value).replace("\u2212", "-")  # Gnumeric's HTML writes U+2212 MINUS SIGN
    if re.fullmatch(r"-?\d{1,3}(,\d{3})*\.\d\d", text):  # 1,234.56 (C locale)
        text = text.replace(",", "")
    else:
        text = text.replace(".", "").replace(",", ".")
    return int(Decimal(text) * 100) if re.fullmatch(r"-?\d+(\.\d\d)?", text) else None


def as_day(value, date1904):
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time(0):
            return None
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        epoch = datetime.date(1904, 1, 1) if date1904 else datetime.date(1899, 12, 30)
        return (epoch + datetime.timedelta(days=int(value))).isoformat()
    if isinstance(value, str):
        match = re.fullmatch(r"(\d\d)/(\d\d)/(\d{4})", value.strip())
        return f"{match[3]}-{match[2]}-{match[1]}" if match else None
    return None


def unescape_ooxml(text):
    """_xHHHH_ escapes of OOXML strings (ECMA-376 22.9.2.19), which openpyxl 3.0.9 leaves as they are."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m[1], 16)), text)


def compare_text(got, want, fmt):
    if not isinstance(got, str):
        return False
    if fmt == "html":
        collapse = lambda s: "\n".join(re.sub(r"\s+", " ", part).strip() for part in s.split("\n"))  # noqa: E731
        return collapse(got) == collapse(want)
    return unescape_ooxml(got) == want


def check_statement_sheet(entry, rows, name, date1904):
    stmt = statement(name)
    headers = stmt["headers"]
    header_index = next((i for i, row in enumerate(rows) if [c for c in row[: len(headers)]] == headers), None)
    if header_index is None:
        problem(entry, f"header row {headers} not found")
        return
    expected_header_row = len(stmt["titleRows"]) + stmt["blankRowsBeforeHeader"]
    if header_index != expected_header_row:
        problem(entry, f"header on row {header_index + 1}, expected {expected_header_row + 1}")
    for t, title in enumerate(stmt["titleRows"]):
        if not rows[t] or not compare_text(rows[t][0], title, entry["format"]):
            problem(entry, f"title row {t + 1}: {rows[t][:1]!r}")
    data = [row for row in rows[header_index + 1:] if any(cell not in (None, "") for cell in row)]
    lines = stmt["lines"]
    if len(data) != len(lines) + (1 if stmt.get("totalRow") else 0):
        problem(entry, f"{len(data)} non-empty rows under the header, expected {len(lines)} lines and the total")
    mismatches = 0
    numeric_dates = 0
    for index, (row, line) in enumerate(zip(data, lines)):
        row = list(row) + [None] * (len(FIELDS) - len(row))
        for column, field in enumerate(FIELDS):
            got, want = row[column], line.get(field)
            if field in ("startDate", "date"):
                ok = as_day(got, date1904) == want
                numeric_dates += isinstance(got, (int, float, Decimal))
            elif field == "amount":
                ok = as_cents(got) == int(Decimal(line["amount"]) * 100)
            elif want is None:
                ok = got in (None, "")
            else:
                ok = compare_text(got, want, entry["format"])
            if not ok:
                mismatches += 1
                if mismatches <= 5:
                    problem(entry, f"row {header_index + 2 + index} {field}: got {got!r}, expected {want!r}")
    if stmt.get("totalRow") and len(data) > len(lines):
        total = list(data[len(lines)]) + [None] * len(FIELDS)
        if total[0] != "TOTAL" or as_cents(total[FIELDS.index("amount")]) != int(total_of(lines) * 100):
            problem(entry, f"total row {total[:1]} {total[FIELDS.index('amount')]!r}")
    return len(data), numeric_dates


def count_rows(rows):
    """Non-empty rows below the header: the first row with at least two non-empty cells after the title rows."""
    index = next(i for i, row in enumerate(rows) if sum(cell not in (None, "") for cell in row) >= 2)
    return sum(1 for row in rows[index + 1:] if any(cell not in (None, "") for cell in row))


# ---- file-level facts --------------------------------------------------------------------------

def workbook_xml(path):
    with zipfile.ZipFile(path) as archive:
        rels = archive.read("_rels/.rels").decode("utf-8")
        target = re.search(r'Target="/?([^"]+)"[^>]*Type="[^"]*/officeDocument"|Type="[^"]*/officeDocument"[^>]*Target="/?([^"]+)"', rels)
        name = target[1] or target[2]
        return archive.read(name), name


def date1904_of_xlsx(path):
    data, _ = workbook_xml(path)
    match = re.search(rb'date1904="([^"]*)"', data)
    return match[1].decode() if match else None


def date1904_of_xls(path):
    # BIFF8 DATEMODE record (0x0022, length 2): 1 for the 1904 system. Small files keep the globals contiguous.
    data = path.read_bytes()
    return b"\x22\x00\x02\x00\x01\x00" in data


def split_characters(path):
    """UTF-8 characters of each XML part that straddle a 16 KB boundary of the part: (part, boundaries split, € split)."""
    out = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.filename.endswith(".xml"):
                continue
            data = archive.read(info)
            split = [k for k in range(16384, len(data), 16384) if 0x80 <= data[k] <= 0xBF]
            euro = [k for k in split if any(data[k - j:k - j + 3] == "€".encode() for j in (1, 2))]
            if split:
                out.append((info.filename, len(split), len(euro)))
    return out


def check_refused(entry, path):
    reason = entry["expect"]["refused"]
    head = path.read_bytes()[:8]
    if entry["format"] == "pdf":
        ok = head.startswith(b"%PDF-")
    elif reason == "mot de passe":
        if entry["format"] == "ods":
            ok = b"manifest:encryption-data" in zipfile.ZipFile(path).read("META-INF/manifest.xml")
        else:
            ok = head.startswith(b"\xd0\xcf\x11\xe0")
            result = subprocess.run(["ssconvert", str(path), str(VERIFY / (path.name + ".csv"))], capture_output=True, text=True)
            ok = ok and result.returncode != 0 and ("password" in result.stderr.lower() or "encrypt" in (result.stdout + result.stderr).lower() or entry["format"] == "xlsx")
            if entry["format"] == "xlsx":
                ok = ok and b"EncryptionInfo" in path.read_bytes().replace(b"\x00", b"")
    elif entry["format"] == "numbers":
        names = zipfile.ZipFile(path).namelist()
        ok = "Index/Document.iwa" in names and "Metadata/Properties.plist" in names
    elif entry["format"] == "docx":
        ok = "word/document.xml" in zipfile.ZipFile(path).namelist()
    elif reason == "formule":
        sheet = openpyxl.load_workbook(path, data_only=True).worksheets[0]
        formulas = openpyxl.load_workbook(path).worksheets[0]
        amounts = [sheet.cell(row=r, column=FIELDS.index("amount") + 1).value for r in range(5, 35)]
        ok = all(a is None for a in amounts) and all(str(formulas.cell(row=r, column=11).value).startswith("=") for r in range(5, 35))
    elif "truncated" in entry["file"]:
        try:
            zipfile.ZipFile(path).testzip()
            ok = False
        except zipfile.BadZipFile:
            ok = True
    elif "utf8" in entry["file"]:
        data = zipfile.ZipFile(path).read("xl/sharedStrings.xml")
        try:
            data.decode("utf-8")
            ok = False
        except UnicodeDecodeError:
            ok = True
    else:
        ok = False
    if not ok:
        problem(entry, f"not the refusable file it claims to be ({reason})")
    return "refusable: " + reason


def reader_for(entry, path, lo):
    fmt, producer = entry["format"], entry["producer"]
    if fmt == "csv":
        sheets, how = read_csv(path)
        return sheets, how
    if fmt == "html":
        return read_html(path), "html.parser"
    if fmt == "xlsx":
        sheets = read_openpyxl(path)
        if sheets:
            return sheets, "openpyxl"
        # Strict OOXML: openpyxl 3.0.9 does not know its namespaces and drops every sheet (with a warning).
        return read_openpyxl(convert_libreoffice(path, lo)), "LibreOffice (openpyxl found no sheet)"
    if fmt == "ods":
        return read_ods(path), "content.xml"
    if fmt == "xls":
        # Cells through a converter, tab states from the BIFF records (converters lose hidden states).
        converted, how = (read_openpyxl(convert_gnumeric(path)), "Gnumeric ssconvert") if not producer.startswith("Gnumeric") \
            else (read_openpyxl(convert_libreoffice(path, lo)), "LibreOffice")
        tabs = xls_tabs(path)
        if [name for name, _ in tabs] != [name for name, _, _ in converted]:
            raise RuntimeError(f"BOUNDSHEET records {tabs} do not match the converted tabs")
        return [(name, "visible" if state == 0 else "hidden", rows) for (name, state), (_, _, rows) in zip(tabs, converted)], how + ", tabs from BOUNDSHEET"
    return read_openpyxl(convert_libreoffice(path, lo)), "LibreOffice"


def check(entry, lo):
    path = FIXTURES / entry["file"]
    if entry["expect"] != "import":
        return check_refused(entry, path)
    sheets, how = reader_for(entry, path, lo)
    visible = [(name, rows) for name, state, rows in sheets if state == "visible"]
    hidden = [name for name, state, _ in sheets if state != "visible"]
    if entry["format"] not in ("csv", "html"):
        if [name for name, _ in visible] != [s["name"] for s in entry["sheets"]]:
            problem(entry, f"visible tabs {[name for name, _ in visible]} != manifest {[s['name'] for s in entry['sheets']]}")
        if hidden != entry["hiddenSheets"]:
            problem(entry, f"hidden tabs {hidden} != manifest {entry['hiddenSheets']}")
    date1904 = entry["date1904"]
    facts = []
    if entry["format"] == "xlsx":
        flag = date1904_of_xlsx(path)
        facts.append(f'date1904="{flag}"' if flag is not None else "no date1904")
        if (flag in ("1", "true")) != date1904:
            problem(entry, f"date1904 attribute {flag!r}, manifest says {date1904}")
    elif entry["format"] == "xls" and date1904_of_xls(path) != date1904:
        problem(entry, f"BIFF DATEMODE says 1904={date1904_of_xls(path)}, manifest says {date1904}")
    for (name, rows), declared in zip(visible, entry["sheets"]):
        if declared["statement"]:
            counted, numeric_dates = check_statement_sheet(entry, rows, declared["statement"], date1904 if how == "openpyxl" else False)
            if numeric_dates:
                facts.append(f"{numeric_dates} date cells read as plain numbers (serials)")
        else:
            counted = count_rows(rows)
        if counted != declared["rows"]:
            problem(entry, f"tab {name}: {counted} non-empty rows under the header, manifest says {declared['rows']}")
    if entry["format"] == "xlsx" and "large" in entry["file"]:
        for part, split, euro in split_characters(path):
            facts.append(f"{part}: {split} characters across 16 KB boundaries ({euro} €)")
    return f"read by {how}" + (f"; {', '.join(facts)}" if facts else "")


def main():
    from libreoffice import LibreOffice

    VERIFY.mkdir(parents=True, exist_ok=True)
    with LibreOffice() as lo:
        for entry in MANIFEST["files"]:
            before = len(problems)
            try:
                outcome = check(entry, lo)
            except Exception as error:
                problem(entry, f"could not be checked: {type(error).__name__}: {error}")
                outcome = "error"
            report.append(f"{'ok  ' if len(problems) == before else 'FAIL'} {entry['file']}: {outcome}")
    print("\n".join(report))
    if problems:
        print(f"\n{len(problems)} problems:\n" + "\n".join(problems))
        return 1
    print(f"\nall {len(MANIFEST['files'])} files match their manifest entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
