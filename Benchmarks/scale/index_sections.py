#!/usr/bin/env python3
"""What a saved index (`index.wenda`) is made of: the size of each section.

  index_sections.py DIR/index.wenda [--json]

Reads the header and the section table (see `IndexFile` in Sources/WendaKit/Index) and
prints each section's bytes, element count, bytes per element and share of the file,
largest first, with the header, table and block checksums as one line. For format
version 5; another version is read with numbered sections (the layout of the header
and table has not changed so far). With --json, one JSON object instead.
"""

import json
import os
import signal
import struct
import sys

# The sections of format 5, in file order (`IndexFile.Section`).
SECTIONS_V5 = [
    "meta", "articleIDOffsets", "articleIDs", "articleOffsets", "articles", "paragraphs", "sentences",
    "sentenceTermOffsets", "sentenceTerms", "titleTermOffsets", "titleTerms",
    "passageParagraph", "passageFirstSentence", "passageEndSentence", "passageLength",
    "termKinds", "termKeys", "termSortedCodes", "termCodeIDs", "termWordBytes", "termWordStarts", "termWordIDs",
    "postingOffsets", "postingPassages", "postingCounts", "frequencies", "paragraphOrder",
    "termMaxCount", "termMinLength",
]

HEADER = 40
ENTRY = 32


def sections(path):
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        head = f.read(HEADER)
        if len(head) < HEADER or head[:8] != b"WENDAIDX":
            raise ValueError("not a wenda index (no WENDAIDX header)")
        version, _, _, count, _ = struct.unpack_from("<IIQQQ", head, 8)
        if count > 10_000:
            raise ValueError("implausible section count %d" % count)
        table = f.read(count * ENTRY)
        if len(table) < count * ENTRY:
            raise ValueError("section table cut short")
    names = SECTIONS_V5 if version == 5 and count == len(SECTIONS_V5) else ["section%d" % i for i in range(count)]
    out = []
    first_section = size
    for i in range(count):
        offset, length, elements, _ = struct.unpack_from("<QQQQ", table, i * ENTRY)
        if offset + length > size:
            raise ValueError("section %d runs past the end of the file" % i)
        first_section = min(first_section, offset)
        out.append({"name": names[i], "bytes": length, "count": elements})
    return version, size, first_section, out


def main(argv):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 1 or any(a not in ("--json",) for a in argv if a.startswith("--")):
        print("usage: index_sections.py DIR/index.wenda [--json]", file=sys.stderr)
        return 2
    path = args[0]
    if os.path.isdir(path):
        path = os.path.join(path, "index.wenda")
    try:
        version, size, start, secs = sections(path)
    except (OSError, ValueError, struct.error) as e:
        print("index_sections.py: %s: %s" % (path, e), file=sys.stderr)
        return 2
    if "--json" in argv:
        print(json.dumps({"file": path, "version": version, "bytes": size, "header_and_checksums": start,
                          "sections": secs}, ensure_ascii=False))
        return 0
    print("%s: format %d, %s bytes (%.1f MB)" % (path, version, format(size, ","), size / 1e6))
    print("%-22s %14s %13s %9s %7s" % ("section", "bytes", "count", "B/elem", "share"))
    rows = sorted(secs, key=lambda s: -s["bytes"])
    rows.append({"name": "(header, table, sums)", "bytes": start, "count": 0})
    for s in rows:
        per = "%.1f" % (s["bytes"] / s["count"]) if s["count"] else ""
        print("%-22s %14s %13s %9s %6.1f%%" % (s["name"], format(s["bytes"], ","), format(s["count"], ","), per,
                                               100.0 * s["bytes"] / size if size else 0))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
