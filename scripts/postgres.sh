#!/usr/bin/env bash
# A private PostgreSQL server for a local cluster or the tests: installs Debian's postgresql when it is missing,
# then runs its own instance in DIR on 127.0.0.1:PORT (trust authentication, user and database "easegress").
#   scripts/postgres.sh install
#   scripts/postgres.sh start DIR PORT
#   scripts/postgres.sh stop DIR
set -euo pipefail

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

install() {
  if [ -z "$(bindir)" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  fi
  bindir
}

as_owner() {  # PostgreSQL refuses to run as root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir port="$2" bin
  dir="$(realpath -m "$1")"
  bin="$(install)"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  if [ ! -f "$dir/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$dir" -A trust -U easegress --no-sync >/dev/null
  fi
  as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1 ||
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir" start >/dev/null
  "$bin/psql" -h 127.0.0.1 -p "$port" -U easegress -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='easegress'" | grep -q 1 ||
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U easegress easegress
  echo "postgres://easegress@127.0.0.1:$port/easegress"
}

stop() {
  local dir bin
  dir="$(realpath -m "$1")"
  bin="$(bindir)"
  [ -n "$bin" ] && [ -f "$dir/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
}

cmd="${1:-}"; shift || true
case "$cmd" in
  install) install ;;
  start) start "$@" ;;
  stop) stop "$@" ;;
  *) echo "usage: $0 install | start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
