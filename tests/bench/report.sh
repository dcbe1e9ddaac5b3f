#!/usr/bin/env bash
# The benchmark report: runs the standard scenarios and writes docs/benchmarks/report.md with every figure of the
# design's performance table next to its target, and each end-to-end figure next to a baseline measured in the same
# run (per-event SQL upserts in PostgreSQL; a bare Kestrel HTTP/2 endpoint as the transport ceiling).
#
#   bash tests/bench/report.sh            # full run, about 15-20 minutes on 2 cores
#   bash tests/bench/report.sh --quick    # about 5 minutes: shorter scenarios, 60 s of new customers for memory/restart
#
# Options (each overrides the mode's value):
#   --ingest-duration S     flat-out ingest scenario, seconds (full 60, quick 20)
#   --lookup-duration S     lookups at 5,000/s while ingesting, seconds (full 30, quick 15)
#   --pressure-duration S   pressure requests scenario, seconds (full 20, quick 10)
#   --memory-customers N    customers to touch for memory per customer and restart (default 1000000), one traits
#                           event each, for at most --memory-duration S (full 240, quick 60): the report states how
#                           many were stored in that time
#   --inproc-events N       events of the in-process actor ingest (full 2000000, quick 500000)
#   --h2load-requests N     requests per h2load round (full 100000, quick 30000); --h2load-rounds N (full 3, quick 1)
#   --skip-postgres         no PostgreSQL: no server-on-PostgreSQL scenarios, no SQL baseline
#   --out FILE              where the report goes (default docs/benchmarks/report.md)
#
# PostgreSQL: a throw-away cluster from tests/postgres/start.sh in its own folder and port (REALTIME_PG_DIR,
# default /tmp/realtime-postgres-bench; REALTIME_PG_PORT, default 55329), so it never touches the cluster the test
# suite uses; stopped at the end if this script started it. Everything runs on loopback; raw outputs stay in a
# temporary folder whose path is printed.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

mode=full
ingest_s=60 lookup_s=30 pressure_s=20 memory_n=1000000 memory_s=240 inproc_n=2000000 h2_requests=100000 h2_rounds=3 h2lat_s=10
skip_pg=0
out="$root/docs/benchmarks/report.md"
declare -A set_by_user=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick ;;
    --ingest-duration) ingest_s=$2; set_by_user[ingest]=1; shift ;;
    --lookup-duration) lookup_s=$2; set_by_user[lookup]=1; shift ;;
    --pressure-duration) pressure_s=$2; set_by_user[pressure]=1; shift ;;
    --memory-customers) memory_n=$2; shift ;;
    --memory-duration) memory_s=$2; set_by_user[memory_s]=1; shift ;;
    --inproc-events) inproc_n=$2; set_by_user[inproc]=1; shift ;;
    --h2load-requests) h2_requests=$2; set_by_user[h2r]=1; shift ;;
    --h2load-rounds) h2_rounds=$2; set_by_user[h2n]=1; shift ;;
    --skip-postgres) skip_pg=1 ;;
    --out) out=$2; shift ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "report.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ "$mode" = quick ]; then
  [ -n "${set_by_user[ingest]:-}" ] || ingest_s=20
  [ -n "${set_by_user[lookup]:-}" ] || lookup_s=15
  [ -n "${set_by_user[pressure]:-}" ] || pressure_s=10
  [ -n "${set_by_user[memory_s]:-}" ] || memory_s=60
  [ -n "${set_by_user[inproc]:-}" ] || inproc_n=500000
  [ -n "${set_by_user[h2r]:-}" ] || h2_requests=30000
  [ -n "${set_by_user[h2n]:-}" ] || h2_rounds=1
  h2lat_s=5
fi
for v in ingest_s lookup_s pressure_s memory_n memory_s inproc_n h2_requests h2_rounds; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "report.sh: ${v} must be a positive integer, got '${!v}'" >&2; exit 2; }
done

