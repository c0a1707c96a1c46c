#!/usr/bin/env bash
# Benchmarks importing a province-wide region-row bulletin (issue 4, acceptance 6): every
# county-level unit of Guangdong (122) plus a 全省 total × the 18 built-in indicators × value and
# growth, under two-level merged headers, on SQLite and PostgreSQL, against excelize merely
# reading the same file. Prints the time of each and the ratio excelize_ns / import_ns.
# PostgreSQL: PACER_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test); never skipped.
#   BENCHTIME=50x scripts/bench-bulletin.sh     more iterations (default 20x)
set -euo pipefail
cd "$(dirname "$0")/.."

export PACER_TEST_POSTGRES="${PACER_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

go test -run '^$' -bench 'Bulletin(ExcelizeRead|Import(SQLite|Postgres))$' -benchtime "${BENCHTIME:-20x}" -count 1 \
	./internal/ingest/ | tee "$out"

echo
awk '
/^Benchmark/ {
	name = $1; sub(/^BenchmarkBulletin/, "", name); sub(/-[0-9]+$/, "", name)   # drop the GOMAXPROCS suffix
	for (i = 2; i < NF; i++) if ($(i+1) == "ns/op") ns[name] = $i
}
END {
	read = ns["ExcelizeRead"]
	if (!(read > 0)) { print "bench-bulletin: no BulletinExcelizeRead result" > "/dev/stderr"; exit 1 }
	printf "province-wide bulletin: 123 rows (122 county-level units + 全省) x 18 indicators x value/growth = 2,214 figures\n\n"
	printf "%-22s %10s\n", "", "ms/op"
	printf "%-22s %10.1f\n", "excelize read", read / 1e6
	bad = 0
	split("SQLite Postgres", dbs, " ")
	for (d = 1; d <= 2; d++) {
		imp = ns["Import" dbs[d]]
		if (!(imp > 0)) { printf "bench-bulletin: no BulletinImport%s result\n", dbs[d] > "/dev/stderr"; bad = 1; continue }
		printf "%-22s %10.1f   ratio excelize_ns / import_ns %.2f  (import %s 1 s)\n", "import " dbs[d], imp / 1e6, read / imp, imp < 1e9 ? "under" : "NOT under"
	}
	exit bad
}' "$out"
