#!/usr/bin/env bash
# Server-side latency of one unary gRPC method at a fixed rate, measured by h2load (a C client: the .NET load
# generator's own client costs more than the server's answer, so its percentiles are mostly client time).
# Usage: tests/bench/h2-latency.sh PORT PATH BODY_FILE RATE_PER_S SECONDS [CONNECTIONS]
#   BODY_FILE holds one length-prefixed gRPC message (5-byte prefix + protobuf).
#   h2load paces each connection and sends its next request only after the last answer, so a stalled answer delays
#   the ones behind it without counting them as late (coordinated omission): the rate is spread over CONNECTIONS
#   (default 4) so one stall holds up a quarter of the load, and the rate actually sent is printed; when it falls
#   short of RATE_PER_S, the percentiles are optimistic.
# Prints one line: n= failed= p50_us= p90_us= p99_us= p999_us= max_us= rate= (from h2load's per-request log).
set -euo pipefail
port=$1 path=$2 body=$3 rate=$4 seconds=$5 connections=${6:-4}
command -v h2load >/dev/null || { echo "h2load not found (apt-get install -y nghttp2-client)" >&2; exit 1; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
out=$(h2load -n $((rate * seconds)) -c "$connections" -m 1 --rps $((rate / connections)) -d "$body" \
  -H 'content-type: application/grpc' -H 'te: trailers' --log-file="$log" "http://127.0.0.1:$port$path" 2>&1)
failed=$(sed -n 's/^requests: .* \([0-9]*\) failed,.*/\1/p' <<< "$out")
achieved=$(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' <<< "$out")
# Columns of h2load's log: start time (µs), HTTP status, duration (µs).
awk '{ print $3 }' "$log" | sort -n | awk -v failed="${failed:-?}" -v rate="${achieved:-?}" '
  { d[NR] = $1 }
  END {
    if (NR == 0) { print "n=0 failed=" failed; exit 1 }
    printf "n=%d failed=%s p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d rate=%s\n",
      NR, failed, d[int(NR * 0.50) + 1], d[int(NR * 0.90) + 1], d[int(NR * 0.99) + 1], d[int(NR * 0.999) + 1], d[NR], rate
  }'
