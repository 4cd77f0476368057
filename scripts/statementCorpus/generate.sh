#!/usr/bin/env bash
# Regenerates the statement corpus under test/fixtures/statements/ with real software, then checks
# every file. CI never runs this: the generated files are committed.
#
# Tools (Debian 12 packages unless said otherwise), as used for the committed corpus:
#   - LibreOffice 7.4.7.2 (libreoffice-calc-nogui, python3-uno), driven through UNO
#   - Gnumeric ssconvert 1.12.55 (gnumeric)
#   - openpyxl 3.0.9 (python3-openpyxl) and lxml 4.9.2 (python3-lxml), run with /usr/bin/python3 3.11
#     (the pyenv python3 on PATH lacks openpyxl)
#   - exceljs 4.4.0 (the project's node_modules), Node 20
#   - SheetJS @e965/xlsx 0.20.3, installed in the build folder only (for the .xlsb; nothing else here writes one)
#   - tsx (the project's node_modules), to check the expected values against shared/contactDetails.ts
#
# Deterministic where the tools allow: the statements are fixed or drawn from a seeded generator, dates
# and document properties are fixed. Not byte-for-byte: LibreOffice, Gnumeric and exceljs stamp their
# zip entries (and LibreOffice its docProps/app.xml) with the current time; cells never change.
#
# Usage: scripts/statementCorpus/generate.sh        (from anywhere; takes about a minute)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BUILD=/tmp/statementCorpus-build
FIXTURES="$REPO/test/fixtures/statements"
PY=/usr/bin/python3

for tool in soffice ssconvert node; do command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }; done
"$PY" -c 'import openpyxl, lxml, uno' || { echo "$PY needs python3-openpyxl, python3-lxml and python3-uno" >&2; exit 1; }

rm -rf "$BUILD"
mkdir -p "$BUILD" "$FIXTURES"
find "$FIXTURES" -mindepth 1 ! -name README.md -delete  # README.md is written by hand
cd "$HERE"

echo "== SheetJS into the build folder (for the .xlsb)"
npm install --prefix "$BUILD/sheetjs" --no-save --no-audit --no-fund --silent @e965/xlsx@0.20.3

echo "== openpyxl";       "$PY" writeOpenpyxl.py
echo "== tuning the large statements"; "$PY" tuneLarge.py
echo "== LibreOffice";    "$PY" writeLibreOffice.py
echo "== Gnumeric";       "$PY" writeGnumeric.py
echo "== exceljs";        "$PY" exportModels.py && node writeExceljs.mjs "$BUILD" "$FIXTURES"
echo "== SheetJS";        node writeSheetjs.mjs "$BUILD" "$FIXTURES"
echo "== hand-made";      "$PY" writeHandmade.py
echo "== CSV and HTML";   "$PY" writeText.py
echo "== refused files";  "$PY" writeNegatives.py
echo "== manifest";       "$PY" writeManifest.py

echo "== expected values against the product's normalisation"
(cd "$REPO" && npx tsx scripts/statementCorpus/checkExpected.mts "$BUILD")

echo "== every file against its manifest entry"
"$PY" verify.py
du -sh "$FIXTURES"
