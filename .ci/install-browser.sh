#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (test/integration/*-browser.test.ts), once.
# Idempotent: does nothing when /usr/bin/chromium exists. Uses apt-get only (playwright-core
# downloads no browser of its own).
set -euo pipefail

if [[ -x /usr/bin/chromium ]]; then
  echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) already installed"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
  SUDO=(sudo --preserve-env=DEBIAN_FRONTEND)
fi
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q chromium
echo "install-browser: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
