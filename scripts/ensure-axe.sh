#!/usr/bin/env bash
# axe-core for the accessibility checks of the browser tests (test-only; MPL-2.0, used
# unmodified and never served by the portal). Pinned in tests/browser/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/../tests/browser"
if [ -f node_modules/axe-core/axe.min.js ]; then
    exit 0
fi
if ! command -v npm >/dev/null; then
    echo "npm is missing: install Node.js (Debian: apt-get install nodejs npm)." >&2
    exit 1
fi
npm ci --no-audit --no-fund --silent
