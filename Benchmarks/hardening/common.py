"""What the hardening scripts share: the wenda binary to run, a two-article corpus written
for them, the private environment (HOME, XDG folders) a run's transcripts go to, and how a run ends."""
import json
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CORPUS = [
    {"id": "a1", "title": "AI教母 李飞飞：学术界没钱", "author": "新智元", "date": "2024-04-23",
     "text": "李飞飞说学术界没钱没资源。\n她向拜登建议多拨款，建设算力和数据集。\n斯坦福大学的自然语言处理小组只有68块GPU。"},
    {"id": "a2", "title": "AI教父 辛顿", "text": "辛顿离开了谷歌。\n他担心人工智能的风险。"},
]


def default_binary():
    for config in ("release", "debug"):
        path = os.path.join(ROOT, ".build", config, "wenda")
        if os.access(path, os.X_OK):
            return path
    sys.exit("no wenda binary: run `swift build -c release` first, or pass --bin")


def write_corpus(home):
    """Writes CORPUS as JSON Lines into HOME; returns the file's path."""
    corpus = os.path.join(home, "corpus.jsonl")
    with open(corpus, "w") as f:
        for a in CORPUS:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    return corpus


def private_env(home):
    """The environment of a run whose transcripts and history stay inside HOME."""
    return dict(os.environ, XDG_DATA_HOME=os.path.join(home, "data"), XDG_STATE_HOME=os.path.join(home, "state"),
                HOME=home, NO_COLOR="1")


def store_path(home):
    return os.path.join(home, "data", "wenda", "transcripts.sqlite")


def finish(totals, ok, scratch, what):
    """Print the totals as one JSON line and exit 0 when `ok`, removing the scratch folder;
    otherwise keep it (`what` names what it holds) for inspection and exit 1."""
    print(json.dumps(totals))
    if ok:
        shutil.rmtree(scratch, ignore_errors=True)
    else:
        print(f"{what} kept for inspection in {scratch}", file=sys.stderr)
    sys.exit(0 if ok else 1)
