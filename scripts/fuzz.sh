#!/usr/bin/env bash
# Builds and runs the fuzzers for a time budget each: the libFuzzer targets of the core
# (tests/fuzz/fuzz_core.cpp + fuzz_image.cpp, and tests/fuzz/fuzz_tensor.cpp for the 1-D,
# transposed, layer and pooling calls; ASan + UBSan, every fast path against the naive
# reference) and the Node fuzzer of the public JS API (tests/fuzz/api-fuzz.mjs).
# Exits non-zero on any finding; the last line counts the fuzzers that passed and failed.
#   usage: fuzz.sh [--seconds N] [--tensor-seconds T] [--node-seconds M]
#          (N defaults to 60; T and M default to N)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
tensor_seconds=""
node_seconds=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --tensor-seconds) tensor_seconds="$2"; shift 2 ;;
    --node-seconds) node_seconds="$2"; shift 2 ;;
    *) echo "usage: fuzz.sh [--seconds N] [--tensor-seconds T] [--node-seconds M]" >&2; exit 2 ;;
  esac
done
tensor_seconds="${tensor_seconds:-$seconds}"
node_seconds="${node_seconds:-$seconds}"

passed=0
failed=0
notes=()

bash scripts/build.sh fuzz

# run_libfuzzer NAME SECONDS SEEDS [EXTRA FLAGS...]
# New inputs go to build/fuzz/run/NAME/corpus; the seeds in the repo are read, never written.
# -entropic=0: the plain scheduler runs about twice as many cases in a short budget.
run_libfuzzer() {
  local name="$1" budget="$2" seeds="$3"
  shift 3
  local work="build/fuzz/run/$name"
  mkdir -p "$work/corpus" "$work/artifacts"
  local log="$work/libfuzzer.log"
  echo "fuzz: $name for ${budget} s (log: $log)"
  set +e
  "./build/fuzz/$name" -max_total_time="$budget" -max_len=1024 -timeout=10 -rss_limit_mb=2048 \
    -entropic=0 -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$@" \
    "$work/corpus" "$seeds" >"$log" 2>&1
  local rc=$?
  set -e
  local execs
  execs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$log")
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    notes+=("$name: ${execs:-?} executions in ${budget} s, corpus $(ls "$work/corpus" | wc -l) files")
  else
    failed=$((failed + 1))
    tail -n 40 "$log" >&2
    notes+=("$name: FINDING after ${execs:-?} executions, input saved in $work/artifacts/")
  fi
}

run_libfuzzer fuzz_core "$seconds" tests/fuzz/corpus/core
# The tensor seeds are long on purpose (short inputs read mostly zeros): keep their length.
run_libfuzzer fuzz_tensor "$tensor_seconds" tests/fuzz/corpus/tensor -len_control=0

bash scripts/build.sh wasm >/dev/null
echo "fuzz: Node API fuzzer for ${node_seconds} s"
if node tests/fuzz/api-fuzz.mjs --seconds "$node_seconds"; then
  passed=$((passed + 1))
  notes+=("api-fuzz: passed")
else
  failed=$((failed + 1))
  notes+=("api-fuzz: FINDING")
fi

for n in "${notes[@]}"; do echo "fuzz: $n"; done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
