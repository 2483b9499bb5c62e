#!/usr/bin/env bash
# Installs what is missing, builds, and starts terrain-server with its embedded SQLite
# store under ./data (or $TERRAIN_DATA_DIR). With --demo, also fills it with a demo
# cycle of meetings captured by simulated tablets and synced through the server.
set -euo pipefail
cd "$(dirname "$0")/.."
demo=0
for a in "$@"; do
  case "$a" in
    --demo) demo=1 ;;
    -h|--help) echo "usage: deploy/run.sh [--demo]"; exit 0 ;;
    *) echo "unknown option: $a" >&2; exit 2 ;;
  esac
done
deploy/install-deps.sh --no-qt
build=build/run
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTERRAIN_BUILD_MOBILE=OFF \
  -DTERRAIN_BUILD_BENCH=OFF -DTERRAIN_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target terrain-server terrain_cli
deploy/build-console.sh
bin=$build/server/src/terrain-server
data="${TERRAIN_DATA_DIR:-$PWD/data}"
port="${TERRAIN_PORT:-8080}"
mkdir -p "$data"
if [[ $demo == 1 ]]; then
  cmake --build "$build" -j "$(nproc)" --target terrain-demo
  exec "$build"/demo/terrain-demo --server-binary "$bin" --data "$data" --port "$port"
fi
exec "$bin" --data "$data" --bind 127.0.0.1 --port "$port"
