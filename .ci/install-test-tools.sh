#!/usr/bin/env bash
# Installs the Debian tools the tests drive, once: Chromium (landing-page and search-page tests,
# through playwright-core, which downloads no browser of its own), xmllint from libxml2-utils
# (the DataCite export is validated against the DataCite 4.5 XSD) and Virtuoso Open Source (the
# external-store tests start a throw-away instance on loopback). Idempotent: installs only what
# is missing, with apt-get.
set -euo pipefail

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
[[ -x /usr/bin/virtuoso-t ]] || missing+=(virtuoso-opensource)

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-test-tools: $(/usr/bin/chromium --version 2>/dev/null || echo chromium), xmllint and Virtuoso already installed"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
  SUDO=(sudo --preserve-env=DEBIAN_FRONTEND)
fi
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q "${missing[@]}"
echo "install-test-tools: installed ${missing[*]}"
