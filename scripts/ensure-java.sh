#!/usr/bin/env bash
# OPSIN (systematic chemical names -> structures, via py2opsin's bundled jar) needs a Java
# runtime. The screening engine runs without one and says "OPSIN unavailable" for the names
# it then cannot read; the tests of OPSIN's use are skipped. Installs Debian's
# default-jre-headless once, when it can; otherwise says what is missing and carries on.
set -euo pipefail
if command -v java >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing a Java runtime for OPSIN: default-jre-headless"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
else
  echo "No Java runtime: systematic names are not read with OPSIN (install Debian's default-jre-headless)." >&2
fi
