#!/usr/bin/env bash
# The gateway and nginx side by side, on loopback, measured alternately in one run (issue 8).
#
#   bench/run.sh [options] [scenario ...]      (all scenarios when none is named; --help lists them)
#
# It installs nginx and wrk from Debian's packages when they are missing, builds the gateway in Release, and
# starts, each on a free 127.0.0.1 port: an nginx backend (`return 200 "hello"`), nginx as a one-worker reverse
# proxy to it (keep-alive upstream, HTTP/1.1 to the backend), and a real easegress-server on a temporary home directory
# whose objects are created with the real egctl. Then, round after round, every load case runs against the
# gateway and then nginx (wrk -t1), each after a warm-up and only once the machine is idle. Medians over the
# rounds go to bench/results/latest.md; the raw rows and every log stay in bench/results/run-<time>/.
# Variables such as DOTNET_gcServer=1 in the environment reach the gateway process unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

# ---------------------------------------------------------------- options

rounds=3 duration=7 warmup=2 jit_warmup=3 max_wait=60 idle_threshold=85 outside_limit=25 retries=1
default_scenarios=(idle1000 proxy quickstart latency post1k resp100k alloc https ratelimiter)
all_scenarios=("${default_scenarios[@]}" profile syscalls)
selected=()

usage() {
  cat <<EOF
usage: bench/run.sh [options] [scenario ...]

scenarios (all but profile by default, run in this order):
  idle1000    RSS of the gateway (and nginx's worker) holding 1,000 idle keep-alive connections, then its CPU with
              no traffic (20 s)
  proxy       HTTPServer -> Pipeline [Proxy], GET, 50 and 200 connections
  quickstart  Validator -> RequestAdaptor -> Proxy (the README quick start), 50, 200 and 500 connections
  latency     one connection: the backend alone, the gateway and nginx (added latency)
  post1k      1 KiB POST bodies through the Proxy pipeline, 50 connections
  resp100k    100 KiB responses through the Proxy pipeline, 50 connections
  alloc       bytes allocated per proxied request and other runtime counters (dotnet-counters), 50 connections
  https       GET over HTTPS (TLS 1.3, keep-alive) through the Proxy pipeline, 50 connections
  ratelimiter RateLimiter (a limit far above the load) -> Proxy, 50 connections; nginx with limit_req
  profile     only when named: CPU samples of the gateway under the quick-start load at 50 connections
              (dotnet-trace collect-linux, as root), its top functions in the run directory
  syscalls    only when named: system calls per request of the gateway and of nginx (strace -c), Proxy, 50 connections

options:
  --rounds N          alternating rounds (default $rounds)
  --duration S        seconds measured per run (default $duration)
  --warmup S          seconds of load before each measured run, not counted (default $warmup)
  --jit-warmup S      seconds of load on each of the gateway's paths once, before the first run (default $jit_warmup)
  --quick             a smoke run: 1 round, 3 s runs, 1 s warm-ups, 10 s idle wait
  --max-wait S        longest wait for an idle machine before a run (default $max_wait)
  --idle-threshold P  the machine counts as idle at P% idle CPU or more (default $idle_threshold)
  --outside-limit P   a run during which other processes used more than P% of one core is repeated
                      (default $outside_limit)
  --retries N         how many times a disturbed run is repeated (default $retries)
  -h, --help
EOF
}

while (($#)); do
  case "$1" in
    --rounds) rounds="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --jit-warmup) jit_warmup="$2"; shift ;;
    --max-wait) max_wait="$2"; shift ;;
    --idle-threshold) idle_threshold="$2"; shift ;;
    --outside-limit) outside_limit="$2"; shift ;;
    --retries) retries="$2"; shift ;;
    --quick) rounds=1 duration=3 warmup=1 jit_warmup=1 max_wait=10 ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
    *)
      if [[ " ${all_scenarios[*]} " != *" $1 "* ]]; then
        echo "unknown scenario $1 (one of: ${all_scenarios[*]})" >&2; exit 2
      fi
      selected+=("$1") ;;
  esac
  shift
