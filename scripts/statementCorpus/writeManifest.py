"""Writes test/fixtures/statements/manifest.json (one entry per file) and one <statement>.expected.json per
statement: every line the import must create, normalised as the product stores it, and the totals."""
import json
import sys

from corpus import BUILD, FIXTURES, expected, statement
from registry import ENTRIES, Registry

STATEMENTS = ["known", "known-crlf", "reprises", "large-2500", "large-5000"]


def dump_expected(data):
    """A table: `fields` names the columns of every entry of `lines`; one statement line per file line."""
    head = {key: value for key, value in data.items() if key != "lines"}
    fields = list(data["lines"][0])
    head["fields"] = fields
    text = json.dumps(head, ensure_ascii=False, indent=2)[:-2]
    rows = ",\n".join("    " + json.dumps([line[field] for field in fields], ensure_ascii=False) for line in data["lines"])
    return text + ',\n  "lines": [\n' + rows + "\n  ]\n}\n"


def node_entries():
    """exceljs and SheetJS write their files from Node; their entries are registered (and checked to exist) here."""
    reg = Registry("node")
    for name in ("entries-exceljs.json", "entries-sheetjs.json"):
        path = BUILD / name
        if not path.exists():
            continue
        for entry in json.loads(path.read_text(encoding="utf-8")):
            reg.add(entry["file"], entry["producer"], entry["format"], entry["kind"], notes=entry.get("notes"))
    reg.save()


def main():
    node_entries()
    files = []
    for path in sorted(ENTRIES.glob("*.json")):
        files += json.loads(path.read_text(encoding="utf-8"))
    files.sort(key=lambda entry: entry["file"])
    names = [entry["file"] for entry in files]
    if len(names) != len(set(names)):
        raise SystemExit("duplicate manifest entries")
    on_disk = sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*") if p.is_file()
                     and p.name not in ("manifest.json", "README.md") and not p.name.endswith(".expected.json"))
    missing = sorted(set(on_disk) - set(names))
    if missing:
        raise SystemExit(f"files without a manifest entry: {missing}")

    for name in STATEMENTS:
        (FIXTURES / f"{name}.expected.json").write_text(dump_expected(expected(name)), encoding="utf-8")
        # The raw lines, for checkExpected.mts to normalise with the product's own functions.
        raw = statement(name)["lines"]
        (BUILD / f"raw-{name}.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")

    manifest = {
        "about": "Statement corpus: one entry per file. See README.md for the meaning of each field; regenerate with scripts/statementCorpus/generate.sh.",
        "statements": {name: f"{name}.expected.json" for name in STATEMENTS},
        "files": files,
    }
    (FIXTURES / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"manifest: {len(files)} files")


if __name__ == "__main__":
    sys.exit(main())