work=$(mktemp -d /tmp/realtime-bench.XXXXXX)
log() { printf '[report %s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$work/progress.log" >&2; }
commands="$work/commands.txt"; : > "$commands"
failures="$work/failures.txt"; : > "$failures"
fail() { echo "$*" >> "$failures"; log "FAILED: $*"; }
# Records a command (shell-quoted, so it can be pasted; temporary paths as they were) and runs it.
quoted() { local arg out=""; for arg in "$@"; do out+="$(printf '%q' "$arg") "; done; printf '%s\n' "${out% }"; }
run() { quoted "$@" >> "$commands"; "$@"; }

server_pid=""
started_pg=0
pg_dir=${REALTIME_PG_DIR:-/tmp/realtime-postgres-bench}
export REALTIME_PG_DIR=$pg_dir REALTIME_PG_PORT=${REALTIME_PG_PORT:-55329}
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ "$started_pg" = 1 ]; then tests/postgres/stop.sh >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

# ---- machine facts -----------------------------------------------------------------------------------------------
facts="$work/facts.env"
{
  echo "date_utc='$(date -u +%Y-%m-%dT%H:%M:%SZ)'"
  echo "nproc='$(nproc)'"
  echo "mem_total_kb='$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)'"
  echo "cpu_model='$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)'"
  echo "kernel='$(uname -r)'"
  echo "dotnet='$(dotnet --version)'"
  echo "commit='$(git rev-parse HEAD)'"
  echo "commit_subject='$(git log -1 --format=%s | tr -d "'")'"
  echo "dirty='$(git status --porcelain --untracked-files=no | wc -l)'"
  echo "loadavg_before='$(cut -d' ' -f1-3 /proc/loadavg)'"
  echo "mode='$mode'"
} > "$facts"
log "mode $mode, raw outputs in $work"
log "nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- build once --------------------------------------------------------------------------------------------------
log "building Release (server, load generator, in-process bench, gRPC bench host)"
run dotnet build -c Release -nologo -v quiet tests/Realtime.InProcessBench > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
run dotnet build -c Release -nologo -v quiet tests/Realtime.Grpc.BenchHost >> "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
server_dll="$root/src/Realtime.Server/bin/Release/net10.0/Realtime.Server.dll"
loadgen_dll="$root/src/Realtime.LoadGen/bin/Release/net10.0/Realtime.LoadGen.dll"
inproc_dll="$root/tests/Realtime.InProcessBench/bin/Release/net10.0/Realtime.InProcessBench.dll"

free_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 30000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# start_server NAME DATADIR [extra server args...]: sets server_pid, grpc_port, http_port; waits until SERVING.
start_server() {
  local name=$1 data=$2; shift 2
  grpc_port=$(free_port); http_port=$(free_port)
  while [ "$http_port" = "$grpc_port" ]; do http_port=$(free_port); done
  echo "$(quoted dotnet "$server_dll" --Realtime:DataDir="$data" --Realtime:GrpcPort="$grpc_port" --Realtime:HttpPort="$http_port" "$@") &  # server: $name" >> "$commands"
  ASPNETCORE_ENVIRONMENT=Production dotnet "$server_dll" --Realtime:DataDir="$data" --Realtime:GrpcPort="$grpc_port" \
    --Realtime:HttpPort="$http_port" "$@" > "$work/server-$name.log" 2>&1 &
  server_pid=$!
  if ! dotnet "$loadgen_dll" wait-ready --target "http://127.0.0.1:$grpc_port" --timeout 180s > "$work/ready-$name.txt" 2>&1; then
    fail "server $name did not become ready (see $work/server-$name.log)"; cat "$work/ready-$name.txt" >&2; tail -20 "$work/server-$name.log" >&2
    stop_server
    return 1
  fi
  log "server $name ready (pid $server_pid, gRPC $grpc_port, HTTP $http_port)"
}

# stop_server: SIGTERM (a clean stop saves every actor), bounded wait, then SIGKILL.
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 1 1200); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$server_pid" 2>/dev/null; then fail "server pid $server_pid did not stop within 120 s: killed"; kill -KILL "$server_pid" 2>/dev/null || true; fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# loadgen NAME [options...]: one load generator run against the running server; summary JSON in $work/NAME.json.
loadgen() {
  local name=$1; shift
  log "scenario $name"
  run dotnet "$loadgen_dll" --target "http://127.0.0.1:$grpc_port" --server-pid "$server_pid" --json "$work/$name.json" "$@" \
    > "$work/$name.txt" 2>&1 || { fail "load generator $name (see $work/$name.txt)"; tail -20 "$work/$name.txt" >&2; return 1; }
  sed -n '/== Realtime.LoadGen summary/,$p' "$work/$name.txt" >&2
}