done
((${#selected[@]})) || selected=("${default_scenarios[@]}")

wants() { [[ " ${selected[*]} " == *" $1 "* ]]; }
wants_load() { local s; for s in "${all_scenarios[@]}"; do [ "$s" != idle1000 ] && wants "$s" && return 0; done; return 1; }
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------- processes: every one started is stopped on exit

started_pids=()
backend_pid="" nginx_pid="" gateway_pid="" run_dir=""

stop_started() {
  local pid
  for pid in "${started_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 40); do
    local alive=0
    for pid in "${started_pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || return 0
    sleep 0.25
  done
  for pid in "${started_pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
}

trap stop_started EXIT
trap 'log "interrupted"; exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- tools

install_missing() {
  local missing=() tool
  for tool in nginx wrk openssl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  wants syscalls && ! command -v strace >/dev/null && missing+=(strace)
  ((${#missing[@]})) || return 0
  log "installing ${missing[*]} from Debian's packages"
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}

# dotnet-counters and dotnet-trace are NuGet tools; they go into out/tools. Prints the tool's path, or nothing
# when it cannot be had.
nuget_tool() { # name
  local tool="$repo/out/tools/$1"
  [ -x "$tool" ] || dotnet tool install --tool-path "$repo/out/tools" "$1" >"$run_dir/$1-install.log" 2>&1 || true
  [ -x "$tool" ] && echo "$tool"
}

timespan() { printf '00:00:%02d:%02d' $(($1 / 60)) $(($1 % 60)); } # dd:hh:mm:ss, as the dotnet tools want it

build_gateway() {
  log "building easegress-server and egctl (Release)"
  dotnet build src/Easegress.Node -c Release --nologo -v quiet >"$run_dir/build.log" 2>&1 || die "build failed, see $run_dir/build.log"
  dotnet build src/Easegress.Ctl -c Release --nologo -v quiet >>"$run_dir/build.log" 2>&1 || die "build failed, see $run_dir/build.log"
}

# ---------------------------------------------------------------- CPU accounting

clk_tck="$(getconf CLK_TCK)"

# utime + stime of one process, in clock ticks (the fields after the command name, which may hold spaces)
proc_cpu() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

# "busy idle" ticks of the whole machine: busy = user+nice+system+steal (what processes, ours or others, use),
# idle = idle+iowait. Interrupt time is left out of both: loopback traffic spends it for us.
machine_cpu() { awk '/^cpu / { print $2 + $3 + $4 + $9, $5 + $6 }' /proc/stat; }

# idle share of all cores, in percent, over one second
idle_pct() {
  local b0 i0 b1 i1
  read -r b0 i0 < <(machine_cpu)
  sleep 1
  read -r b1 i1 < <(machine_cpu)
  echo $(((i1 - i0) * 100 / ((b1 - b0) + (i1 - i0) + 1)))
}

# Waits until the machine is idle, up to --max-wait seconds; after a wait in vain, the next waits are short
# (a machine busy with someone else's work stays busy, and the run should still end). Sets was_idle (0/1)
# and idle_seen (the idle share it ended on).
wait_limit="" was_idle=0 idle_seen=0
wait_idle() {
  local waited=0
  [ -n "$wait_limit" ] || wait_limit="$max_wait"
  while :; do
    idle_seen="$(idle_pct)"
    if ((idle_seen >= idle_threshold)); then was_idle=1 wait_limit="$max_wait"; return; fi
    if ((waited >= wait_limit)); then
      log "  the machine is still busy after ${waited}s (${idle_seen}% idle); measuring anyway"
      was_idle=0 wait_limit=3
      return
    fi
    ((waited == 0)) && log "  waiting for an idle machine (${idle_seen}% idle)"
    waited=$((waited + 1))
  done
}

# the worker of a one-worker nginx, from its master's pid
nginx_worker() {
  local master="$1" child
  for _ in $(seq 40); do
    child="$(cat "/proc/$master/task/$master/children" 2>/dev/null || true)"
    [ -n "$child" ] && { echo "${child%% *}"; return; }
    sleep 0.25
  done
  die "nginx ($master) started no worker"
}

free_ports() { python3 "$repo/bench/benchtool.py" ports "$1"; }

# ---------------------------------------------------------------- the three servers

write_nginx_conf() { # name server-block
  local name="$1" body="$2" user=""
  ((EUID == 0)) && user="user root;"
  mkdir -p "$run_dir/nginx-$name/tmp"
  cat >"$run_dir/nginx-$name/nginx.conf" <<EOF
$user
worker_processes 1;
worker_rlimit_nofile 20000;
daemon off;
pid $run_dir/nginx-$name/nginx.pid;
error_log $run_dir/nginx-$name/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $run_dir/nginx-$name/tmp/body;
  proxy_temp_path $run_dir/nginx-$name/tmp/proxy;
  fastcgi_temp_path $run_dir/nginx-$name/tmp/fastcgi;
  uwsgi_temp_path $run_dir/nginx-$name/tmp/uwsgi;
  scgi_temp_path $run_dir/nginx-$name/tmp/scgi;
$body
}
EOF
}

start_nginx() { # name variable: starts nginx and sets the variable to its worker's pid
  local dir="$run_dir/nginx-$1" worker
  nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" >"$dir/stdout.log" 2>&1 &
  started_pids+=($!)
  worker="$(nginx_worker $!)"
  printf -v "$2" '%s' "$worker"
}

start_backend() {
  mkdir -p "$run_dir/www"
  head -c 102400 /dev/urandom >"$run_dir/www/100k.bin"
  write_nginx_conf backend "
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$backend_port;
    root $run_dir/www;
    location / { return 200 \"hello\"; }
    location = /100k { try_files /100k.bin =404; }
  }"
  start_nginx backend backend_pid
}

# one self-signed certificate for both proxies' HTTPS listeners
make_certificate() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$run_dir/tls-key.pem" -out "$run_dir/tls-cert.pem" >"$run_dir/openssl.log" 2>&1 || die "openssl failed, see $run_dir/openssl.log"
}

# the same proxying on the plain and the TLS port; /rl passes a request limiter (limit_req) far above the load
start_nginx_proxy() {
  local proxying="proxy_pass http://b; proxy_http_version 1.1; proxy_set_header Connection \"\";"
  write_nginx_conf proxy "
  upstream b { server 127.0.0.1:$backend_port; keepalive 64; }
  limit_req_zone \$server_name zone=all:1m rate=1000000r/s;
  server {
    listen 127.0.0.1:$nginx_port;
    location / { $proxying }
    location /rl { limit_req zone=all burst=1000000 nodelay; $proxying }
  }
  server {
    listen 127.0.0.1:$nginx_tls_port ssl;
    ssl_certificate $run_dir/tls-cert.pem;
    ssl_certificate_key $run_dir/tls-key.pem;
    location / { $proxying }
  }"
  start_nginx proxy nginx_pid
}

egctl() { "$repo/src/Easegress.Ctl/bin/Release/net10.0/egctl" --server "127.0.0.1:$admin_port" "$@"; }

# the gateway runs without its access log, as nginx runs with access_log off
start_gateway() {
  local home="$run_dir/gateway"
  mkdir -p "$home"
  "$repo/src/Easegress.Node/bin/Release/net10.0/easegress-server" --name bench --cluster-name eg-bench \
    --api-addr "127.0.0.1:$admin_port" --listen-peer-urls "http://127.0.0.1:$peer_port" \
    --traffic-address 127.0.0.1 --home-dir "$home" --disable-access-log >"$home/stdout.log" 2>&1 &
  gateway_pid=$!
  started_pids+=("$gateway_pid")
  for _ in $(seq 120); do
    egctl health >/dev/null 2>&1 && break
    kill -0 "$gateway_pid" 2>/dev/null || die "easegress-server exited, see $home/stdout.log"
    sleep 0.5
  done
  # the README's quick-start pipeline, a plain Proxy pipeline and one with a RateLimiter, all to the one backend;
  # the same Proxy pipeline behind an HTTPS server
  cat >"$home/objects.yaml" <<EOF
kind: HTTPServer
name: bench-server
port: $gateway_port
keepAlive: true
https: false
rules:
- paths:
  - pathPrefix: /qs
    backend: bench-quickstart
  - pathPrefix: /rl
    backend: bench-ratelimited
  - pathPrefix: /
    backend: bench-proxy
---
kind: HTTPServer
name: bench-tls
port: $gateway_tls_port
keepAlive: true
https: true
certBase64: $(base64 -w0 "$run_dir/tls-cert.pem")
keyBase64: $(base64 -w0 "$run_dir/tls-key.pem")
rules:
- paths:
  - pathPrefix: /
    backend: bench-proxy
---
name: bench-ratelimited
kind: Pipeline
flow:
- filter: limiter
- filter: proxy
filters:
- name: limiter
  kind: RateLimiter
  policies:
  - name: generous
    limitForPeriod: 1000000
    limitRefreshPeriod: 1s
    timeoutDuration: 0s
  defaultPolicyRef: generous
  urls:
  - url:
      prefix: /
- name: proxy
  kind: Proxy
  pools:
  - servers:
    - url: http://127.0.0.1:$backend_port
---
name: bench-proxy
kind: Pipeline
flow:
- filter: proxy
filters:
- name: proxy
  kind: Proxy
  pools:
  - servers:
    - url: http://127.0.0.1:$backend_port
---
name: bench-quickstart
kind: Pipeline
flow:
- filter: validator
  jumpIf: { invalid: END }
- filter: requestAdaptor
- filter: proxy
filters:
- name: validator
  kind: Validator
  headers:
    Content-Type:
      values:
      - application/json
- name: requestAdaptor
  kind: RequestAdaptor
  header:
    set:
      X-Adapt-Key: goodplan
- name: proxy
  kind: Proxy
  pools:
  - servers:
    - url: http://127.0.0.1:$backend_port
    loadBalance:
      policy: roundRobin
EOF
  egctl object create -f "$home/objects.yaml" >"$home/egctl.log" 2>&1 || die "egctl object create failed, see $home/egctl.log"
  local base="http://127.0.0.1:$gateway_port"
  for _ in $(seq 60); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/hello")" = 200 ] &&
      [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' "$base/qs/hello")" = 200 ] &&
      [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/rl/hello")" = 200 ] &&
      [ "$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$gateway_tls_port/hello")" = 200 ]; then
      return
    fi
    sleep 0.5
  done
  die "the gateway does not answer 200 on $base/hello, $base/qs/hello, $base/rl/hello and https://127.0.0.1:$gateway_tls_port/hello"
}

# ---------------------------------------------------------------- load runs

# one wrk Lua script per request shape: it sets the request and prints one machine-readable line at the end
write_lua() { # name body-bytes
  local body=""
  (($2 > 0)) && body="wrk.method = \"POST\"
wrk.body = string.rep(\"x\", $2)
wrk.headers[\"Content-Type\"] = \"application/octet-stream\""
  cat >"$run_dir/$1.lua" <<EOF
$body
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status + e.connect + e.read + e.write + e.timeout))
end
EOF
}

target_port() {
  case "$1" in
    gateway) echo "$gateway_port" ;;
    nginx) echo "$nginx_port" ;;
    backend) echo "$backend_port" ;;
  esac
}

target_url() { # target path shape: the tls shape goes to the target's HTTPS port
  if [ "$3" = tls ]; then
    case "$1" in
      gateway) echo "https://127.0.0.1:$gateway_tls_port$2" ;;
      nginx) echo "https://127.0.0.1:$nginx_tls_port$2" ;;
    esac
  else
    echo "http://127.0.0.1:$(target_port "$1")$2"
  fi
}

