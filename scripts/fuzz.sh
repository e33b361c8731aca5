#!/usr/bin/env bash
# Builds and runs the fuzzers for a time budget each: the libFuzzer target of the core
# (tests/fuzz/fuzz_core.cpp: ASan + UBSan, every fast path against the naive reference) and,
# when it exists, the Node fuzzer of the public JS API (tests/fuzz/api-fuzz.mjs).
# Exits non-zero on any finding; the last line counts the fuzzers that passed and failed.
#   usage: fuzz.sh [--seconds N] [--node-seconds M]     (N defaults to 60, M to N)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
node_seconds=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --node-seconds) node_seconds="$2"; shift 2 ;;
    *) echo "usage: fuzz.sh [--seconds N] [--node-seconds M]" >&2; exit 2 ;;
  esac
done
node_seconds="${node_seconds:-$seconds}"

passed=0
failed=0
notes=()

bash scripts/build.sh fuzz
work=build/fuzz/run
mkdir -p "$work/corpus" "$work/artifacts"
log="$work/libfuzzer.log"
echo "fuzz: libFuzzer for ${seconds} s (log: $log)"
# New inputs go to $work/corpus; the seeds in the repo are read, never written. -entropic=0:
# the plain scheduler runs about twice as many cases in a short budget as the entropic one.
set +e
./build/fuzz/fuzz_core -max_total_time="$seconds" -max_len=1024 -timeout=10 -rss_limit_mb=2048 \
  -entropic=0 -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
  "$work/corpus" tests/fuzz/corpus/core >"$log" 2>&1
rc=$?
set -e
execs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$log")
if [ "$rc" -eq 0 ]; then
  passed=$((passed + 1))
  notes+=("libFuzzer: ${execs:-?} executions in ${seconds} s, corpus $(ls "$work/corpus" | wc -l) files")
else
  failed=$((failed + 1))
  tail -n 40 "$log" >&2
  notes+=("libFuzzer: FINDING after ${execs:-?} executions, input saved in $work/artifacts/")
fi

if [ -f tests/fuzz/api-fuzz.mjs ]; then
  bash scripts/build.sh wasm >/dev/null
  echo "fuzz: Node API fuzzer for ${node_seconds} s"
  if node tests/fuzz/api-fuzz.mjs --seconds "$node_seconds"; then
    passed=$((passed + 1))
    notes+=("node: passed")
  else
    failed=$((failed + 1))
    notes+=("node: FINDING")
  fi
fi

for n in "${notes[@]}"; do echo "fuzz: $n"; done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
