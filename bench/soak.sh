#!/usr/bin/env bash
# A soak of one node under mixed load (issue 28; not run in CI).
#
#   bench/soak.sh [--minutes N] [--no-build] [--rss-growth P] [--files-growth N] [--threads-growth N]
#
# For N minutes (default 30) a real easegress-server on a temporary home directory gets, all at once:
#   - steady proxied traffic: wrk, 50 connections, through HTTPServer -> Pipeline [RequestAdaptor, Proxy];
#   - a backend (a one-worker nginx) that is killed and started again every minute, down 3 s each time;
#   - 50 slowloris-style clients (bench/benchtool.py slow-clients) that trickle request heads and come back when
#     the node closes them;
#   - a spec update every 5 s (the pipeline's RequestAdaptor header changes, through the admin API).
# Every 10 s it samples the node's RSS, open files (/proc/PID/fd) and threads, then prints them as a table with
# first, baseline (the first sample after the first minute), last and max, and exits 1 when the last sample grew
# beyond the tolerance over the baseline (defaults: RSS +50%, open files +100, threads +20) or the node died.
# Results and logs go to bench/results/soak-<time>/. It uses nginx and wrk as bench/run.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
bench="$repo/bench/benchtool.py"

minutes=30 build=1 rss_growth=50 files_growth=100 threads_growth=20
while (($#)); do
  case "$1" in
    --minutes) minutes="$2"; shift ;;
    --no-build) build=0 ;;
    --rss-growth) rss_growth="$2"; shift ;;
    --files-growth) files_growth="$2"; shift ;;
    --threads-growth) threads_growth="$2"; shift ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$minutes" =~ ^[0-9]+$ ]] && ((minutes > 0)) || { echo "--minutes: a whole number of minutes above 0" >&2; exit 2; }
seconds=$((minutes * 60))

say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { say "error: $*"; exit 1; }

# every process started is stopped on exit, by its own pid
pids=()
backend_pid=""
cleanup() {
  local pid
  for pid in "${pids[@]}" $backend_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${pids[@]}" $backend_pid; do kill -KILL "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for tool in nginx wrk curl python3; do command -v "$tool" >/dev/null || fail "$tool is needed (bench/run.sh installs nginx and wrk)"; done

dir="$repo/bench/results/soak-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$dir/backend" "$dir/node"
if ((build)); then
  say "building easegress-server (Release)"
  dotnet build src/Easegress.Node -c Release --nologo -v quiet >"$dir/build.log" 2>&1 || fail "build failed, see $dir/build.log"
fi
read -r backend_port gateway_port admin_port peer_port < <(python3 "$bench" ports 4)

user=""
((EUID == 0)) && user="user root;"
cat >"$dir/backend/nginx.conf" <<EOF
$user
worker_processes 1;
daemon off;
pid $dir/backend/nginx.pid;
error_log $dir/backend/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/backend/body;
  server { listen 127.0.0.1:$backend_port; location / { return 200 "hello"; } }
}
EOF
start_backend() {
  nginx -e "$dir/backend/error.log" -p "$dir/backend" -c "$dir/backend/nginx.conf" >>"$dir/backend/stdout.log" 2>&1 &
  backend_pid=$!
}
start_backend

"$repo/src/Easegress.Node/bin/Release/net10.0/easegress-server" --name soak --cluster-name eg-soak \
  --api-addr "127.0.0.1:$admin_port" --listen-peer-urls "http://127.0.0.1:$peer_port" \
  --traffic-address 127.0.0.1 --home-dir "$dir/node" --disable-access-log >"$dir/node/stdout.log" 2>&1 &
node_pid=$!
pids+=("$node_pid")
api="http://127.0.0.1:$admin_port/apis/v2"
for _ in $(seq 120); do
  curl -sf "$api/healthz" >/dev/null 2>&1 && break
  kill -0 "$node_pid" 2>/dev/null || fail "easegress-server exited, see $dir/node/stdout.log"
  sleep 0.5
done

