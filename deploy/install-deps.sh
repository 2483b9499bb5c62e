#!/usr/bin/env bash
# Installs the Debian 12 packages Terrain builds with, only those missing, and
# Node.js with npm when the machine has none (the web console is built with them).
# Usage: deploy/install-deps.sh [--no-qt]   (--no-qt: no field app, no browser tests)
set -euo pipefail

packages=(build-essential cmake ninja-build pkg-config git ca-certificates openssl
  libcpp-httplib-dev libssl-dev libsqlite3-dev sqlite3 libsodium-dev nlohmann-json3-dev
  catch2 libvalijson-dev clang-format curl)
qt_packages=(qt6-base-dev qt6-declarative-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml-workerscript
  qt6-qpa-plugins libgl-dev fonts-dejavu-core)
# Debian's Chromium drives the console's browser tests (no browser download).
test_packages=(chromium)
if [[ "${1:-}" != "--no-qt" ]]; then packages+=("${qt_packages[@]}" "${test_packages[@]}"); fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then packages+=(nodejs npm); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
echo "install-deps: done"
