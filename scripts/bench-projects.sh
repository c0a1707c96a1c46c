#!/usr/bin/env bash
# Benchmarks the key-project register (issue 12, item 11) on SQLite and PostgreSQL: a province of
# 122 counties × 300 projects × 12 monthly progress reports (13 .xlsx files, 475,813 rows).
#   - import of the province's registers against excelize merely reading the same files:
#     ratio excelize_ns / import_ns (goal ≥ 0.5: importing costs at most twice reading);
#   - `projects summary` of one county and of the province against one SQL aggregate reading the
#     same rows: ratio aggregate_ns / summary_ns (goal ≥ 0.5).
# PostgreSQL: PACER_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test); never skipped.
#   BENCHTIME=3x scripts/bench-projects.sh     more iterations (default 1x for the imports)
set -euo pipefail
cd "$(dirname "$0")/.."

export PACER_TEST_POSTGRES="${PACER_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

go test -run '^$' -bench 'RegisterExcelizeRead|RegisterImport(SQLite|Postgres)$' -benchtime "${BENCHTIME:-1x}" -count 1 \
	./internal/projects/ | tee "$out"
go test -run '^$' -bench 'Province(SQLite|Postgres)' -benchtime "${SUMMARYTIME:-1s}" -count 1 \
	./internal/projects/ | tee -a "$out"

echo
awk '
/^Benchmark/ {
	name = $1; sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name)
	for (i = 2; i < NF; i++) if ($(i+1) == "ns/op") ns[name] = $i
}
END {
	bad = 0
	read = ns["RegisterExcelizeRead"]
	printf "%-34s %12s %8s\n", "", "ms/op", "ratio"
	printf "%-34s %12.1f\n", "excelize read (13 files)", read / 1e6
	split("SQLite Postgres", dbs, " ")
	for (d = 1; d <= 2; d++) {
		imp = ns["RegisterImport" dbs[d]]
		if (!(imp > 0) || !(read > 0)) { printf "bench-projects: no import result for %s\n", dbs[d] > "/dev/stderr"; bad = 1; continue }
		r = read / imp; if (r < 0.5) bad = 1
		printf "%-34s %12.1f %8.2f%s\n", "import " dbs[d], imp / 1e6, r, (r < 0.5 ? "  below 0.5" : "")
	}
	split("County Province", scopes, " ")
	for (d = 1; d <= 2; d++) for (k = 1; k <= 2; k++) {
		sum = ns["Province" dbs[d] "/Summary" scopes[k]]; agg = ns["Province" dbs[d] "/Aggregate" scopes[k]]
		if (!(sum > 0) || !(agg > 0)) { printf "bench-projects: no summary result for %s %s\n", dbs[d], scopes[k] > "/dev/stderr"; bad = 1; continue }
		r = agg / sum; if (r < 0.5) bad = 1
		printf "%-34s %12.2f %8.2f%s\n", "summary " scopes[k] " " dbs[d], sum / 1e6, r, (r < 0.5 ? "  below 0.5" : "")
		printf "%-34s %12.2f\n", "  one SQL aggregate", agg / 1e6
	}
	exit bad
}' "$out"
