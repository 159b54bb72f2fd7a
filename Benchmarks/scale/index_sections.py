#!/usr/bin/env python3
"""What a saved index (a segment, `segment-N.wenda`, or the one file `index.wenda` of
format 7 and before) is made of: the size of each section.

  index_sections.py DIR/segment-N.wenda [--json] [--estimate]
  index_sections.py DIR     (the largest segment the folder's segments.json lists)

Reads the header and the section table (see `IndexFile` in Sources/WendaKit/Index) and
prints each section's bytes, element count, bytes per element and share of the file,
largest first, with the header, table and block checksums as one line; from format 11,
also the number of terms and the bits a term's record takes, field by field (see
`TermInfoStore`). For format versions 5, 7 to 13; another version is read with numbered sections (the layout of the header
and table has not changed so far). With --json, one JSON object instead.

With --estimate (format 5, needs numpy): what the three largest integer sections would
take with gaps coded as variable-length integers (LEB128: 7 bits a byte) — posting
passages (sorted within a term) and sentence terms (sorted within a sentence) — and
posting counts in one byte below 255 (three bytes with an escape above). An estimate
of what such coding would save, not a format.
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

# Format 7: a title table after the ids; postings in blocks of 128 with skip data
# (`PostingBlocks`) instead of plain passages and counts.
SECTIONS_V7 = (SECTIONS_V5[:3] + ["articleTitleOffsets", "articleTitles"] + SECTIONS_V5[3:22]
               + ["postingOffsets", "postings", "termFirstBlock", "postingSkips"] + SECTIONS_V5[25:])
# Format 8: each article's content hash after the ids (an index is a list of segments).
SECTIONS_V8 = SECTIONS_V7[:3] + ["articleHashes"] + SECTIONS_V7[3:]
# Format 9: the same sections; sentence terms coded as varint gaps (`SentenceTermCoding`),
# their offsets in bytes, and a term's key a 4-byte position (not its code again).
# Format 10 also keeps a term's postings start as a 4-byte difference from its group of 64's
# (postingOffsetBase), and its skip data's start only per group (termBlockBase).
SECTIONS_V10 = (SECTIONS_V8[:SECTIONS_V8.index("postingOffsets")] + ["postingOffsetBase", "postingOffsets", "postings",
               "termBlockBase"] + SECTIONS_V8[SECTIONS_V8.index("postingSkips"):])
# Format 11: the term dictionary as sorted keys in blocks (`TermTable`) and each term's
# record bit-packed in blocks (`TermInfoStore`), in place of the term columns, postings
# offsets, frequencies and score bounds; a term in one passage keeps its posting there.
SECTIONS_V11 = (SECTIONS_V10[:SECTIONS_V10.index("termKinds")]
                + ["termKeyBlocks", "termKeyBytes", "termSortedIDs", "termInfoBlocks", "termInfos", "postings",
                   "postingSkips", "paragraphOrder"])
# Format 12: the article records compressed in blocks with zstd and a dictionary (`ArticleBlock`):
# the block table and the dictionary after the records' offsets.
# Sentence terms bit-packed in groups of four gaps (`SentenceTermCoding`), each sentence's start
# a 4-byte offset from its run of 1,024 sentences' base.
SECTIONS_V12 = (SECTIONS_V11[:SECTIONS_V11.index("articles")] + ["articleBlocks", "articleDictionary"]
                + SECTIONS_V11[SECTIONS_V11.index("articles"):SECTIONS_V11.index("sentenceTermOffsets")]
                + ["sentenceTermBases"] + SECTIONS_V11[SECTIONS_V11.index("sentenceTermOffsets"):])
# Format 13: a sentence's range alone (8 bytes), its paragraph found from the paragraph of
# its run of 1,024 sentences' first (`SentenceRange`); titles' terms coded as a sentence's;
# a skip data row 12 bytes.
SECTIONS_V13 = (SECTIONS_V12[:SECTIONS_V12.index("sentences") + 1] + ["sentenceParagraphBases"]
                + SECTIONS_V12[SECTIONS_V12.index("sentences") + 1:])
NAMES = {5: SECTIONS_V5, 7: SECTIONS_V7, 8: SECTIONS_V8, 9: SECTIONS_V8, 10: SECTIONS_V10, 11: SECTIONS_V11,
         12: SECTIONS_V12, 13: SECTIONS_V13}
# A term record's fields, in packing order (`TermInfoStore.Field`), and a block header's size.
TERM_FIELDS = ["postings", "frequency", "skips", "maxCount", "boundOrPassage", "key"]
TERM_BLOCK = 32

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
    names = NAMES.get(version, [])
    if count != len(names):
        names = ["section%d" % i for i in range(count)]
    out = []
    first_section = size
    for i in range(count):
        offset, length, elements, _ = struct.unpack_from("<QQQQ", table, i * ENTRY)
        if offset + length > size:
            raise ValueError("section %d runs past the end of the file" % i)
        first_section = min(first_section, offset)
        out.append({"name": names[i], "bytes": length, "count": elements})
    return version, size, first_section, out


def term_fields(path, secs):
    """The number of terms and the bits each field of their records takes (format 11)."""
    by = {s["name"]: (i, s) for i, s in enumerate(secs)}
    if "termInfoBlocks" not in by:
        return []
    i, s = by["termInfoBlocks"]
    with open(path, "rb") as f:
        f.seek(HEADER + i * ENTRY)
        offset = struct.unpack("<Q", f.read(8))[0]
        f.seek(offset)
        raw = f.read(s["bytes"])
    blocks = [struct.unpack_from("<qIiiQ", raw, k * TERM_BLOCK)[:4] + struct.unpack_from("<Q", raw, k * TERM_BLOCK + 24)
              for k in range(s["count"])]
    terms = blocks[-1][3] if blocks else 0
    bits = [0] * len(TERM_FIELDS)
    for b in blocks[:-1]:
        n = min(128, terms - b[3])
        for k in range(len(TERM_FIELDS)):
            bits[k] += ((b[4] >> (8 * k)) & 0xFF) * n
    per = ", ".join("%s %.1f" % (name, b / max(1, terms)) for name, b in zip(TERM_FIELDS, bits))
    return ["terms: %s; bits a term's record takes: %s (%.1f in all)" % (format(terms, ","), per, sum(bits) / max(1, terms))]


def varint_bytes(np, values):
    """Bytes of LEB128 coding of each non-negative value, summed."""
    v = values.astype(np.uint64)
    total = v.size
    for shift in (7, 14, 21, 28, 35):
        total += int(np.count_nonzero(v >= (1 << shift)))
    return total


def estimate(path, secs):
    try:
        import numpy as np
    except ImportError:
        return ["estimate: numpy is not installed"]
    by = {s["name"]: s for s in secs}
    if not all(k in by for k in ("postingOffsets", "postingPassages", "postingCounts", "sentenceTermOffsets",
                                 "sentenceTerms")):
        return ["estimate: not a format 5 index"]
    table_offsets = {}
    with open(path, "rb") as f:
        f.seek(HEADER)
        table = f.read(len(secs) * ENTRY)
    for i, s in enumerate(secs):
        table_offsets[s["name"]] = struct.unpack_from("<Q", table, i * ENTRY)[0]

    def load(name, dtype):
        return np.memmap(path, dtype=dtype, mode="r", offset=table_offsets[name], shape=(by[name]["count"],))

    def gaps(offsets, values):
        # Within each list the gap to the previous value; a list's first value as it is.
        v = values.astype(np.int64)
        g = np.empty_like(v)
        if v.size:
            g[0] = v[0]
            g[1:] = v[1:] - v[:-1]
            starts = offsets[:-1].astype(np.int64)
            starts = starts[(starts > 0) & (starts < v.size)]
            g[starts] = v[starts]
        return g

    lines = []
    po, pp = load("postingOffsets", "<i4"), load("postingPassages", "<i4")
    pg = gaps(po, pp)
    pv = varint_bytes(np, pg)
    lines.append("postingPassages  %14s B now, %14s B as varint gaps (%.2f B each)"
                 % (format(by["postingPassages"]["bytes"], ","), format(pv, ","), pv / max(1, pp.size)))
    pc = load("postingCounts", "<u2")
    cv = int(pc.size + 2 * np.count_nonzero(pc >= 255))
    lines.append("postingCounts    %14s B now, %14s B as one byte (escape above 254); %.1f%% are 1"
                 % (format(by["postingCounts"]["bytes"], ","), format(cv, ","), 100.0 * np.count_nonzero(pc == 1) / max(1, pc.size)))
    so, st = load("sentenceTermOffsets", "<i4"), load("sentenceTerms", "<i4")
    sg = gaps(so, st)
    sv = varint_bytes(np, sg)
    lines.append("sentenceTerms    %14s B now, %14s B as varint gaps (%.2f B each)"
                 % (format(by["sentenceTerms"]["bytes"], ","), format(sv, ","), sv / max(1, st.size)))
    now = by["postingPassages"]["bytes"] + by["postingCounts"]["bytes"] + by["sentenceTerms"]["bytes"]
    lines.append("together         %14s B now, %14s B coded (-%.0f%%)"
                 % (format(now, ","), format(pv + cv + sv, ","), 100.0 * (1 - (pv + cv + sv) / max(1, now))))
    return lines


def main(argv):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 1 or any(a not in ("--json", "--estimate") for a in argv if a.startswith("--")):
        print("usage: index_sections.py DIR/segment-N.wenda [--json] [--estimate]", file=sys.stderr)
        return 2
    path = args[0]
    if os.path.isdir(path):
        listed = os.path.join(path, "segments.json")
        if os.path.exists(listed):
            with open(listed, encoding="utf-8") as f:
                segs = json.load(f)["segments"]
            path = os.path.join(path, max(segs, key=lambda s: s["passages"])["name"])
        else:
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
    for line in term_fields(path, secs):
        print(line)
    if "--estimate" in argv:
        print()
        for line in estimate(path, secs):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
