#!/usr/bin/env bash
# Read standby (issue 16, acceptance 4: pacer serve --db-read URL): starts a primary and an
# asynchronous streaming standby of its own (Debian's PostgreSQL: initdb in temporary
# directories, ports 55442/55443, pg_basebackup -R), and runs internal/web's TestReadStandby
# (build tag readstandby) against them: with the standby's replay paused, a user's own write is
# visible to them at once (read from the primary) while another user is served by the standby and
# sees it once replay resumes.
# Usage: scripts/readreplica.sh   (as root or as a user that may run PostgreSQL's binaries)
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
[ -x "$bin/initdb" ] || { echo "readreplica.sh: PostgreSQL server binaries not found" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

work=$(mktemp -d /tmp/pacer-readreplica.XXXXXX)
chmod 755 "$work"
[ "$(id -u)" = 0 ] && chown postgres "$work"
p1=55442 p2=55443
cleanup() {
  as_pg "$bin/pg_ctl" -D "$work/primary" stop -m immediate >/dev/null 2>&1 || true
  as_pg "$bin/pg_ctl" -D "$work/standby" stop -m immediate >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

as_pg "$bin/initdb" -D "$work/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >>"$work/primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $p1
unix_socket_directories = '$work'
wal_level = replica
max_wal_senders = 5
hot_standby = on
CONF
echo "host replication postgres 127.0.0.1/32 trust" >>"$work/primary/pg_hba.conf"
as_pg "$bin/pg_ctl" -D "$work/primary" -l "$work/primary.log" -w start >/dev/null
as_pg "$bin/psql" -h 127.0.0.1 -p $p1 -U postgres -qc 'CREATE DATABASE pacer'

as_pg "$bin/pg_basebackup" -h 127.0.0.1 -p $p1 -U postgres -D "$work/standby" -R -X stream -c fast >/dev/null
sed -i "s/^port = $p1/port = $p2/" "$work/standby/postgresql.conf"
as_pg "$bin/pg_ctl" -D "$work/standby" -l "$work/standby.log" -w start >/dev/null
echo "readreplica.sh: primary :$p1, asynchronous streaming standby :$p2"

export PACER_STANDBY_PRIMARY="postgres://postgres@127.0.0.1:$p1/pacer"
export PACER_STANDBY_READ="postgres://postgres@127.0.0.1:$p2/pacer"
go test -tags readstandby -count=1 -run '^TestReadStandby$' -v ./internal/web/ 2>&1 | grep -v '^=== RUN'
