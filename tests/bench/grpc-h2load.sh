#!/usr/bin/env bash
# gRPC layer cost: h2load drives grpc.health.v1.Health/Check over Realtime.Grpc and, in the same run, a bare Kestrel
# HTTP/2 endpoint that returns the same bytes; then the .NET client measures unary calls/s and bidi-streamed messages/s
# against both endpoints (the bare one echoes the same framed messages without the gRPC layer).
# Loopback only, bounded request counts. Needs: dotnet, h2load (apt-get install -y nghttp2-client).
#
# The machine may be shared, so wall-clock rates are noisy: the two endpoints are measured alternately for a few
# rounds, the best rate of each is reported, and so is the server process's CPU time per call (less sensitive to
# other load than wall time).
#
# Usage: tests/bench/grpc-h2load.sh [requests] [clients] [streams-per-client] [rounds]
set -euo pipefail

requests=${1:-100000}
clients=${2:-4}
streams=${3:-32}
rounds=${4:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
host_pid=""
cleanup() {
  if [[ -n "$host_pid" ]]; then kill "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

command -v h2load >/dev/null || { echo "h2load not found: apt-get install -y nghttp2-client" >&2; exit 1; }

dotnet build -c Release --nologo -v quiet "$root/tests/Realtime.Grpc.BenchHost" >/dev/null
host_dll="$root/tests/Realtime.Grpc.BenchHost/bin/Release/net10.0/Realtime.Grpc.BenchHost.dll"

dotnet "$host_dll" serve > "$work/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 1 100); do
  grep -q '^listening' "$work/host.log" 2>/dev/null && break
  sleep 0.1
done
line=$(grep '^listening' "$work/host.log") || { echo "bench host did not start:" >&2; cat "$work/host.log" >&2; exit 1; }
grpc_port=$(sed -E 's/.*grpc=([0-9]+).*/\1/' <<<"$line")
bare_port=$(sed -E 's/.*bare=([0-9]+).*/\1/' <<<"$line")

# Health/Check request: a 5-byte prefix and an empty HealthCheckRequest.
printf '\x00\x00\x00\x00\x00' > "$work/body"

run_h2load() { # name url n
  h2load -n "$3" -c "$clients" -m "$streams" -t 1 -d "$work/body" \
    -H 'content-type: application/grpc' -H 'te: trailers' "$2" > "$work/$1.out"
  local summary
  summary=$(grep '^requests:' "$work/$1.out")
  # requests: N total, N started, N done, N succeeded, N failed, N errored, N timeout
  read -r total succeeded failed errored timedout < <(sed -E 's/requests: ([0-9]+) total, [0-9]+ started, [0-9]+ done, ([0-9]+) succeeded, ([0-9]+) failed, ([0-9]+) errored, ([0-9]+) timeout/\1 \2 \3 \4 \5/' <<<"$summary")
  if [[ "$failed" != 0 || "$errored" != 0 || "$timedout" != 0 || "$succeeded" != "$total" ]]; then
    echo "h2load $1: failures: $summary" >&2; cat "$work/$1.out" >&2; exit 1
  fi
  sed -E 's/finished in [0-9.]+[a-z]+, ([0-9.]+) req\/s.*/\1/;t;d' "$work/$1.out"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$host_pid/stat"; }
ticks_per_second=$(getconf CLK_TCK)

# Warm-up both endpoints (JIT, connections), then measure both alternately in the same run.
# (Tiered JIT needs a good number of calls before the hot path is fully optimised.)
for _ in 1 2; do
  run_h2load warm-grpc "http://127.0.0.1:$grpc_port/grpc.health.v1.Health/Check" 100000 >/dev/null
  run_h2load warm-bare "http://127.0.0.1:$bare_port/grpc.health.v1.Health/Check" 100000 >/dev/null
done
grpc_rps=0; bare_rps=0; grpc_ticks=0; bare_ticks=0
for round in $(seq 1 "$rounds"); do
  for name in grpc bare; do
    port=$grpc_port; [[ $name == bare ]] && port=$bare_port
    before=$(cpu_ticks)
    rps=$(run_h2load "$name" "http://127.0.0.1:$port/grpc.health.v1.Health/Check" "$requests")
    ticks=$(( $(cpu_ticks) - before ))
    echo "round $round $name: $rps calls/s, server CPU $ticks ticks"
    if [[ $name == grpc ]]; then
      grpc_ticks=$((grpc_ticks + ticks)); awk -v a="$rps" -v b="$grpc_rps" 'BEGIN { exit !(a > b) }' && grpc_rps=$rps
    else
      bare_ticks=$((bare_ticks + ticks)); awk -v a="$rps" -v b="$bare_rps" 'BEGIN { exit !(a > b) }' && bare_rps=$rps
    fi
  done
done

# The gRPC answer really is gRPC: grpc-status 0 in trailers.
nghttp -n -d "$work/body" -H ':method: POST' -H 'content-type: application/grpc' -H 'te: trailers' -v \
  "http://127.0.0.1:$grpc_port/grpc.health.v1.Health/Check" | grep -q 'grpc-status: 0' || { echo "Health/Check did not answer grpc-status 0" >&2; exit 1; }

echo "nproc: $(nproc)"
echo "h2load: -n $requests -c $clients -m $streams -t 1, Health/Check (empty request, 2-byte response)"
echo "grpc (Realtime.Grpc) unary calls/s, best of $rounds: $grpc_rps"
echo "bare Kestrel HTTP/2, same bytes, calls/s, best of $rounds: $bare_rps"
awk -v g="$grpc_rps" -v b="$bare_rps" 'BEGIN { printf "ratio grpc/bare (calls/s): %.2f\n", g / b }'
awk -v g="$grpc_ticks" -v b="$bare_ticks" -v n="$((requests * rounds))" -v hz="$ticks_per_second" \
  'BEGIN { printf "server CPU per call: grpc %.1f us, bare %.1f us, ratio %.2f\n", g * 1e6 / hz / n, b * 1e6 / hz / n, g / b }'

# The .NET client (Realtime.Grpc.Client) against both endpoints: unary calls/s, and bidi-streamed messages/s (the bare
# endpoint echoes the same framed messages back, one flush per message, as the gRPC writer does).
rate_of() { sed -E 's/.* = ([0-9.]+) (calls|messages)\/s.*/\1/' <<<"$1"; }
bare_label="bare Kestrel HTTP/2, same bytes,"
unary_grpc=$(dotnet "$host_dll" unary --port "$grpc_port" --seconds 5 --calls 64 --label "grpc (Realtime.Grpc)")
unary_bare=$(dotnet "$host_dll" unary --port "$bare_port" --seconds 5 --calls 64 --label "$bare_label")
stream_grpc=$(dotnet "$host_dll" stream --port "$grpc_port" --seconds 5 --calls 4 --label "grpc (Realtime.Grpc)")
stream_bare=$(dotnet "$host_dll" stream --port "$bare_port" --seconds 5 --calls 4 --label "$bare_label")
printf '%s\n' "$unary_grpc" "$unary_bare"
awk -v g="$(rate_of "$unary_grpc")" -v b="$(rate_of "$unary_bare")" 'BEGIN { printf "ratio grpc/bare (.NET client unary calls/s): %.2f\n", g / b }'
printf '%s\n' "$stream_grpc" "$stream_bare"
awk -v g="$(rate_of "$stream_grpc")" -v b="$(rate_of "$stream_bare")" 'BEGIN { printf "ratio grpc/bare (streamed messages/s): %.2f\n", g / b }'
