#!/usr/bin/env bash
# The PDFs (WeasyPrint) need fonts for the six UN languages: Noto Sans (Latin, Cyrillic),
# Noto Sans Arabic and Noto Sans CJK SC, from Debian's packages (OFL-1.1), found offline
# through fontconfig. Installs them once; does nothing when they are there.
set -euo pipefail
families=$(fc-list : family 2>/dev/null || true)
missing=()
grep -qx "Noto Sans" <<<"$families" || missing+=(fonts-noto-core)
grep -q "Noto Sans Arabic" <<<"$families" || missing+=(fonts-noto-core)
grep -q "Noto Sans CJK SC" <<<"$families" || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing the PDF fonts: $packages"
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null
else
  echo "PDF fonts missing: install Debian's $packages (or the Noto Sans, Noto Sans Arabic and Noto Sans CJK SC fonts)." >&2
  exit 1
fi
