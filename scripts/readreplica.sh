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

. scripts/pgpair.sh
pg_pair readreplica 55442 55443
echo "readreplica.sh: primary :$p1, asynchronous streaming standby :$p2"

export PACER_STANDBY_PRIMARY="postgres://postgres@127.0.0.1:$p1/pacer"
export PACER_STANDBY_READ="postgres://postgres@127.0.0.1:$p2/pacer"
go test -tags readstandby -count=1 -run '^TestReadStandby$' -v ./internal/web/ 2>&1 | grep -v '^=== RUN'
