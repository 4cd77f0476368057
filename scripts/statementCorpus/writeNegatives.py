"""Files the import must refuse with a message naming what they are (hand-made, minimal but well-formed)."""
import sys
import zipfile

from corpus import FIXTURES
from registry import Registry
from zipParts import Part, read_parts, write_parts

DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
DOCX_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
DOCX_DOCUMENT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                 '<w:body><w:p><w:r><w:t>Bordereau de commissions — Octobre 2026</w:t></w:r></w:p></w:body></w:document>')
PLIST = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
         '<plist version="1.0"><dict><key>documentUUID</key><string>6F1C2D3E-0000-4000-8000-000000000001</string>'
         '<key>fileFormatVersion</key><string>12.2</string></dict></plist>\n')


def zip_of(path, entries):
    path.parent.mkdir(parents=True, exist_ok=True)
    write_parts(path, [Part(name, data if isinstance(data, bytes) else data.encode("utf-8"), zipfile.ZIP_DEFLATED) for name, data in entries])


def main():
    reg = Registry("negatives")
    out = FIXTURES / "negative"
    # Numbers 10+: a zip of IWA (snappy-compressed protobuf) streams; the bytes here only need the layout.
    zip_of(out / "bordereau.numbers", [
        ("Index/Document.iwa", b"\x00\x1c\x00\x00" + b"\x0a\x12statementCorpus" * 4),
        ("Index/Metadata.iwa", b"\x00\x08\x00\x00\x0a\x06corpus"),
        ("Metadata/Properties.plist", PLIST),
        ("Metadata/DocumentIdentifier", "6F1C2D3E-0000-4000-8000-000000000001"),
    ])
    reg.add("negative/bordereau.numbers", "hand-made by writeNegatives.py: zip with Index/Document.iwa and Metadata/Properties.plist (Numbers' layout)",
            "numbers", expect="numbers")
    zip_of(out / "bordereau.docx", [("[Content_Types].xml", DOCX_TYPES), ("_rels/.rels", DOCX_RELS), ("word/document.xml", DOCX_DOCUMENT)])
    reg.add("negative/bordereau.docx", "hand-made by writeNegatives.py: minimal WordprocessingML package (word/document.xml)", "docx", expect="word")
    # The numbers file under a spreadsheet's name: the content, not the extension, says what it is.
    (out / "numbers-renamed.xlsx").write_bytes((out / "bordereau.numbers").read_bytes())
    reg.add("negative/numbers-renamed.xlsx", "bordereau.numbers renamed .xlsx", "numbers", expect="numbers")

    base = FIXTURES / "libreoffice" / "lo-excel2007.xlsx"
    data = base.read_bytes()
    (out / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    reg.add("negative/truncated.xlsx", "lo-excel2007.xlsx cut in half (a download that stopped)", "xlsx", expect="endommag",
            notes="Substring chosen loosely: a damaged-file message, whatever its wording.")

    # A shared string with Latin-1 bytes inside UTF-8 XML: any reader that decodes it must refuse, not store U+FFFD.
    parts = read_parts(base)
    strings = parts["xl/sharedStrings.xml"]
    bad = strings.data.replace("Orléans".encode("utf-8"), "Orléans".encode("latin-1"), 1)
    assert bad != strings.data
    parts["xl/sharedStrings.xml"] = strings._replace(data=bad)
    write_parts(out / "invalid-utf8-shared-string.xlsx", parts.values())
    reg.add("negative/invalid-utf8-shared-string.xlsx", "lo-excel2007.xlsx with « Orléans » in Latin-1 (byte E9) inside the UTF-8 sharedStrings.xml",
            "xlsx", expect="endommag", notes="Never import it with U+FFFD in the address: refuse the file as damaged, naming the part or cell.")
    reg.save()


if __name__ == "__main__":
    sys.exit(main())
