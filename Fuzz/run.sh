#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for a set time.
#   Fuzz/run.sh [SECONDS-PER-TARGET] [TARGET…]      (default 60 s; all targets)
# Crashes are written to Fuzz/crashes/; turn each into a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}; shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(readers splitter segmenter question)
out=.build-fuzz
mkdir -p "$out" Fuzz/crashes
mapfile -t sources < <(find Sources/WendaKit -name '*.swift' -not -path '*/Transcript/*' | sort)
export WENDA_DICTIONARY="$PWD/Sources/WendaKit/Resources/dictionary"
for t in "${targets[@]}"; do
  if [ ! -x "$out/$t" ] || [ -n "$(find Sources/WendaKit Fuzz/Targets/$t.swift -newer "$out/$t" -name '*.swift' | head -1)" ]; then
    echo "building fuzz target $t" >&2
    swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name WendaKit \
      -suppress-warnings Fuzz/Support/BundleShim.swift "${sources[@]}" "Fuzz/Targets/$t.swift" -o "$out/$t" 2>&1 \
      | grep -v "Cannot export local symbol" >&2 || true
  fi
  work="$out/corpus-$t"; mkdir -p "$work"
  echo "fuzzing $t for ${seconds}s" >&2
  "$out/$t" "$work" "Fuzz/seeds/$t" -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=65536 \
    -artifact_prefix="Fuzz/crashes/$t-" -print_final_stats=1 2>&1 | tee "$out/$t.log" | grep -E "^(#[0-9]+ +DONE|Done|stat::number_of_executed_units|stat::average_exec_per_sec|==[0-9]+==ERROR|SUMMARY)" || true
done
