#!/usr/bin/env bash
# A PostgreSQL the project controls, for machines where nothing answers on DATABASE_URL or
# 127.0.0.1:5432: Debian's server binaries (apt-get install postgresql), a cluster under .pg/,
# trust auth on 127.0.0.1:${PG_PORT:-54329}.
#   scripts/postgres.sh start | stop | status | url
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${PG_PORT:-54329}
data=$root/.pg/data-$port
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
log() { echo "[postgres] $*" >&2; }

as_owner() {
  # PostgreSQL refuses to run as root: run its tools as the postgres system user then.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

need_binaries() {
  [ -n "$bindir" ] && [ -x "$bindir/initdb" ] && return 0
  log "no PostgreSQL server binaries found; install them with: apt-get install -y postgresql"
  exit 1
}

start() {
  need_binaries
  mkdir -p "$root/.pg"
  if [ "$(id -u)" = 0 ]; then chown postgres "$root/.pg"; chmod o+x "$root" "$root/.pg"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    log "initialised cluster $data"
  fi
  if as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then log "already running on 127.0.0.1:$port"; return 0; fi
  as_owner "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  log "started $("$bindir/postgres" --version) on 127.0.0.1:$port"
}

stop() {
  need_binaries
  [ -f "$data/PG_VERSION" ] || { log "not initialised"; return 0; }
  as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 && log "stopped" || log "not running"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) need_binaries; as_owner "$bindir/pg_ctl" -D "$data" status ;;
  url) echo "postgres://postgres@127.0.0.1:$port/ramprognos" ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
