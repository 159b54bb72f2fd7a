#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/Targets/*.swift) and runs each.
#   Fuzz/run.sh [SECONDS-PER-TARGET] [TARGET…]   run each for a set time (default 60 s; all targets)
#   Fuzz/run.sh --check                          CI: a debug build, each target run briefly from its seeds
# The library is built by SwiftPM exactly as the package builds it (every source file of
# WendaKit, its resources and dependencies), with the fuzzer and address sanitizers, in
# its own build folder; each target is linked against it.
# Exit status: 0 nothing found; 1 a target crashed (the input is saved, see the message);
# 2 the build failed.
set -uo pipefail
cd "$(dirname "$0")/.."

check=0
if [ "${1:-}" = "--check" ]; then check=1; shift; fi
seconds=${1:-60}; [ $# -gt 0 ] && shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in Fuzz/Targets/*.swift; do targets+=("$(basename "$f" .swift)"); done
fi

# Timed runs want speed (release); the CI check wants a quick build (debug).
config=${FUZZ_CONFIG:-$([ $check = 1 ] && echo debug || echo release)}
scratch=.build-fuzz
echo "fuzz: building WendaKit ($config) with the fuzzer and address sanitizers in $scratch" >&2
swift build --quiet --build-path "$scratch" -c "$config" --sanitize fuzzer --sanitize address \
  -Xswiftc -enable-testing --target WendaKit >&2 || { echo "fuzz: building WendaKit failed" >&2; exit 2; }
lib="$scratch/$config"
# This build folder only ever builds WendaKit: its targets are WendaKit and its
# dependencies (GRDB, CXapian). The objects are those of each target's current output file map,
# never a stale one left by a source file since moved or removed.
objects=()
for map in "$lib"/*.build/output-file-map.json; do
  while read -r o; do [ -f "$o" ] && objects+=("$o"); done \
    < <(grep -o '"object": *"[^"]*"' "$map" | sed 's/.*"object": *"\(.*\)"/\1/')
done
# C and C++ targets (CXapian) have no output file map: their objects are all they built.
for dir in "$lib"/*.build; do
  [ -f "$dir/output-file-map.json" ] && continue
  for o in "$dir"/*.o; do [ -f "$o" ] && objects+=("$o"); done
done
[ ${#objects[@]} -gt 0 ] || { echo "fuzz: no object files in $lib" >&2; exit 2; }
# The C modules the library's dependencies import (GRDB's SQLite), as SwiftPM passed them.
modulemaps=()
while read -r m; do modulemaps+=(-Xcc "$m"); done < <(grep -o -- '-fmodule-map-file=[^"]*' "$lib/description.json" | sort -u)

bin="$scratch/targets-$config"
mkdir -p "$bin" Fuzz/crashes
export WENDA_DICTIONARY="$PWD/Sources/WendaKit/Resources/dictionary"
# A crash is reported by the sanitizer; Swift's own backtracer under it only adds noise.
export SWIFT_BACKTRACE=enable=no
status=0
for t in "${targets[@]}"; do
  src="Fuzz/Targets/$t.swift"
  [ -f "$src" ] || { echo "fuzz: no target $t ($src)" >&2; exit 2; }
  if [ ! -x "$bin/$t" ] || [ -n "$(find "$src" "${objects[@]}" -newer "$bin/$t" -print -quit)" ]; then
    echo "fuzz: linking $t" >&2
    if ! swiftc -sanitize=fuzzer,address -parse-as-library -Onone -module-name "fuzz_$t" \
         -I "$lib/Modules" "${modulemaps[@]}" "$src" "${objects[@]}" -lsqlite3 -lgumbo -lxapian -lstdc++ -o "$bin/$t" 2> "$bin/$t.build.log"; then
      grep -v "Cannot export local symbol" "$bin/$t.build.log" >&2
      echo "fuzz: building target $t failed" >&2
      exit 2
    fi
  fi
  log="$bin/$t.log"
  if [ $check = 1 ]; then
    # Every seed input, then mutations from a fixed seed for a few seconds.
    work=$(mktemp -d)
    args=(-seed=1 -max_total_time="${FUZZ_CHECK_SECONDS:-3}" -max_len=4096 -timeout=60)
    prefix="$work/"
  else
    work="$scratch/corpus-$t"; mkdir -p "$work"
    args=(-max_total_time="$seconds" -max_len=65536 -timeout=60)
    prefix="Fuzz/crashes/$t-"
  fi
  echo "fuzz: $t ($([ $check = 1 ] && echo "its seeds, then ${FUZZ_CHECK_SECONDS:-3}s" || echo "${seconds}s"))" >&2
  "$bin/$t" "${args[@]}" -rss_limit_mb=4096 -artifact_prefix="$prefix" -print_final_stats=1 \
    "$work" "Fuzz/seeds/$t" > "$log" 2>&1
  rc=$?
  grep -E "^(Done|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)" "$log" | sed "s/^/  $t: /" >&2
  if [ $rc -ne 0 ]; then
    grep -E "==[0-9]+==ERROR|SUMMARY|Fatal error|Precondition failed|deadly signal|Test unit written|Base64" "$log" | head -20 >&2
    if [ $check = 1 ]; then
      mkdir -p Fuzz/crashes
      for f in "$work"/crash-* "$work"/timeout-* "$work"/oom-* "$work"/leak-*; do
        [ -e "$f" ] && cp "$f" "Fuzz/crashes/$t-$(basename "$f")" && echo "  saved Fuzz/crashes/$t-$(basename "$f")" >&2
      done
    fi
    echo "fuzz: $t found a problem (exit $rc); the log is $log" >&2
    status=1
  fi
  [ $check = 1 ] && rm -rf "$work"
done
exit $status