target_pid() {
  case "$1" in
    gateway) echo "$gateway_pid" ;;
    nginx) echo "$nginx_pid" ;;
    backend) echo "$backend_pid" ;;
  esac
}

wrk_args() { # conns seconds shape path target
  local args=(-t1 "-c$1" "-d$2s" --latency -s "$run_dir/$3.lua")
  [ "$3" = json ] && args+=(-H 'Content-Type: application/json')
  printf '%s\n' "${args[@]}" "$(target_url "$5" "$4" "$3")"
}

# Load on every path of the gateway before the first measured run, not counted: the JIT compiles and recompiles
# (tiered, with dynamic PGO) for about 6 s of load after the start, using a quarter of a core, and the first cases
# measured would pay for it. nginx has nothing to warm.
warm_gateway() {
  local shape_path args
  for shape_path in "get /hello" "json /qs/hello" "get /rl/hello" "post1k /hello" "tls /hello" "get /100k"; do
    mapfile -t args < <(wrk_args 50 "$jit_warmup" ${shape_path} gateway)
    wrk "${args[@]}" >/dev/null 2>&1 || true
  done
}

# one measured run; appends a row to runs.tsv and returns 1 when other processes disturbed it
measure() { # round scenario conns shape path target attempt
  local round="$1" scenario="$2" conns="$3" shape="$4" path="$5" target="$6" attempt="$7"
  local pid args out="$run_dir/wrk/$scenario-c$conns-$target-r$round-a$attempt.txt"
  pid="$(target_pid "$target")"
  mapfile -t args < <(wrk_args "$conns" "$warmup" "$shape" "$path" "$target")
  wrk "${args[@]}" >/dev/null 2>&1 || true
  wait_idle
  mapfile -t args < <(wrk_args "$conns" "$duration" "$shape" "$path" "$target")

  local p0 b0 m0 i0 p1 b1 m1 i1 wrk_cpu
  p0="$(proc_cpu "$pid")" b0="$(proc_cpu "$backend_pid")"
  read -r m0 i0 < <(machine_cpu)
  wrk_cpu="$({ TIMEFORMAT='%3U %3S'; time wrk "${args[@]}" >"$out" 2>&1; } 2>&1 || true)"
  p1="$(proc_cpu "$pid")" b1="$(proc_cpu "$backend_pid")"
  read -r m1 i1 < <(machine_cpu)

  local requests dur_us p50 p99 errors
  read -r _ requests dur_us p50 p99 errors < <(grep '^BENCH ' "$out" || echo "BENCH 0 1 0 0 0")
  ((requests > 0)) || log "  wrk made no request, see $out"
  # what the machine spent beyond the proxy, the backend and wrk, in % of one core
  local ours outside
  ours=$(((p1 - p0) + (b1 - b0)))
  [ "$target" = backend ] && ours=$((p1 - p0))
  outside="$(awk -v m=$((m1 - m0)) -v o="$ours" -v w="$wrk_cpu" -v hz="$clk_tck" -v d="$dur_us" \
    'BEGIN { split(w, t, " "); x = (m - o - (t[1] + t[2]) * hz) / hz / (d / 1e6) * 100; printf "%d", x < 0 ? 0 : x }')"
  local disturbed=0
  ((outside > outside_limit)) && disturbed=1
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$scenario" "$conns" "$target" \
    "$requests" "$dur_us" "$p50" "$p99" "$errors" $((p1 - p0)) "$outside" "$idle_seen" "$attempt" "$disturbed" \
    >>"$run_dir/runs.tsv"
  log "  $scenario c=$conns $target: $(awk -v r="$requests" -v d="$dur_us" 'BEGIN { printf "%.0f", r / d * 1e6 }') req/s," \
    "p99 $((p99 / 1000)).$(printf '%03d' $((p99 % 1000))) ms, $errors errors, others used ${outside}% of a core"
  return "$disturbed"
}

