# Sourced by failover.sh and readreplica.sh: starts a PostgreSQL primary and a streaming standby
# of its own (Debian's PostgreSQL: initdb in a temporary directory, pg_basebackup -R), each on a
# port of its own, with a database "pacer" on the primary; both are stopped and removed on exit.
#   pg_pair NAME PRIMARY_PORT STANDBY_PORT   sets bin (the server binaries), work (the directory)
#                                            and as_pg (runs a command as postgres when root)
# The shared server on 5432 does not allow replication connections, hence a pair of its own.

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_pair() {
  local name=$1
  p1=$2 p2=$3
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  [ -x "$bin/initdb" ] || { echo "$name: PostgreSQL server binaries not found" >&2; exit 1; }
  work=$(mktemp -d "/tmp/pacer-$name.XXXXXX")
  chmod 755 "$work"
  [ "$(id -u)" = 0 ] && chown postgres "$work"
  trap pg_pair_stop EXIT

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
  as_pg "$bin/psql" -h 127.0.0.1 -p "$p1" -U postgres -qc 'CREATE DATABASE pacer'

  as_pg "$bin/pg_basebackup" -h 127.0.0.1 -p "$p1" -U postgres -D "$work/standby" -R -X stream -c fast >/dev/null
  sed -i "s/^port = $p1/port = $p2/" "$work/standby/postgresql.conf"
  as_pg "$bin/pg_ctl" -D "$work/standby" -l "$work/standby.log" -w start >/dev/null
}

pg_pair_stop() {
  as_pg "$bin/pg_ctl" -D "$work/primary" stop -m immediate >/dev/null 2>&1 || true
  as_pg "$bin/pg_ctl" -D "$work/standby" stop -m immediate >/dev/null 2>&1 || true
  rm -rf "$work"
}
