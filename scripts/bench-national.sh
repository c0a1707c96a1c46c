#!/usr/bin/env bash
# National scale benchmark (issue 16, acceptance 3): every county-level unit of the built-in
# catalogue (2,845) × the 25 built-in indicators × 10 years of months (2016-01 … 2025-12, about
# 8.5 million figures) plus 2025 targets (both tiers), loaded with `pacer import` — the normal
# import workflow: long-format CSV files, every row checked, one transaction per import — into a
# fresh SQLite file and a fresh PostgreSQL database, in nested steps of 100, 500, 1000 and all
# units (each step imports only the units it adds). It prints:
#   - import: rows, wall and CPU seconds, rows/s and peak memory of each step, against Go's
#     encoding/csv merely reading the same files; and a 100,000-row .xlsx slice imported against
#     excelize merely reading it;
#   - after each step: one county's scorecard and the national ranking of the loaded units
#     (fresh computations, no cache), so how their cost grows from 100 units to all;
#   - at the end: `pacer serve` on the full database under 64 clients on /dashboard against a
#     static file of the same server and the same bytes served as a static file (goal: ratio ≥ 0.25,
#     p99 ≤ 50 ms; the driver is internal/web TestNationalLoad, bench-web.sh's load tool);
#   - the database size on disk (du of the SQLite file, pg_database_size).
#
#   SIZES="100 500 1000 all"   the steps (units loaded after each); SIZES=all is one import of all
#   YEARS=10                   years of months up to 2025-12
#   DIALECTS="sqlite postgres" databases to load
#   SECONDS_EACH=5 CLIENTS=64  the load measurement
#   KEEP=1                     keep the work directory (the SQLite file) and the PostgreSQL database
# PostgreSQL: the server of PACER_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test);
# the script creates its own database pacer_national_$$ and drops it at the end.
# Takes a long time at full scale: run it with nice in the background, e.g.
#   nice scripts/bench-national.sh > /tmp/national.log 2>&1 &
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES="${SIZES:-100 500 1000 all}"
YEARS="${YEARS:-10}"
DIALECTS="${DIALECTS:-sqlite postgres}"
admin="${PACER_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
pgdb="pacer_national_$$"
pgurl="${admin%/*}/$pgdb"
port=$((20000 + $$ % 10000))

work=$(mktemp -d /tmp/pacer-national-XXXXXX)
server=""
cleanup() {
	if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
	if [ -z "${KEEP:-}" ]; then
		psql "$admin" -qAt -c "DROP DATABASE IF EXISTS $pgdb" >/dev/null 2>&1 || true
		rm -rf "$work"
	else
		echo "kept $work and the PostgreSQL database $pgdb (drop it when done)"
	fi
}
trap cleanup EXIT

say() { printf '\n== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }

# timed LABEL ROWS CMD...: runs CMD, prints wall and CPU seconds, rows/s (wall) and peak memory.
timed() {
	local label=$1 rows=$2; shift 2
	/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/out" 2>&1 || { cat "$work/out"; return 1; }
	read -r wall user sys rss <"$work/time"
	awk -v l="$label" -v n="$rows" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" 'BEGIN {
		printf "%-34s %9d rows %8.2f s wall %8.2f s cpu %10.0f rows/s %8.0f MB peak\n", l, n, w, u + s, (w > 0 ? n / w : 0), m / 1024 }'
}

say "build"
go build -o "$work/pacer" ./cmd/pacer
go build -o "$work/national" ./scripts/national
pacer="$work/pacer"
nat="$work/national"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(free -g | awk '/Mem/ {print $2 " GB"}') memory"

say "generate the files"
prev=0
steps=()
for size in $SIZES; do
	n=$size; [ "$n" = all ] && n=0
	mkdir -p "$work/step-$size"
	"$nat" gen -dir "$work/step-$size" -units "$n" -from "$prev" -years "$YEARS"
	steps+=("$size")
	prev=$n
	[ "$n" = 0 ] && break