# repeats a run that other processes disturbed, up to --retries times, unless the machine never went idle
measure_kept() { # round scenario conns shape path target
  local attempt
  for ((attempt = 0; attempt <= retries; attempt++)); do
    measure "$@" "$attempt" && return
    ((was_idle)) || return 0
    ((attempt < retries)) && log "  disturbed by other processes; repeating"
  done
  return 0
}

# the load cases of a scenario: "connections shape path targets"
cases_of() {
  case "$1" in
    proxy) echo "50 get /hello gateway,nginx"; echo "200 get /hello gateway,nginx" ;;
    quickstart) for c in 50 200 500; do echo "$c json /qs/hello gateway,nginx"; done ;;
    latency) echo "1 get /hello backend,gateway,nginx" ;;
    post1k) echo "50 post1k /hello gateway,nginx" ;;
    resp100k) echo "50 get /100k gateway,nginx" ;;
    https) echo "50 tls /hello gateway,nginx" ;;
    ratelimiter) echo "50 get /rl/hello gateway,nginx" ;;
  esac
}

load_round() { # round
  local scenario conns shape path targets target
  for scenario in proxy quickstart latency post1k resp100k https ratelimiter; do
    wants "$scenario" || continue
    while read -r conns shape path targets; do
      for target in ${targets//,/ }; do
        measure_kept "$1" "$scenario" "$conns" "$shape" "$path" "$target"
      done
    done < <(cases_of "$scenario")
  done
}

# ---------------------------------------------------------------- memory and runtime counters

measure_idle_conns() { # target
  local pid
  pid="$(target_pid "$1")"
  mapfile -t args < <(wrk_args 50 "$warmup" get /hello "$1")
  wrk "${args[@]}" >/dev/null 2>&1 || true
  sleep 2
  local memory c0 c1
  memory="$(python3 "$repo/bench/benchtool.py" idle-conns --port "$(target_port "$1")" --pid "$pid" --count 1000 --path /hello)"
  # then what the process spends with no traffic at all (timers, heartbeats), once the connections are gone
  sleep 3
  c0="$(proc_cpu "$pid")"
  sleep 20
  c1="$(proc_cpu "$pid")"
  printf '%s\t%s\t%s\n' "$1" "$memory" "$(awk -v t=$((c1 - c0)) -v hz="$clk_tck" 'BEGIN { printf "%.1f", t / hz / 20 * 100 }')" \
    >>"$run_dir/memory.tsv"
  log "  $1: $(tail -1 "$run_dir/memory.tsv" | cut -f2-) (RSS before, RSS with the connections, peak, open; kB; CPU % of a core with no traffic)"
}

measure_alloc() { # dotnet-counters shape path
  local tool="$1" shape="$2" path="$3" csv="$run_dir/counters/$2.csv" out="$run_dir/wrk/alloc-$2.txt" args
  mapfile -t args < <(wrk_args 50 "$warmup" "$shape" "$path" gateway)
  wrk "${args[@]}" >/dev/null 2>&1 || true
  wait_idle
  # dotnet-counters writes its file when it stops, so it is given a session long enough to attach (a few
  # seconds) and to cover the measured run, and stops by itself; benchtool checks that it covered the run
  local session=$((duration + 10)) start end
  "$tool" collect -p "$gateway_pid" --refresh-interval 1 --format csv -o "$csv" \
    --duration "$(timespan "$session")" --counters \
    'System.Runtime[dotnet.gc.heap.total_allocated,dotnet.thread_pool.work_item.count,dotnet.monitor.lock_contentions,dotnet.gc.collections]' \
    >"$csv.log" 2>&1 &
  local counters_pid=$!
  started_pids+=("$counters_pid")
  sleep 4
  mapfile -t args < <(wrk_args 50 "$duration" "$shape" "$path" gateway)
  start="$(date +%s)"
  wrk "${args[@]}" >"$out" 2>&1 || true
  end="$(date +%s)"
  wait "$counters_pid" || true
  if [ ! -s "$csv" ]; then
    echo "alloc ($shape): not measured: dotnet-counters wrote nothing (see counters/$shape.csv.log)" >>"$run_dir/notes.txt"
    return
  fi
  local requests
  read -r _ requests _ < <(grep '^BENCH ' "$out" || echo "BENCH 0")
  printf '%s\t%s\t%s\n' "$shape" "$requests" \
    "$(python3 "$repo/bench/benchtool.py" counters "$csv" --start "$start" --end "$end" 2>>"$run_dir/notes.txt")" \
    >>"$run_dir/alloc.tsv"
  log "  alloc $shape: $requests requests; $(tail -1 "$run_dir/alloc.tsv" | cut -f3-) (bytes, work items, contentions, gen0-2 GCs)"
}

# CPU samples of the gateway (perf events, through dotnet-trace collect-linux) in the middle of a quick-start run
measure_profile() { # dotnet-trace
  local tool="$1" dir="$run_dir/profile" args
  mkdir -p "$dir"
  # a longer warm-up, so that the JIT's tiering is over before the samples are taken
  mapfile -t args < <(wrk_args 50 $((warmup > 10 ? warmup : 10)) json /qs/hello gateway)
  wrk "${args[@]}" >/dev/null 2>&1 || true
  wait_idle
  mapfile -t args < <(wrk_args 50 $((duration + 4)) json /qs/hello gateway)
  wrk "${args[@]}" >"$run_dir/wrk/profile.txt" 2>&1 &
  local wrk_pid=$!
  started_pids+=("$wrk_pid")
  sleep 2
  if "$tool" collect-linux -p "$gateway_pid" --profile cpu-sampling --duration "$(timespan "$duration")" \
    -o "$dir/quickstart-c50.nettrace" >"$dir/collect.log" 2>&1; then
    "$tool" report "$dir/quickstart-c50.nettrace" topN -n 80 --inclusive >"$dir/top-inclusive.txt" 2>&1 || true
    echo "profile: the gateway's top functions (inclusive CPU samples) are in $dir/top-inclusive.txt" >>"$run_dir/notes.txt"
  else
    echo "profile: not measured: dotnet-trace collect-linux failed (see $dir/collect.log)" >>"$run_dir/notes.txt"
  fi
  wait "$wrk_pid" || true
  log "  $(tail -1 "$run_dir/notes.txt")"
}

# system calls per request of the gateway and of nginx's worker (strace -c -f attached for one Proxy run at 50
# connections); strace slows both, so only the counts per request mean anything, not the rates
measure_syscalls() {
  local target pid args out
  mkdir -p "$run_dir/syscalls"
  for target in gateway nginx; do
    pid="$(target_pid "$target")"
    out="$run_dir/syscalls/$target"
    mapfile -t args < <(wrk_args 50 "$warmup" get /hello "$target")
    wrk "${args[@]}" >/dev/null 2>&1 || true
    wait_idle
    strace -c -f -p "$pid" -o "$out.strace" 2>/dev/null &
    local strace_pid=$!
    started_pids+=("$strace_pid")
    sleep 1
    mapfile -t args < <(wrk_args 50 "$duration" get /hello "$target")
    wrk "${args[@]}" >"$out.wrk" 2>&1 || true
    kill -INT "$strace_pid" 2>/dev/null || true
    wait "$strace_pid" 2>/dev/null || true
    printf '%s\t%s\t%s\n' "$target" "$(awk '/^BENCH / { print $2 }' "$out.wrk")" "$out.strace" >>"$run_dir/syscalls.tsv"
    log "  syscalls $target: $(awk '/^BENCH / { print $2 }' "$out.wrk") requests under strace"
  done
}

# ---------------------------------------------------------------- the run

machine_info() {
  echo "started: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "tree: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' (src modified)')"
  echo "cores: $(nproc) x $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "memory: $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "os: $(sed -n 's/^PRETTY_NAME="\(.*\)"/\1/p' /etc/os-release)"
  echo "dotnet: $(dotnet --version)"
  echo "nginx: $(nginx -v 2>&1 | sed 's/.*: //')"
  echo "wrk: $(wrk -v 2>&1 | head -1 | awk '{ print $2 }')"
  echo "settings: $rounds rounds, ${duration}s runs, ${warmup}s warm-ups (and ${jit_warmup}s per path for the gateway's JIT at the start), wrk -t1, idle at >= ${idle_threshold}%," \
    "runs repeated when others used > ${outside_limit}% of a core (up to $retries times)"
  echo "gateway environment: $(env | grep -E '^(DOTNET|COMPlus)_' | tr '\n' ' ' || true)"
}

