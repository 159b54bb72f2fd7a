#!/usr/bin/env bash
# make bench: time wenda against tantivy, SQLite FTS5 and jieba + scikit-learn TF-IDF in
# one run, print a markdown table and save it under bench-out/. See Benchmarks/README.md.
#
#   Benchmarks/run.sh [EVAL_DIR] [--sizes base,10000,100000] [--questions 2000] [--no-build] …
#   Benchmarks/run.sh --help          every option
#
# EVAL_DIR (or $WENDA_EVAL_DIR) holds the CMRC 2018 JSONL files; default ../shared/eval
# relative to the repo root.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

python="${PYTHON:-python3}"
command -v "$python" >/dev/null || { echo "bench: $python not found" >&2; exit 2; }

build=1
no_wenda=0
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    --no-wenda) no_wenda=1 ;;
    -h|--help) exec "$python" "$here/peers/bench.py" --help ;;
  esac
done
args=()
for a in "$@"; do [ "$a" = --no-build ] || args+=("$a"); done

# The peers come from PyPI; install only what is missing, quietly.
missing=()
"$python" -c 'import tantivy' 2>/dev/null || missing+=(tantivy)
"$python" -c 'import sklearn' 2>/dev/null || missing+=(scikit-learn)
"$python" -c 'import jieba' 2>/dev/null || missing+=(jieba)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: installing ${missing[*]} with pip" >&2
  "$python" -m pip install --quiet --disable-pip-version-check "${missing[@]}" >&2
fi

# wenda itself: the release build (make bench has just built it; this is then a no-op).
wenda_args=()
if [ "$no_wenda" = 0 ]; then
  if [ "$build" = 1 ]; then
    if ! swift build -c release >&2; then
      echo "bench: swift build -c release failed; measuring the peers only" >&2
    fi
  fi
  bin="$(swift build -c release --show-bin-path 2>/dev/null || echo .build/release)/wenda"
  if [ -x "$bin" ]; then
    wenda_args=(--wenda-bin "$bin")
  else
    echo "bench: no wenda executable at $bin; measuring the peers only" >&2
  fi
fi

exec "$python" "$here/peers/bench.py" ${wenda_args[@]+"${wenda_args[@]}"} ${args[@]+"${args[@]}"}
