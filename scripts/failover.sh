#!/usr/bin/env bash
# PostgreSQL failover under load (issue 16): starts a primary and a streaming standby of its own
# (Debian's PostgreSQL: initdb in temporary directories, ports 55432/55433, synchronous
# replication so an acknowledged commit is on both), runs writers and readers against Pacer's web
# server connected with a multi-host URL (target_session_attrs=read-write), kills the primary
# (immediate shutdown: a crash), promotes the standby (pg_ctl promote, as pg_auto_failover or an
# operator would), and checks with internal/web's TestFailover (build tag failover) that service
# resumes within 30 s, no acknowledged write or its audit row is lost, and nothing is written twice.
# Usage: scripts/failover.sh   (as root or as a user that may run PostgreSQL's binaries)
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/pgpair.sh
pg_pair failover 55432 55433
# Synchronous from now on: a commit is acknowledged once the standby has it (set on the primary
# only, after the copy, so the promoted standby does not wait for a standby of its own).
as_pg "$bin/psql" -h 127.0.0.1 -p $p1 -U postgres -qc "ALTER SYSTEM SET synchronous_standby_names = '*'" -c 'SELECT pg_reload_conf()' >/dev/null
for _ in $(seq 1 30); do
  [ "$(as_pg "$bin/psql" -h 127.0.0.1 -p $p1 -U postgres -Atc "SELECT count(*) FROM pg_stat_replication WHERE sync_state='sync'")" = 1 ] && break
  sleep 1
done
echo "failover.sh: primary :$p1, synchronous standby :$p2"

export PACER_FAILOVER_URL="postgres://postgres@127.0.0.1:$p1,127.0.0.1:$p2/pacer?target_session_attrs=read-write&connect_timeout=2"
if [ "$(id -u)" = 0 ]; then
  export PACER_FAILOVER_KILL="runuser -u postgres -- $bin/pg_ctl -D $work/primary stop -m immediate"
  export PACER_FAILOVER_PROMOTE="runuser -u postgres -- $bin/pg_ctl -D $work/standby promote -w"
else
  export PACER_FAILOVER_KILL="$bin/pg_ctl -D $work/primary stop -m immediate"
  export PACER_FAILOVER_PROMOTE="$bin/pg_ctl -D $work/standby promote -w"
fi
go test -tags failover -count=1 -run TestFailover -v ./internal/web/ 2>&1 | grep -v '^=== RUN'