main() {
  local stamp
  stamp="$(date +%Y%m%d-%H%M%S)"
  run_dir="$repo/bench/results/run-$stamp"
  mkdir -p "$run_dir/wrk" "$run_dir/counters"
  printf 'round\tscenario\tconns\ttarget\trequests\tduration_us\tp50_us\tp99_us\terrors\tproxy_ticks\toutside_pct\tidle_pct\tattempt\tdisturbed\n' >"$run_dir/runs.tsv"
  : >"$run_dir/memory.tsv"
  : >"$run_dir/alloc.tsv"
  : >"$run_dir/notes.txt"
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

  install_missing
  build_gateway
  machine_info >"$run_dir/machine.txt"
  read -r backend_port nginx_port gateway_port admin_port peer_port gateway_tls_port nginx_tls_port < <(free_ports 7)
  make_certificate
  start_backend
  start_nginx_proxy
  start_gateway
  log "backend :$backend_port (pid $backend_pid), nginx :$nginx_port (worker $nginx_pid)," \
    "gateway :$gateway_port (pid $gateway_pid, admin :$admin_port); results in $run_dir"
  write_lua get 0
  write_lua json 0
  write_lua post1k 1024
  write_lua tls 0

  if wants idle1000; then
    log "idle1000: 1,000 idle keep-alive connections"
    measure_idle_conns gateway
    measure_idle_conns nginx
  fi

  local counters="" round
  if wants_load; then
    log "warming the gateway up: ${jit_warmup}s of load on each of its paths, not counted"
    warm_gateway
  fi
  if wants alloc; then
    counters="$(nuget_tool dotnet-counters)"
    [ -n "$counters" ] || echo "alloc: not measured: \`dotnet tool install dotnet-counters\` failed (see dotnet-counters-install.log)" >>"$run_dir/notes.txt"
  fi
  for ((round = 1; round <= rounds; round++)); do
    log "round $round of $rounds"
    load_round "$round"
    if ((round == 1)) && [ -n "$counters" ]; then
      log "alloc: runtime counters of the gateway (once; they barely move between rounds)"
      measure_alloc "$counters" get /hello
      measure_alloc "$counters" json /qs/hello
    fi
  done
  if wants syscalls; then
    log "syscalls: system calls per request, Proxy pipeline, 50 connections, under strace"
    measure_syscalls
  fi
  if wants profile; then
    log "profile: CPU samples of the gateway, quick-start pipeline, 50 connections"
    local trace
    trace="$(nuget_tool dotnet-trace)"
    if [ -n "$trace" ]; then measure_profile "$trace"; else
      echo "profile: not measured: \`dotnet tool install dotnet-trace\` failed (see dotnet-trace-install.log)" >>"$run_dir/notes.txt"
    fi
  fi

  python3 "$repo/bench/benchtool.py" report "$run_dir" >"$run_dir/report.md"
  cp "$run_dir/report.md" "$repo/bench/results/latest.md"
  cat "$run_dir/report.md"
  log "written to bench/results/latest.md (raw rows and logs in $run_dir)"
}

main