scenarios() { # PREFIX: the standard scenarios against the running server
  local p=$1 dash="http://127.0.0.1:$http_port"
  loadgen "$p-ingest" --customers 100000 --rate 0 --duration "${ingest_s}s" --streams 4 --batch 500 --inflight 8 \
    --lookups-per-sec 100 --pressure-per-sec 20 --dashboard "$dash" --push-probes-per-sec 20 --watch --quiet || true
  loadgen "$p-lookups" --customers 100000 --seed 2 --rate 100000 --duration "${lookup_s}s" --streams 4 --batch 500 --inflight 8 \
    --lookups-per-sec 5000 --pressure-per-sec 0 --dashboard "$dash" --push-probes-per-sec 20 --quiet || true
  loadgen "$p-pressure" --customers 100000 --seed 3 --rate 2000 --duration "${pressure_s}s" --streams 2 --batch 200 --inflight 4 \
    --lookups-per-sec 0 --pressure-per-sec 1000 --quiet || true
  # The server's own latency at the design's load: h2load (a C client; the .NET client's cost would dominate) sends
  # Customers.Get, then ContactPressure.Request, at 5,000/s each for one customer, while 100,000 events/s are asked.
  if command -v h2load >/dev/null; then
    loadgen "$p-h2-ingest" --customers 100000 --seed 4 --rate 100000 --duration "$((h2lat_s * 2 + 17))s" --streams 4 --batch 500 \
      --inflight 8 --lookups-per-sec 0 --pressure-per-sec 0 --quiet &
    local ingest=$!
    sleep 12 # past the first activations and the JIT's first tiers
    run bash tests/bench/h2-latency.sh "$grpc_port" /realtime.v1.Customers/Get "$work/get-request.bin" 5000 "$h2lat_s" \
      > "$work/$p-h2-lookup.txt" 2>&1 || fail "h2load lookups on $p (see $work/$p-h2-lookup.txt)"
    run bash tests/bench/h2-latency.sh "$grpc_port" /realtime.v1.ContactPressure/Request "$work/contact-request.bin" 5000 "$h2lat_s" \
      > "$work/$p-h2-pressure.txt" 2>&1 || fail "h2load pressure on $p (see $work/$p-h2-pressure.txt)"
    wait "$ingest" || true
    log "$p server-side latency (h2load): lookups $(cat "$work/$p-h2-lookup.txt"); pressure $(cat "$work/$p-h2-pressure.txt")"
  else
    fail "h2load not found (apt-get install -y nghttp2-client): no server-side latency"
  fi
}

# One framed gRPC request each (5-byte prefix + protobuf) for tests/bench/h2-latency.sh: Get {customer_id cust-42}, and
# Request {cust-42, email, marketing, campaign spring}.
python3 - "$work" <<'PY'
import sys
def frame(message): return b"\x00" + len(message).to_bytes(4, "big") + message
def text(field, value): return bytes([field << 3 | 2, len(value)]) + value
customer = text(1, b"cust-42")
open(sys.argv[1] + "/get-request.bin", "wb").write(frame(text(1, customer)))
open(sys.argv[1] + "/contact-request.bin", "wb").write(frame(customer + b"\x10\x01\x18\x01" + text(4, b"spring")))
PY

