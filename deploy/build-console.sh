#!/usr/bin/env bash
# Builds the web console (console/dist, served by terrain-server at /console/) from
# the npm packages pinned by console/package-lock.json: `npm ci`, then `npm run
# build` (copies console/app and the vendor files; no bundler). Skips npm ci when
# node_modules already matches the lock file.
set -euo pipefail
cd "$(dirname "$0")/../console"
stamp=node_modules/.terrain-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
npm run --silent build