pipeline() { # the pipeline's spec, its RequestAdaptor header set to $1
  cat <<EOF
name: soak-pipeline
kind: Pipeline
flow: [{filter: adaptor}, {filter: proxy}]
filters:
- name: adaptor
  kind: RequestAdaptor
  header: {set: {X-Soak-Version: "$1"}}
- name: proxy
  kind: Proxy
  pools: [{servers: [{url: "http://127.0.0.1:$backend_port"}]}]
EOF
}
create() { curl -sf -X POST -H 'Content-Type: application/yaml' --data-binary @- "$api/objects" >/dev/null; }
pipeline 0 | create || fail "creating the pipeline failed"
printf 'name: soak-server\nkind: HTTPServer\nport: %s\nrules:\n- paths:\n  - pathPrefix: /\n    backend: soak-pipeline\n' "$gateway_port" |
  create || fail "creating the HTTPServer failed"
for _ in $(seq 60); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$gateway_port/")" = 200 ] && break
  sleep 0.5
done

{
  echo "started: $(date -u '+%Y-%m-%d %H:%M UTC'), $minutes minutes"
  echo "tree: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' (src modified)')"
  echo "cores: $(nproc) x $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "memory: $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "dotnet: $(dotnet --version)"
} >"$dir/machine.txt"
say "node pid $node_pid, traffic :$gateway_port, admin :$admin_port, backend :$backend_port; $minutes minutes; results in $dir"

python3 "$bench" sample --pid "$node_pid" --every 10 --seconds "$seconds" --out "$dir/samples.tsv" &
sampler=$!
pids+=("$sampler")
wrk -t1 -c50 -d"${seconds}s" --timeout 10s "http://127.0.0.1:$gateway_port/" >"$dir/wrk.txt" 2>&1 &
pids+=($!)
python3 "$bench" slow-clients --port "$gateway_port" --count 50 --seconds "$seconds" >"$dir/slow-clients.tsv" 2>&1 &
pids+=($!)

updates=0 failed_updates=0 restarts=0
start=$SECONDS next_kill=$((SECONDS + 60))
while ((SECONDS - start < seconds)); do
  sleep 5
  updates=$((updates + 1))
  pipeline "$updates" | curl -sf -X PUT -H 'Content-Type: application/yaml' --data-binary @- "$api/objects/soak-pipeline" >/dev/null ||
    failed_updates=$((failed_updates + 1))
  if ((SECONDS >= next_kill && SECONDS - start < seconds - 10)); then
    # kill -9 the worker and the master (by their pids), as a crashed backend dies
    for worker in $(cat "/proc/$backend_pid/task/$backend_pid/children" 2>/dev/null); do kill -KILL "$worker" 2>/dev/null || true; done
    kill -KILL "$backend_pid" 2>/dev/null || true
    wait "$backend_pid" 2>/dev/null || true
    sleep 3
    start_backend
    restarts=$((restarts + 1))
    next_kill=$((next_kill + 60))
  fi
done
wait "$sampler" || true
sleep 2

alive=yes
kill -0 "$node_pid" 2>/dev/null || alive=no
{
  cat "$dir/machine.txt"
  echo
  echo "load: wrk -t1 -c50 for ${seconds}s: $(grep -E 'requests in' "$dir/wrk.txt" | sed 's/^ *//'), $(grep -E 'Non-2xx' "$dir/wrk.txt" | sed 's/^ *//' || echo 'no non-2xx')"
  echo "slow clients: $(awk '{ print $1 " connections, " $2 " closed by the node" }' "$dir/slow-clients.tsv")"
  echo "spec updates: $updates ($failed_updates failed); backend restarts: $restarts; node alive at the end: $alive"
  echo
  python3 "$bench" soak-report "$dir/samples.tsv" --rss-growth "$rss_growth" --files-growth "$files_growth" \
    --threads-growth "$threads_growth" || true
} | tee "$dir/report.md"
verdict="$(tail -1 "$dir/report.md")"
[ "$alive" = yes ] && [ "$verdict" = "within the tolerance" ]
