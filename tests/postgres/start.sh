#!/usr/bin/env bash
# Starts a throw-away PostgreSQL for the store tests and prints the line that points them at it:
#   eval "$(tests/postgres/start.sh)"      # sets REALTIME_TEST_POSTGRES
# Installs Debian's postgresql when missing (as root), creates a fresh cluster owned by the non-root user
# 'postgres' in $REALTIME_PG_DIR (default /tmp/realtime-postgres), listens on 127.0.0.1 only, on the first free
# port from $REALTIME_PG_PORT (default 54329). Idempotent: if the cluster already runs, prints the line again.
# Stop and remove it with tests/postgres/stop.sh.
#
# Tuning for a throw-away cluster: fsync and synchronous_commit stay ON (the tests and benchmarks measure
# durable commits, as in production); wal_level=minimal and a large max_wal_size cut WAL volume and checkpoints;
# max_connections=200 leaves room for the per-test connection pools.
set -euo pipefail

dir=${REALTIME_PG_DIR:-/tmp/realtime-postgres}
port=${REALTIME_PG_PORT:-54329}
user=realtime
password=realtime
database=realtime

log() { printf 'postgres: %s\n' "$*" >&2; }

export_line() {
  printf "export REALTIME_TEST_POSTGRES='Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s'\n" \
    "$(cat "$dir/port")" "$database" "$user" "$password"
}

# Binaries: Debian puts them under /usr/lib/postgresql/<major>/bin; install the package if there are none.
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin=$(find_bin)
if [ -z "$bin" ]; then
  [ "$(id -u)" -eq 0 ] || { log "postgresql is not installed and this is not root: apt-get install -y postgresql"; exit 1; }
  log "installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q postgresql >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null; }
  bin=$(find_bin)
fi

# The server refuses to run as root: run every cluster command as 'postgres' when we are root.
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

if [ -f "$dir/port" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  log "already running on port $(cat "$dir/port")"
  export_line
  exit 0
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
while ! port_free "$port"; do port=$((port + 1)); done

rm -rf "$dir"
mkdir -p "$dir"
chown "$owner" "$dir"
chmod 700 "$dir"
echo "$port" > "$dir/port"

log "initdb in $dir/data"
as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 256MB
fsync = on
synchronous_commit = on
wal_level = minimal
max_wal_senders = 0
max_wal_size = 4GB
checkpoint_timeout = 15min
CONF

log "starting on 127.0.0.1:$port"
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q >/dev/null <<SQL
CREATE ROLE $user LOGIN PASSWORD '$password';
CREATE DATABASE $database OWNER $user;
SQL
export_line
