"""Reading and rewriting the parts of an OOXML package, keeping their order and compression unless told otherwise."""
import zipfile
from collections import OrderedDict, namedtuple

Part = namedtuple("Part", "name data compress")
FIXED_DATE = (2026, 11, 5, 9, 0, 0)


def read_parts(path):
    parts = OrderedDict()
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            parts[info.filename] = Part(info.filename, archive.read(info), info.compress_type)
    return parts


def write_parts(path, parts):
    """Writes the parts in the order given, with a fixed date, so that hand-made files are reproducible."""
    with zipfile.ZipFile(path, "w") as archive:
        for part in parts:
            info = zipfile.ZipInfo(part.name, date_time=FIXED_DATE)
            info.compress_type = part.compress
            info.external_attr = 0o644 << 16
            archive.writestr(info, part.data, compresslevel=6 if part.compress == zipfile.ZIP_DEFLATED else None)
    return path


def zip_order(path):
    with zipfile.ZipFile(path) as archive:
        return [info.filename for info in archive.infolist()]
