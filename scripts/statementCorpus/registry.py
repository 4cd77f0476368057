"""Manifest entries, declared by each writer next to the file it writes, merged by writeManifest.py.

The facts declared here (tabs, row counts, date system) are then checked against the files
themselves by verify.py, so the manifest is never only what a script meant to write.
"""
import json

from corpus import BUILD, FIXTURES, KNOWN

ENTRIES = BUILD / "entries"

# Visible tabs, in tab order, of each workbook kind: (name, non-empty rows below the header, statement held).
SHEETS = {
    "known": [("Bordereau", 31, "known")],
    "known-crlf": [("Bordereau", 31, "known-crlf")],
    "two-tabs": [("Bordereau", 31, "known"), ("Reprises", 2, "reprises")],
    "hidden-first": [("Bordereau", 31, "known")],
    "summary-first": [(KNOWN["recap"]["sheet"], 4, None), ("Bordereau", 31, "known")],
    "large-2500": [("Bordereau", 2501, "large-2500")],
    "large-5000": [("Bordereau", 5001, "large-5000")],
}
HIDDEN = {"hidden-first": [KNOWN["bareme"]["sheet"]]}


def sheets_of(kind, single_sheet_name=True):
    """The manifest's `sheets`: visible tabs in tab order. Formats without tab names (CSV, HTML) give name null."""
    return [{"name": name if single_sheet_name else None, "rows": rows, "statement": held} for name, rows, held in SHEETS[kind]]


class Registry:
    def __init__(self, module):
        self.module = module
        self.entries = []

    def add(self, file, producer, format, kind=None, *, statement_name=None, sheet="default", date1904=False, expect="import",
            named_tabs=True, notes=None):
        """kind: the workbook kind (see SHEETS) or None for a file without a statement."""
        path = FIXTURES / file
        if not path.exists():
            raise FileNotFoundError(path)
        if kind:
            sheets = sheets_of(kind, named_tabs)
            held = statement_name or next(s["statement"] for s in sheets if s["statement"])
            default = next(s for s in sheets if s["statement"] == held)["name"] if sheet == "default" else sheet
        else:
            sheets, held, default = [], None, None
        entry = {
            "file": file,
            "producer": producer,
            "format": format,
            "statement": held,
            "sheet": default,
            "sheets": sheets,
            "hiddenSheets": HIDDEN.get(kind, []) if kind else [],
            "date1904": date1904,
            "expect": expect if expect == "import" else {"refused": expect},
        }
        if notes:
            entry["notes"] = notes
        self.entries.append(entry)
        return entry

    def save(self):
        ENTRIES.mkdir(parents=True, exist_ok=True)
        (ENTRIES / f"{self.module}.json").write_text(json.dumps(self.entries, ensure_ascii=False, indent=1), encoding="utf-8")
