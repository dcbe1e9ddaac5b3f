#!/usr/bin/env bash
# Runs every test of the solution, on a fresh Debian machine that has only the .NET SDK, Node and npm.
# It installs what the tests need when it is missing (Debian packages; npm packages from committed lockfiles),
# starts a throw-away PostgreSQL on loopback for the store conformance suite, then runs `dotnet test`.
# Usage: bash tests/run.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Grpc]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

log() { printf '\n== %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "tests/run.sh: '$*' needs root (or sudo)" >&2; return 1; fi
}

# Debian packages the tests drive: real gRPC clients (python3-grpcio), h2load, PostgreSQL, Chromium.
missing=()
/usr/bin/python3 -c 'import grpc, google.protobuf' >/dev/null 2>&1 || missing+=(python3 python3-grpcio python3-protobuf)
command -v h2load >/dev/null 2>&1 || missing+=(nghttp2-client)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  log "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { as_root apt-get update -q >/dev/null && as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
fi

# npm packages, exactly as locked, in every folder of tests/ and src/ that has a lockfile.
while IFS= read -r lock; do
  dir=$(dirname "$lock")
  log "npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
done < <(find tests src -name package-lock.json -not -path '*/node_modules/*' | sort)

# A throw-away PostgreSQL on loopback; the store suite reads REALTIME_TEST_POSTGRES.
if [ -x tests/postgres/start.sh ] && [ -z "${REALTIME_TEST_POSTGRES:-}" ]; then
  log "Starting a throw-away PostgreSQL"
  eval "$(tests/postgres/start.sh)"
  trap '"$root/tests/postgres/stop.sh" >/dev/null 2>&1 || true' EXIT
fi

log "Building"
dotnet build Realtime.sln -c Release -nologo -v:q

log "Testing"
out=$(mktemp)
set +e
dotnet test Realtime.sln -c Release --no-build -nologo --blame-hang-timeout 10m "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
set -e

# One closing line over every test assembly: "N passed, N failed, N skipped".
awk '/(Passed|Failed)! +- Failed:/ {
       for (i = 1; i <= NF; i++) { v = $(i + 1); gsub(",", "", v)
         if ($i == "Failed:") f += v; if ($i == "Passed:") p += v; if ($i == "Skipped:") s += v }
     } END { printf "\n%d passed, %d failed, %d skipped\n", p, f, s }' "$out"
rm -f "$out"
exit "$status"
