#!/usr/bin/env bash
# Runs one test suite, or all of them in order (native, sanitize, node, browser, fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."

run() {
  case "$1" in
    native)
      bash scripts/build.sh native
      ctest --test-dir build/native --output-on-failure -j 2
      ;;
    sanitize)
      bash scripts/build.sh sanitize
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build/sanitize --output-on-failure -j 2
      ;;
    node)
      bash scripts/build.sh wasm
      node --test tests/node/
      ;;
    browser)
      bash scripts/build.sh site
      node --test --test-concurrency=1 tests/browser/
      ;;
    fuzz)
      # A short fixed budget, 85 s of fuzzing in all; `npm run fuzz -- --seconds N` runs longer.
      bash scripts/fuzz.sh --seconds 30 --tensor-seconds 25 --node-seconds 30
      ;;
    *)
      echo "usage: test.sh native|sanitize|node|browser|fuzz|all" >&2
      exit 2
      ;;
  esac
}

if [ "${1:-all}" = all ]; then
  start=$(date +%s)
  for suite in native sanitize node browser fuzz; do
    echo "== $suite tests"
    run "$suite"
  done
  echo "== all test suites passed in $(( $(date +%s) - start )) s"
else
  run "$1"
fi
