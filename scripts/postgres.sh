#!/usr/bin/env bash
# Throwaway local PostgreSQL for development and CI (本地临时 PostgreSQL，仅供开发与 CI 使用).
#
#   scripts/postgres.sh start   # initdb (first time) + start; fine when already running
#   scripts/postgres.sh stop    # fast shutdown; fine when not running
#   scripts/postgres.sh url     # prints the application's DATABASE_URL
#   scripts/postgres.sh status
#
# The application role deliberately lacks CREATE on database "approval" (as a DBA-provisioned
# 政务内网 database would): it may only create objects in schema public. It has CREATEDB so
# that `db check` and the tests can replay migrations into scratch databases of their own.
#
# Env: APPROVAL_PG_PORT (54329), APPROVAL_PG_DIR (<repo>/.cache/postgres), APPROVAL_PG_FSYNC (off), APPROVAL_PG_MAX_CONNECTIONS (50;
# the cluster of `npm run cluster` needs more: four Temporal services and four app processes).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${APPROVAL_PG_PORT:-54329}"
MAX_CONNECTIONS="${APPROVAL_PG_MAX_CONNECTIONS:-50}"
# Throwaway test data needs no durability; the cluster (production-like numbers) turns fsync on.
FSYNC="${APPROVAL_PG_FSYNC:-off}"
DB=approval
ROLE=approval
PASSWORD=approval

log() { echo "[postgres] $*" >&2; }

BASE="${APPROVAL_PG_DIR:-$ROOT/.cache/postgres}"
# As root the server runs as the "postgres" OS user, which must be able to reach BASE. A checkout
# below a private directory (e.g. /root) cannot be reached: fall back to a per-checkout /tmp path.
if [[ -z "${APPROVAL_PG_DIR:-}" && "$(id -u)" == 0 ]] && id postgres >/dev/null 2>&1 \
   && ! runuser -u postgres -- test -x "$ROOT"; then
  BASE="/tmp/approval-postgres-$(printf '%s' "$ROOT" | md5sum | cut -c1-8)"
fi
DATA="$BASE/data"
LOG="$BASE/postgres.log"

find_bin() {
  local dir
  # Highest installed major version; Debian keeps server binaries off PATH.
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
    if [[ "$(id -u)" != 0 ]]; then
      log "未找到 PostgreSQL 服务端程序，请安装 Debian 包 postgresql（需要 root）。"
      exit 1
    fi
    log "未找到 PostgreSQL，正在安装 Debian 包 postgresql …"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  echo "$dir"
}

# postgres refuses to run as root, so as root we run it as the Debian "postgres" OS user.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    (cd / && runuser -u postgres -- "$@") # its cwd may be unreadable to postgres
  else
    "$@"
  fi
}

psql_super() { as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }

is_running() { [[ -f "$DATA/PG_VERSION" ]] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

init_cluster() {
  mkdir -p "$BASE"
  if [[ "$(id -u)" == 0 ]]; then chown postgres: "$BASE"; fi
  if ! as_owner test -w "$BASE"; then
    log "postgres 用户无法写入 $BASE（上级目录权限不足），请把 APPROVAL_PG_DIR 设为可访问的目录。"
    exit 1
  fi
  log "initdb → $DATA"
  # Superuser "postgres" without password over trust; the app role gets md5 (see pg_hba below).
  as_owner "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 --auth=trust >/dev/null
  cat >"$DATA/pg_hba.conf" <<EOF
# TYPE  DATABASE  USER      ADDRESS        METHOD
host    all       postgres  127.0.0.1/32   trust
host    all       all       127.0.0.1/32   md5
EOF
  if [[ "$(id -u)" == 0 ]]; then chown postgres: "$DATA/pg_hba.conf"; fi
}

provision() {
  psql_super -d postgres <<SQL
SELECT 'CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD ''$PASSWORD'''
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$ROLE') \gexec
SELECT 'CREATE DATABASE $DB OWNER postgres'
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$DB') \gexec
REVOKE CREATE ON DATABASE $DB FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE $DB TO $ROLE;
SQL
  psql_super -d "$DB" -c "GRANT USAGE, CREATE ON SCHEMA public TO $ROLE;"
}

cmd_start() {
  BIN="$(find_bin)"
  [[ -f "$DATA/PG_VERSION" ]] || init_cluster
  if is_running; then
    log "已在运行（端口 $PORT）。"
  else
    # TCP only: a Unix socket path under a deep CI checkout could exceed the 107-byte limit.
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories='' -c fsync=$FSYNC -c max_connections=$MAX_CONNECTIONS" \
      start >/dev/null || { log "启动失败，日志：$LOG"; tail -n 20 "$LOG" >&2 || true; exit 1; }
    log "已启动（端口 $PORT）。"
  fi
  provision
  cmd_url
}

cmd_stop() {
  # Never install anything just to stop: no cluster means nothing runs.
  if [[ -f "$DATA/PG_VERSION" ]] && BIN="$(find_bin)" && is_running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    log "已停止。"
  else
    log "未在运行。"
  fi
}

cmd_url() { echo "postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"; }

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  url) cmd_url ;;
  status) if [[ -f "$DATA/PG_VERSION" ]] && BIN="$(find_bin)" && is_running; then echo running; else echo stopped; exit 3; fi ;;
  *) echo "用法: $0 start|stop|url|status" >&2; exit 2 ;;
esac
