#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, made from the fixtures (tests/sheets, tests/fixtures,
schemes): nothing large is committed. Writes fuzz/seeds/<target>/."""
import csv
import glob
import io
import os
import re
import shutil
import struct
import zipfile
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "seeds")


def put(target, name, data):
    folder = os.path.join(OUT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    sheets = sorted(glob.glob(os.path.join(ROOT, "tests/sheets/*.yaml")))
    sheets += sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/*/*.yaml")))
    cells = set()
    for i, path in enumerate(sheets):
        text = open(path, encoding="utf-8").read()
        put("sheet_text", f"{i}.yaml", b"\x00" + text.encode("utf-8"))
        for m in re.finditer(r'(?:target|actual|rate|deviation): *"?([^",}\n]+)"?', text):
            cells.add(m.group(1).strip())
    for i, cell in enumerate(sorted(cells)):
        put("value", f"{i}", cell)
    schemes = sorted(glob.glob(os.path.join(ROOT, "schemes/*.yaml")))
    schemes += sorted(glob.glob(os.path.join(ROOT, "tests/schemes/*.yaml")))
    formulas = set()
    for i, path in enumerate(schemes):
        text = open(path, encoding="utf-8").read()
        put("scheme", f"{i}.yaml", text)
        for m in re.finditer(r'(?:rate|formula|when|require|score): *"?([^"\n#]+)"?', text):
            formulas.add(m.group(1).strip())
    mof = open(os.path.join(ROOT, "schemes/mof-2020-project.yaml"), encoding="utf-8").read()
    province = open(os.path.join(ROOT, "schemes/province-2024-project.yaml"), encoding="utf-8").read()
    child = re.sub(r"extends: *\S+", "extends: parent.yaml", province)
    put("scheme", "extends.yaml", child.encode("utf-8") + b"\x00" + mof.encode("utf-8"))
    for i, formula in enumerate(sorted(formulas)):
        put("formula", f"{i}", formula)
    for i, path in enumerate(sorted(glob.glob(os.path.join(ROOT, "tests/sheets/*.csv")))):
        data = open(path, "rb").read()
        put("csv", f"{i}.csv", data)
        rows = list(csv.reader(io.StringIO(data.decode("gb18030"))))
        put("csv", f"{i}-utf8.csv", data.decode("gb18030").encode("utf-8"))
        put("ods", f"{i}.xml", ods_content(rows))
        put("xls", f"{i}.xls", xls(rows))
    parts = [
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
        "xl/styles.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
    ]
    for i, path in enumerate(sorted(glob.glob(os.path.join(ROOT, "tests/sheets/*.xlsx")))):
        book = zipfile.ZipFile(path)
        for n, part in enumerate(parts):
            put("xlsx_part", f"{i}-{n}", bytes([n]) + book.read(part))


def record(kind, data):
    return struct.pack("<HH", kind, len(data)) + data


def xls(rows):
    """The rows as text cells of a BIFF8 workbook in an OLE compound file, as
    tests/support/xls.rs writes it."""
    bof = lambda kind: record(0x0809, struct.pack("<HH", 0x0600, kind) + bytes(12))
    name = "自评表".encode("utf-16-le")
    globals_ = bof(0x0005) + record(0x0042, struct.pack("<H", 1200))
    at = len(globals_)
    globals_ += record(0x0085, bytes(4) + bytes([0, 0, len(name) // 2, 1]) + name)
    globals_ += record(0x000A, b"")
    width = max((len(r) for r in rows), default=0)
    sheet = bof(0x0010) + record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value:
                text = value.encode("utf-16-le")
                data = struct.pack("<HHHHB", r, c, 0, len(text) // 2, 1) + text
                sheet += record(0x0204, data)
    sheet += record(0x000A, b"")
    stream = bytearray(globals_ + sheet)
    stream[at + 4:at + 8] = struct.pack("<I", len(globals_))
    if len(stream) < 4096:
        stream += record(0x00EF, bytes(4096 - len(stream) - 4))
    sectors = (len(stream) + 511) // 512
    header = bytearray(512)
    header[:8] = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<III", header, 0x2C, 1, 1, 0)
    struct.pack_into("<IIIII", header, 0x38, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    for i in range(109):
        struct.pack_into("<I", header, 0x4C + 4 * i, 0 if i == 0 else 0xFFFFFFFF)
    fat = [0xFFFFFFFF] * 128
    fat[0], fat[1] = 0xFFFFFFFD, 0xFFFFFFFE
    for i in range(sectors):
        fat[2 + i] = 0xFFFFFFFE if i + 1 == sectors else 3 + i

    def entry(name, kind, child, start, size):
        e = bytearray(128)
        units = name.encode("utf-16-le")
        e[:len(units)] = units
        struct.pack_into("<HBB", e, 64, len(units) + 2, kind, 1)
        struct.pack_into("<III", e, 68, 0xFFFFFFFF, 0xFFFFFFFF, child)
        struct.pack_into("<II", e, 116, start, size)
        return bytes(e)

    out = bytes(header) + struct.pack("<128I", *fat)
    out += entry("Root Entry", 5, 1, 0xFFFFFFFE, 0) + entry("Workbook", 2, 0xFFFFFFFF, 2, len(stream))
    out += bytes(256) + bytes(stream) + bytes(sectors * 512 - len(stream))
    return out


def ods_content(rows):
    """An OpenDocument content.xml holding `rows` as string cells."""
    body = []
    for row in rows:
        cells = []
        for value in row:
            if value:
                cells.append(
                    '<table:table-cell office:value-type="string"><text:p>'
                    + escape(value)
                    + "</text:p></table:table-cell>"
                )
            else:
                cells.append("<table:table-cell/>")
        body.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="自评表">'
        + "".join(body)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )


if __name__ == "__main__":
    main()
