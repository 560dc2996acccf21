#!/usr/bin/env bash
# Installs (once) what the tests need from Debian besides a JDK: chromium, which renders the HTML report headless.
set -euo pipefail

if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then
  exit 0
fi
echo "test-tools: installing chromium (the HTML report is checked in headless Chromium)" >&2
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq chromium >/dev/null
