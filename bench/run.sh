#!/usr/bin/env bash
# Runs Terrain's whole benchmark suite and prints the table (docs/performance.md).
#
#   bench/run.sh [--runs N] [--only terrain,pouchdb,ceiling,console] [--levels 1,16,64,256]
#                [--build DIR] [--keep]
#
# 1. installs the PouchDB side's npm packages from bench/pouchdb/package-lock.json
#    (npm ci), 2. builds the C++ parts in a Release build directory, 3. generates the
#    meeting data once (fixed seed) for every side, 4. runs the machine ceiling, the
#    PouchDB side and the Terrain side, each starting its own servers on free
#    loopback ports and stopping them, 5. prints the table and saves it under
#    bench/results/<date>/ (git-ignored).
# Not part of ctest: it takes about 15-25 minutes on the 2-core reference machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
runs=3
only="ceiling,pouchdb,terrain"
levels="1,16,64,256"
build="$repo/build/bench-release"
keep=0
while (($#)); do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --levels) levels="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
want() { [[ ",$only," == *",$1,"* ]]; }

stamp="$(date -u +%Y%m%d-%H%M%S)"
out="$here/results/$stamp"
work="$out/work"
mkdir -p "$out" "$work"
results="$out/results.jsonl"
: > "$results"

children=()
cleanup() {
  local pid
  for pid in "${children[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  if ((keep == 0)); then rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # runs cleanup through the EXIT trap

# Runs one step in the background so an interrupt stops it too; bounded in time.
step() {
  local limit="$1"; shift
  timeout --kill-after=30 "$limit" "$@" &
  children+=("$!")
  wait "$!" || echo "run.sh: step failed ($*): its figures are missing from the table" >&2
}

log() { printf '\n== %s\n' "$*" >&2; }

# ---- 1. npm packages ------------------------------------------------------------
# Skipped when node_modules was installed from this very lock file (npm ci always
# deletes and reinstalls everything, which takes minutes).
if want pouchdb; then
  lock_sum="$(sha256sum "$here/pouchdb/package-lock.json" | cut -d' ' -f1)"
  stamp_file="$here/pouchdb/node_modules/.installed-from-lock"
  if [[ "$(cat "$stamp_file" 2>/dev/null)" != "$lock_sum" ]]; then
    log "npm ci (bench/pouchdb)"
    (cd "$here/pouchdb" && npm ci --no-audit --no-fund --loglevel=error >&2)
    echo "$lock_sum" > "$stamp_file"
  fi
fi

# ---- 2. C++ build ------------------------------------------------------------------
log "building the C++ parts (Release) in $build"
# -Wno-restrict -Wno-maybe-uninitialized: g++ 12 at -O3 reports false positives
# (-Wrestrict inside valijson's headers, -Wmaybe-uninitialized on std::map members),
# which -Werror would turn into build failures of a Release build.
cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTERRAIN_BUILD_MOBILE=OFF \
  -DTERRAIN_BUILD_TESTS=OFF -DTERRAIN_BUILD_BENCH=ON "-DCMAKE_CXX_FLAGS=-Wno-restrict -Wno-maybe-uninitialized" \
  >"$out/cmake.log" 2>&1 ||
  { tail -30 "$out/cmake.log" >&2; exit 1; }
targets=()
want ceiling && targets+=(terrain_bench_ceiling)
if want terrain; then targets+=(terrain_bench_devices terrain-server); fi
if want console; then targets+=(terrain_bench_console terrain-server terrain-demo); fi
cmake --build "$build" -j2 --target "${targets[@]}" >"$out/build.log" 2>&1 ||
  { tail -30 "$out/build.log" >&2; exit 1; }

# ---- 3. data --------------------------------------------------------------------------
log "generating the meeting data"
node "$here/data/generate.js" "$out/data" >&2

# Machine description for the table.
cpu="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
mem="$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
disk="$(findmnt -n -o SOURCE,FSTYPE --target "$work" | tr -s ' ' | sed 's/ / (/; s/$/)/')"
os="$(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
sw="node $(node --version), pouchdb-server $(node -p "require('$here/pouchdb/node_modules/pouchdb-server/package.json').version" 2>/dev/null || echo '?'), pouchdb-node $(node -p "require('$here/pouchdb/node_modules/pouchdb-node/package.json').version" 2>/dev/null || echo '?'), SQLite $(sqlite3 --version | cut -d' ' -f1), libsodium $(pkg-config --modversion libsodium), g++ $(g++ -dumpversion), commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')"
node -e 'process.stdout.write(JSON.stringify({cpu:process.argv[1],cores:Number(process.argv[2]),memory:process.argv[3],disk:process.argv[4],os:process.argv[5],software:process.argv[6]}))' \
  "$cpu" "$(nproc)" "$mem" "$disk" "$os" "$sw" > "$out/machine.json"

# ---- 4. the three sides -------------------------------------------------------------
if want ceiling; then
  log "machine ceiling (libsodium + SQLite)"
  step 15m "$build/bench/ceiling/terrain_bench_ceiling" --data "$out/data" --work "$work/ceiling" \
    --out "$results" --runs "$runs"
fi
if want pouchdb; then
  log "PouchDB (pouchdb-server + LevelDB, PouchDB clients)"
  step 45m node "$here/pouchdb/bench.js" --data "$out/data" --work "$work/pouchdb" --out "$results" \
    --runs "$runs" --levels "$levels"
fi
if want terrain; then
  log "Terrain (terrain-server, device simulator on client-core)"
  step 45m "$build/bench/terrain/terrain_bench_devices" --data "$out/data" --work "$work/terrain" \
    --out "$results" --runs "$runs" --levels "$levels" --server "$build/server/src/terrain-server"
fi

if want console; then
  # Not in the default set (--only console): the console's pages on the demo cycle and
  # on 2,000 meetings with ~100,000 attendance records (docs/performance.md).
  log "console pages (demo cycle, then 2,000 meetings)"
  step 60m "$build/bench/console/terrain_bench_console" --server "$build/server/src/terrain-server" \
    --demo "$build/demo/terrain-demo" --work "$work/console" --out "$out/console" \
    | tee "$out/console-pages.txt"
  [[ "$only" == "console" ]] && { echo "results: $out/console-pages.txt" >&2; exit 0; }
fi

# ---- 5. table ------------------------------------------------------------------------
node "$here/report.js" "$results" --machine "$out/machine.json" --markdown > "$out/table.md"
node "$here/report.js" "$results" --machine "$out/machine.json" | tee "$out/table.txt"
echo >&2
echo "results: $out (results.jsonl, table.txt, table.md)" >&2
