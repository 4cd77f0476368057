"""Dumps the workbook models as JSON for the writers that are not Python (exceljs)."""
import json
import sys
from decimal import Decimal

from corpus import BUILD, workbook


def plain(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value))


def main():
    BUILD.mkdir(parents=True, exist_ok=True)
    for kind in ("known", "two-tabs"):
        (BUILD / f"model-{kind}.json").write_text(json.dumps(workbook(kind), default=plain, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
