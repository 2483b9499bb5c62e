#!/bin/sh
# Runs a console browser test, or exits 77 (ctest: skipped) saying what is missing.
console_dir=$1
shift
for need in "$console_dir/node_modules/playwright-core" "$console_dir/dist/index.html" /usr/bin/chromium; do
  if [ ! -e "$need" ]; then
    echo "SKIPPED: $need is missing: run deploy/install-deps.sh (installs chromium and nodejs, runs npm ci and npm run build in console/)"
    exit 77
  fi
done
command -v node >/dev/null || { echo "SKIPPED: node is missing: run deploy/install-deps.sh"; exit 77; }
exec "$@"