# ---- PostgreSQL --------------------------------------------------------------------------------------------------
pg_server_cs="" pg_baseline_cs=""
if [ "$skip_pg" = 0 ]; then
  if [ -f "$pg_dir/data/postmaster.pid" ]; then started_pg=0; else started_pg=1; fi
  log "PostgreSQL in $pg_dir"
  printf '%s\n' "eval \"\$(REALTIME_PG_DIR=$pg_dir REALTIME_PG_PORT=$REALTIME_PG_PORT tests/postgres/start.sh)\"" >> "$commands"
  printf '%s\n' "# (waits for the server: Realtime.LoadGen.dll wait-ready --target http://127.0.0.1:GRPC_PORT --timeout 180s)" >> "$commands"
  if eval "$(tests/postgres/start.sh 2> "$work/postgres.log")"; then
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    pg_port=$(cat "$pg_dir/port")
    stamp=$(date -u +%Y%m%d%H%M%S)
    psql_admin() {
      if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$pg_bin/psql" -h "$pg_dir" -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q "$@"
      else "$pg_bin/psql" -h "$pg_dir" -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q "$@"; fi
    }
    if psql_admin -c "CREATE DATABASE bench_server_$stamp OWNER realtime" -c "CREATE DATABASE bench_baseline_$stamp OWNER realtime" >> "$work/postgres.log" 2>&1; then
      printf '%s\n' "psql -c 'CREATE DATABASE bench_server_$stamp OWNER realtime' -c 'CREATE DATABASE bench_baseline_$stamp OWNER realtime'  # as the cluster's superuser" >> "$commands"
      pg_server_cs="Host=127.0.0.1;Port=$pg_port;Database=bench_server_$stamp;Username=realtime;Password=realtime"
      pg_baseline_cs="Host=127.0.0.1;Port=$pg_port;Database=bench_baseline_$stamp;Username=realtime;Password=realtime"
      psql_admin -At -c "SHOW synchronous_commit" -c "SHOW fsync" -c "SHOW server_version" > "$work/postgres-settings.txt" 2>&1 || true
    else
      fail "could not create the benchmark databases (see $work/postgres.log)"
    fi
  else
    fail "PostgreSQL did not start (see $work/postgres.log)"; started_pg=0
  fi
fi

# ---- 1. server on SQLite: ingest + SignalR push, lookups at 5,000/s, pressure --------------------------------------
sqlite_dir=$(mktemp -d "$work/sqlite-data.XXXX")
if start_server sqlite "$sqlite_dir"; then
  scenarios sqlite
  stop_server
fi

# ---- 2. server on PostgreSQL (fresh database): the same scenarios ---------------------------------------------------
if [ -n "$pg_server_cs" ]; then
  pg_data=$(mktemp -d "$work/pg-data.XXXX")
  if start_server postgres "$pg_data" "--Realtime:Postgres=$pg_server_cs"; then
    scenarios postgres
    stop_server
  fi
fi

# ---- 3. baseline: per-event SQL upserts in PostgreSQL, same workload, same durations --------------------------------
if [ -n "$pg_baseline_cs" ]; then
  log "baseline-sql: flat out, lookups 100/s (as the ingest scenario)"
  run dotnet "$loadgen_dll" baseline-sql --postgres "$pg_baseline_cs" --customers 100000 --duration "${ingest_s}s" \
    --connections 8 --lookups-per-sec 100 --json "$work/baseline-ingest.json" --quiet > "$work/baseline-ingest.txt" 2>&1 \
    || fail "baseline-sql ingest (see $work/baseline-ingest.txt)"
  cat "$work/baseline-ingest.txt" >&2
  log "baseline-sql: flat out, lookups 5,000/s (as the lookup scenario)"
  run dotnet "$loadgen_dll" baseline-sql --postgres "$pg_baseline_cs" --customers 100000 --seed 2 --duration "${lookup_s}s" \
    --connections 8 --lookups-per-sec 5000 --json "$work/baseline-lookups.json" --quiet > "$work/baseline-lookups.txt" 2>&1 \
    || fail "baseline-sql lookups (see $work/baseline-lookups.txt)"
  cat "$work/baseline-lookups.txt" >&2
fi

# ---- 4. transport ceiling: our gRPC vs bare Kestrel HTTP/2 (h2load) -------------------------------------------------
if command -v h2load >/dev/null; then
  log "h2load: gRPC Health/Check vs bare Kestrel HTTP/2"
  run bash tests/bench/grpc-h2load.sh "$h2_requests" 4 32 "$h2_rounds" > "$work/h2load.txt" 2>&1 || fail "grpc-h2load.sh (see $work/h2load.txt)"
  tail -8 "$work/h2load.txt" >&2
