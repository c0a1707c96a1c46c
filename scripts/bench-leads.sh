#!/usr/bin/env bash
# Benchmarks the attraction register (issue 12, acceptance 11) on SQLite and PostgreSQL: a
# province of 122 counties (Guangdong's) with 200 leads each (24,400).
#  - `attraction summary` for one county (440784) and for the province (440000) against one SQL
#    aggregate reading the same rows: prints aggregate_ns / summary_ns (goal ≥ 0.5);
#  - importing the province's leads .xlsx against excelize merely reading it: prints
#    excelize_ns / import_ns (goal ≥ 0.5).
# PostgreSQL: PACER_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test); never skipped.
#   BENCHTIME=20x scripts/bench-leads.sh     more iterations (default 100x; imports 2x)
set -euo pipefail
cd "$(dirname "$0")/.."

export PACER_TEST_POSTGRES="${PACER_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

go test -run '^$' -bench 'Attraction' -benchtime "${BENCHTIME:-100x}" -count 1 ./internal/leads/ | tee "$out"
go test -run '^$' -bench 'LeadsExcelizeRead|LeadsImport' -benchtime "${IMPORT_BENCHTIME:-2x}" -count 1 ./internal/leads/ | tee -a "$out"

echo
awk '
/^Benchmark/ {
	name = $1; sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name)
	for (i = 2; i < NF; i++) if ($(i+1) == "ns/op") ns[name] = $i
}
END {
	bad = 0
	split("sqlite postgres", dbs, " ")
	split("County Province", at, " ")
	for (d = 1; d <= 2; d++) for (a = 1; a <= 2; a++) {
		s = ns["Attraction/" dbs[d] "/Summary" at[a]]; g = ns["Attraction/" dbs[d] "/Aggregate" at[a]]
		if (!(s > 0) || !(g > 0)) { printf "bench-leads: missing %s %s\n", dbs[d], at[a] > "/dev/stderr"; bad = 1; continue }
		r = g / s
		printf "summary %-8s %-8s %10.2f ms  aggregate %10.2f ms  ratio %.2f %s\n", at[a], dbs[d], s / 1e6, g / 1e6, r, (r >= 0.5 ? "ok" : "BELOW 0.5")
	}
	read = ns["LeadsExcelizeRead"]
	for (d = 1; d <= 2; d++) {
		imp = ns["LeadsImport/" dbs[d]]
		if (!(imp > 0) || !(read > 0)) { printf "bench-leads: missing import %s\n", dbs[d] > "/dev/stderr"; bad = 1; continue }
		r = read / imp
		printf "import %-8s %8.2f s  excelize read %8.2f s  ratio %.2f %s\n", dbs[d], imp / 1e9, read / 1e9, r, (r >= 0.5 ? "ok" : "BELOW 0.5")
	}
	exit bad
}' "$out"
