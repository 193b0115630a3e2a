#!/usr/bin/env bash
# `npm start`: install what is missing, then bring the whole system up on embedded defaults.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure.sh
npx tsx scripts/console-build.ts
exec npx tsx scripts/start.ts
