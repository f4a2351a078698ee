#!/usr/bin/env bash
# A local cluster of processes on 127.0.0.1 (the docker-compose topology, for machines without Docker):
# three primaries and one secondary sharing a PostgreSQL journal.
#   scripts/cluster.sh start | stop | status | clean
# Node i (1..4) serves its admin API on 127.0.0.1:${i}2381, its cluster transport on 127.0.0.1:${i}2380,
# and binds traffic listeners to 127.0.0.$i, so the same HTTPServer port works on every node.
set -euo pipefail
cd "$(dirname "$0")/.."
root="${EG_CLUSTER_DIR:-$PWD/out/cluster}"
pg_port="${EG_CLUSTER_PG_PORT:-15432}"
server="$PWD/src/Easegress.Node/bin/Release/net10.0/easegress-server"
egctl="$PWD/src/Easegress.Ctl/bin/Release/net10.0/egctl"
names=(machine-1 machine-2 machine-3 machine-4)
initial="machine-1=http://127.0.0.1:12380,machine-2=http://127.0.0.1:22380,machine-3=http://127.0.0.1:32380"

start() {
  dotnet build src/Easegress.Node -c Release --nologo -v quiet >/dev/null
  dotnet build src/Easegress.Ctl -c Release --nologo -v quiet >/dev/null
  mkdir -p "$root"
  local url
  url="$(scripts/postgres.sh start "$root/postgres" "$pg_port")"
  for i in 1 2 3 4; do
    local name="${names[$((i - 1))]}" role=primary extra=(--initial-cluster "$initial")
    if [ "$i" = 4 ]; then
      role=secondary
      extra=(--primary-listen-peer-urls "http://127.0.0.1:12380,http://127.0.0.1:22380,http://127.0.0.1:32380" --state-flag existing)
    fi
    if [ -f "$root/$name.pid" ] && kill -0 "$(cat "$root/$name.pid")" 2>/dev/null; then
      echo "$name already running"; continue
    fi
    mkdir -p "$root/$name"
    nohup "$server" --name "$name" --cluster-name eg-cluster-local --cluster-role "$role" \
      --api-addr "127.0.0.1:${i}2381" --listen-peer-urls "http://127.0.0.1:${i}2380" \
      --traffic-address "127.0.0.$i" --home-dir "$root/$name" --database-url "$url" "${extra[@]}" \
      >"$root/$name/stdout.log" 2>&1 &
    echo $! >"$root/$name.pid"
    echo "started $name ($role): admin API 127.0.0.1:${i}2381, traffic on 127.0.0.$i"
  done
  for _ in $(seq 60); do
    if "$egctl" --server 127.0.0.1:12381 member list 2>/dev/null | grep -q 'state: Leader'; then status; return; fi
    sleep 1
  done
  echo "the cluster did not elect a leader in 60 s; see $root/*/stdout.log" >&2; exit 1
}

stop() {
  for name in "${names[@]}"; do
    if [ -f "$root/$name.pid" ]; then
      local pid; pid="$(cat "$root/$name.pid")"
      kill -TERM "$pid" 2>/dev/null && echo "stopping $name" || true
      for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      rm -f "$root/$name.pid"
    fi
  done
  scripts/postgres.sh stop "$root/postgres"
}

status() {
  "$egctl" --server 127.0.0.1:12381 member list | grep -E '^- options|    name:|cluster-role|state:|status:' || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  clean) stop; rm -rf "$root" ;;
  *) echo "usage: $0 start | stop | status | clean" >&2; exit 2 ;;
esac
