"""Chooses the length of the large statements' notice row so that, in the .xlsx LibreOffice writes,
multi-byte characters straddle 16 KB boundaries of xl/sharedStrings.xml, a "€" among them.

Streaming readers that decode each 16 KB chunk of inflated XML on its own break exactly these
characters (exceljs #2084, #2316). With accents spread through the statement some boundary usually
falls inside one; tuning the notice makes sure of it, and of a "€" in a text amount.
LibreOffice writes shared strings in order of first appearance, so lengthening the notice (the third
string) by n bytes moves every later string n bytes on: one LibreOffice run gives the base offsets.
"""
import json
import sys
import zipfile

from corpus import BUILD, LARGE_NOTICE, LARGE_TUNING_FILE, large_statement, statement_rows
from fods import write_fods
from libreoffice import LibreOffice

CHUNK = 16384
EURO = "€".encode("utf-8")


def straddles(data, shift):
    """Boundaries of the shifted part that fall inside a UTF-8 character; and those inside a "€"."""
    split, euro = 0, 0
    for boundary in range(CHUNK, len(data) + shift, CHUNK):
        at = boundary - shift
        if 0 < at < len(data) and 0x80 <= data[at] <= 0xBF:
            split += 1
            if data[at - 1:at + 2] == EURO or data[at - 2:at + 1] == EURO:
                euro += 1
    return euro, split


def tune(lo, count):
    """The first phase of the text amounts (lines ≡ phase mod 125) for which some notice length splits a "€"."""
    base_chars = 1
    assert not any(c in LARGE_NOTICE for c in "&<>\"'"), "the notice must need no XML escaping"
    base = len(LARGE_NOTICE[:base_chars].encode("utf-8"))
    for phase in range(62, 62 + 125):
        stmt = large_statement(count, notice_chars=base_chars, text_phase=phase % 125)
        sheet = {"name": "Bordereau", "hidden": False, "rows": statement_rows(stmt), "merges": []}
        source = write_fods(BUILD / f"tune-{count}.fods", [sheet], merge_title=True)
        target = BUILD / f"tune-{count}.xlsx"
        lo.convert(source, [(target, "Calc MS Excel 2007 XML", None, None)])
        data = zipfile.ZipFile(target).read("xl/sharedStrings.xml")
        score = lambda n: (*straddles(data, len(LARGE_NOTICE[:n].encode("utf-8")) - base), -n)  # noqa: E731
        best = max(range(base_chars, len(LARGE_NOTICE) + 1), key=score)
        euro, split, _ = score(best)
        if euro:
            print(f"large-{count}: text amounts at lines ≡ {phase % 125} (mod 125), notice of {best} characters: "
                  f"{split} characters split by 16 KB boundaries of sharedStrings.xml, {euro} of them a €")
            return {"textPhase": phase % 125, "noticeChars": best}
    raise SystemExit(f"large-{count}: no placement splits a €")


def main():
    with LibreOffice() as lo:
        chosen = {str(count): tune(lo, count) for count in (2500, 5000)}
    LARGE_TUNING_FILE.write_text(json.dumps(chosen, indent=1) + "\n")


if __name__ == "__main__":
    sys.exit(main())
