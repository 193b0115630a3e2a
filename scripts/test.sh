#!/usr/bin/env bash
# `npm test`: install what is missing, then lint, type-check, check the contract and the
# migrations for drift, and run every Jest suite (unit, workflow on the time-skipping server,
# integration on a real dev server + HTTP + SQLite; also PostgreSQL when TEST_DATABASE_URL_PG is set).
# Extra arguments go to Jest (e.g. `npm test -- --json --outputFile=report.json`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure.sh test

echo "[测试] 构建工作台（console/，Playwright 用例要用）" >&2
npx tsx scripts/console-build.ts
echo "[测试] ESLint" >&2
npx eslint .
echo "[测试] TypeScript 类型检查" >&2
npx tsc --noEmit -p .
npx tsc --noEmit -p console
echo "[测试] OpenAPI 生成类型是否最新" >&2
npx tsx scripts/gen-api-types.ts --check
echo "[测试] 迁移与 schema 是否一致" >&2
npx tsx scripts/db.ts check  # replays on PostgreSQL too when TEST_DATABASE_URL_PG is set
echo "[测试] Jest" >&2
npx jest "$@"
