#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test:
#   1. the default preset (optimised build, all tests including the field app offscreen
#      and the web console in Debian's Chromium);
#   2. the asan preset (AddressSanitizer + UBSan) on client-core and server tests.
# Set TERRAIN_SKIP_ASAN=1 to run only the first.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
deploy/build-console.sh
jobs=$(nproc)
cmake --preset default -G Ninja -DTERRAIN_TEST_AREAS= >/dev/null
cmake --build --preset default -j "$jobs"
export QT_QPA_PLATFORM=offscreen
ctest --preset default
if [[ "${TERRAIN_SKIP_ASAN:-0}" != "1" ]]; then
  cmake --preset asan -G Ninja >/dev/null
  cmake --build --preset asan -j "$jobs"
  ctest --preset asan
fi
