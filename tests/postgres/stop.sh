#!/usr/bin/env bash
# Stops the throw-away PostgreSQL started by tests/postgres/start.sh and removes its folder.
set -euo pipefail
dir=${REALTIME_PG_DIR:-/tmp/realtime-postgres}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -n "$bin" ] && [ -d "$dir/data" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  else
    "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
fi
rm -rf "$dir"
echo "postgres: stopped and removed $dir" >&2