done
mkdir -p "$work/xlsx"
"$nat" gen -dir "$work/xlsx" -units 1000 -years 1 -xlsx 100000 | tail -1
du -sh "$work"/step-* | sed 's/^/  /'

rowsof() { # data rows of the step's files (observations, targets)
	awk 'FNR > 1 { if (FILENAME ~ /targets/) t++; else o++ } END { print o + 0, t + 0 }' "$work/step-$1"/*.csv
}

say "the floor: reading the same files"
all_files=("$work"/step-*/obs-*.csv)
"$nat" readcsv "${all_files[@]}"
"$nat" readxlsx "$work/xlsx/slice.xlsx"

for dialect in $DIALECTS; do
	case $dialect in
	sqlite) db="$work/national.db" ;;
	postgres)
		psql "$admin" -qAt -c "DROP DATABASE IF EXISTS $pgdb" -c "CREATE DATABASE $pgdb"
		db=$pgurl ;;
	*) echo "unknown dialect $dialect"; exit 2 ;;
	esac
	say "$dialect: import"
	timed "schema and catalogue (empty db)" 0 "$pacer" policy --db "$db"
	loaded=0
	for size in "${steps[@]}"; do
		read -r obs tg < <(rowsof "$size")
		loaded=$((loaded + obs))
		timed "import step to $size units" $((obs + tg)) "$pacer" import --db "$db" "$work/step-$size"/*.csv
		grep -e '新增' -e 'new' "$work/out" | head -2 | sed 's/^/    /'
		n=$size; [ "$n" = all ] && n=0
		"$nat" query -db "$db" -units "$n" -n "${RUNS:-5}"
	done
	echo "  observations loaded: $loaded"
	if [ "$dialect" = sqlite ]; then
		# the xlsx slice against excelize reading it, into a fresh file
		timed "import 100,000-row xlsx (fresh db)" 100000 "$pacer" import --db "$work/xlsx.db" "$work/xlsx/slice.xlsx"
	fi

	say "$dialect: database size"
	if [ "$dialect" = sqlite ]; then
		"$pacer" backup --db "$db" --out /dev/null >/dev/null 2>&1 || true
		du -bc "$db"* | sed 's/^/  /'
	else
		psql "$admin" -qAt -c "SELECT 'pg_database_size ' || pg_size_pretty(pg_database_size('$pgdb')) || ' (' || pg_database_size('$pgdb') || ' bytes)'"
		psql "$pgurl" -qAt -c "SELECT '  ' || relname || ' ' || pg_size_pretty(pg_total_relation_size(oid)) FROM pg_class WHERE relkind = 'r' ORDER BY pg_total_relation_size(oid) DESC LIMIT 4"
	fi

	say "$dialect: dashboard under ${CLIENTS:-64} clients"
	county=$("$nat" county -units "$n") # a loaded county, the one whose scorecard was timed
	printf 'Bench-2845x\n' | "$pacer" user add national-analyst --role analyst --db "$db" >/dev/null
	"$pacer" serve --db "$db" --addr "127.0.0.1:$port" --region "$county" --period 2025-06 >"$work/serve.log" 2>&1 &
	server=$!
	for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.3; done
	status=0
	PACER_BENCH_NATIONAL_URL="http://127.0.0.1:$port" PACER_BENCH_USER=national-analyst PACER_BENCH_PASSWORD=Bench-2845x \
		PACER_BENCH_PATH="/dashboard?region=$county&period=2025-06" PACER_BENCH_SECONDS="${SECONDS_EACH:-5}" \
		PACER_BENCH_CLIENTS="${CLIENTS:-64}" go test -run '^TestNationalLoad$' -count=1 -v ./internal/web >"$work/load" 2>&1 || status=$?
	grep -v -e '^=== RUN' -e '^PASS$' -e '^ok ' "$work/load" || true
	[ "$status" -ne 0 ] && echo "  (goal missed or load failed: go test exit $status)"
	kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
say "done"
