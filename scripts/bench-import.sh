#!/usr/bin/env bash
# Benchmarks importing a 100,000-row observation .xlsx (issue 2, acceptance 7) on SQLite and
# PostgreSQL against excelize merely reading the same file, and prints for each database the
# ratio excelize_ns / import_ns (goal: at least 0.5, i.e. importing costs at most twice reading).
# PostgreSQL: PACER_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test); never skipped.
#   BENCHTIME=5x scripts/bench-import.sh     more iterations (default 3x)
set -euo pipefail
cd "$(dirname "$0")/.."

export PACER_TEST_POSTGRES="${PACER_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

go test -run '^$' -bench 'ExcelizeRead|Import(SQLite|Postgres)$' -benchtime "${BENCHTIME:-3x}" -count 1 \
	./internal/ingest/ | tee "$out"

echo
awk '
/^Benchmark/ {
	name = $1; sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name)   # drop the GOMAXPROCS suffix
	for (i = 2; i < NF; i++) {
		if ($(i+1) == "ns/op") ns[name] = $i
		if ($(i+1) == "rows/s") rps[name] = $i
	}
}
END {
	read = ns["ExcelizeRead"]
	if (!(read > 0)) { print "bench-import: no ExcelizeRead result" > "/dev/stderr"; exit 1 }
	printf "%-14s %8s %12s\n", "", "s/op", "rows/s"
	printf "%-14s %8.2f %12.0f\n", "excelize read", read / 1e9, rps["ExcelizeRead"]
	bad = 0
	split("SQLite Postgres", dbs, " ")
	for (d = 1; d <= 2; d++) {
		imp = ns["Import" dbs[d]]
		if (!(imp > 0)) { printf "bench-import: no Import%s result\n", dbs[d] > "/dev/stderr"; bad = 1; continue }
		printf "%-14s %8.2f %12.0f\n", "import " dbs[d], imp / 1e9, rps["Import" dbs[d]]
		ratio[d] = read / imp
	}
	print ""
	for (d = 1; d <= 2; d++) if (d in ratio)
		printf "ratio excelize_ns / import_ns, %-8s %.2f  (goal >= 0.5: %s)\n", dbs[d] ":", ratio[d], ratio[d] >= 0.5 ? "met" : "NOT met"
	exit bad
}' "$out"
