#!/usr/bin/env bash
# Name matching (rigour, through normality) needs PyICU, which pip builds from source
# against the system's ICU: its headers (libicu-dev) and pkg-config must be there first.
# Installs them once; does nothing when they are there.
set -euo pipefail
if command -v pkg-config >/dev/null && pkg-config --exists icu-uc 2>/dev/null; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing ICU's headers for PyICU: libicu-dev pkg-config"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libicu-dev pkg-config g++ >/dev/null
else
  echo "ICU headers missing: install Debian's libicu-dev and pkg-config (PyICU builds against them)." >&2
  exit 1
fi
