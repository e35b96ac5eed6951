#!/usr/bin/env bash
# Installs Debian's chromium for tests/browser/browser_check.py, unless it is already there.
# Playwright drives this system build (its own `playwright install` downloads browsers from a CDN we cannot reach).
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [[ -x "$CHROMIUM" ]]; then
  exit 0
fi

fail() {
  echo "install_chromium.sh: $*" >&2
  echo "install_chromium.sh: install it by hand (Debian/Ubuntu: apt-get install chromium) and rerun." >&2
  exit 1
}

command -v apt-get >/dev/null || fail "$CHROMIUM is missing and this machine has no apt-get."
if [[ $EUID -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null; then
  SUDO=(sudo)
else
  fail "$CHROMIUM is missing and installing it needs root (or sudo)."
fi

echo "Installing Debian's chromium (needed by the browser check)..."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { "${SUDO[@]}" apt-get update -qq \
       && "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends chromium; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  fail "apt-get could not install chromium (output above)."
fi
[[ -x "$CHROMIUM" ]] || fail "apt-get finished but $CHROMIUM is still missing."
echo "Installed $("$CHROMIUM" --version 2>/dev/null)"
