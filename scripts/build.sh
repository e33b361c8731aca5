#!/usr/bin/env bash
# Builds one flavour: wasm (the module the page and Node load), site (wasm, then the
# deployable folder build/site/ with the offline single file), native (tests,
# benchmark), sanitize (native Debug with AddressSanitizer + UndefinedBehaviorSanitizer),
# or fuzz (the libFuzzer target with ASan + UBSan, built by clang).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

case "${1:-wasm}" in
  wasm)
    # Debian's emcc runs its JS tools with the system Node, which finds acorn only here.
    export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
    emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build build/wasm -j "$jobs"
    ;;
  site)
    bash scripts/build.sh wasm
    node scripts/build-site.mjs
    ;;
  native)
    cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build build/native -j "$jobs"
    ;;
  sanitize)
    cmake -S . -B build/sanitize -DCMAKE_BUILD_TYPE=Debug -DCONVOLUTION_SANITIZE=ON >/dev/null
    cmake --build build/sanitize -j "$jobs" --target convolution_tests
    ;;
  fuzz)
    CXX=clang++ cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONVOLUTION_FUZZ=ON >/dev/null
    cmake --build build/fuzz -j "$jobs" --target fuzz_core fuzz_tensor
    ;;
  *)
    echo "usage: build.sh wasm|site|native|sanitize|fuzz" >&2
    exit 2
    ;;
esac