else
  fail "h2load not found (apt-get install -y nghttp2-client): no transport comparison"
fi

# ---- 5. in-process actor ingest ---------------------------------------------------------------------------------
log "in-process ingest into customer actors"
run dotnet "$inproc_dll" --events "$inproc_n" --customers 100000 > "$work/inproc.txt" 2>&1 || fail "in-process ingest (see $work/inproc.txt)"
cat "$work/inproc.txt" >&2

# ---- 6. memory per customer and restart time (server on SQLite, fresh data folder) ---------------------------------
mem_dir=$(mktemp -d "$work/memory-data.XXXX")
if start_server memory "$mem_dir"; then
  mem_pid=$server_pid
  rss_before=$(rss_kb "$mem_pid")
  # Few batches in flight: every batch sent is answered before the load generator stops waiting (10 s).
  loadgen memory-touch --customers "$memory_n" --touch-all --duration "${memory_s}s" --streams 2 --batch 500 --inflight 2 \
    --lookups-per-sec 0 --pressure-per-sec 0 --quiet || true
  # Let the actors drain their queues: poll the server's CPU until a second passes nearly idle (bounded, 60 s).
  for _ in $(seq 1 60); do
    t0=$(awk '{ print $14 + $15 }' "/proc/$mem_pid/stat"); sleep 1; t1=$(awk '{ print $14 + $15 }' "/proc/$mem_pid/stat")
    [ $(( t1 - t0 )) -lt 10 ] && break
  done
  rss_after=$(rss_kb "$mem_pid")
  stored=$(jq -r '.accepted // 0' "$work/memory-touch.json" 2>/dev/null || echo 0)
  echo "rss_before_kb=$rss_before rss_after_kb=$rss_after customers=$stored asked=$memory_n seconds=$memory_s" > "$work/memory.txt"
  log "memory: RSS $rss_before kB -> $rss_after kB for $stored customers stored"

  log "restart: clean stop, then start on the same data folder"
  stop_start=$(date +%s%3N)
  stop_server
  stop_end=$(date +%s%3N)
  restart_start=$(date +%s%3N)
  grpc_port2=$(free_port); http_port2=$(free_port)
  echo "$(quoted dotnet "$server_dll" --Realtime:DataDir="$mem_dir" --Realtime:GrpcPort="$grpc_port2" --Realtime:HttpPort="$http_port2") &  # server: restart on the same data" >> "$commands"
  ASPNETCORE_ENVIRONMENT=Production dotnet "$server_dll" --Realtime:DataDir="$mem_dir" --Realtime:GrpcPort="$grpc_port2" \
    --Realtime:HttpPort="$http_port2" > "$work/server-restart.log" 2>&1 &
  server_pid=$!
  # cust-0 is in the first batch sent: stored, and not active until this Get loads it.
  run dotnet "$loadgen_dll" wait-ready --target "http://127.0.0.1:$grpc_port2" --customer-id cust-0 --timeout 300s > "$work/restart-ready.txt" 2>&1 \
    || fail "restarted server not ready within 300 s (see $work/server-restart.log)"
  echo "stop_ms=$((stop_end - stop_start)) start_unix_ms=$restart_start $(cat "$work/restart-ready.txt")" > "$work/restart.txt"
  log "restart: $(cat "$work/restart.txt")"
  stop_server
fi

echo "loadavg_after='$(cut -d' ' -f1-3 /proc/loadavg)'" >> "$facts"
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the report ---------------------------------------------------------------------------------------------------
mkdir -p "$(dirname "$out")"
python3 "$root/tests/bench/report.py" --work "$work" --out "$out" --pg-dir "$pg_dir"
log "report written to $out (raw outputs: $work)"
if [ -s "$failures" ]; then log "some steps failed (listed in the report):"; cat "$failures" >&2; fi
# The servers' data folders (up to a few GB after the memory run) are not needed for the report: drop them.
rm -rf "$work"/sqlite-data.* "$work"/pg-data.* "$work"/memory-data.*
