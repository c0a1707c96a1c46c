#!/usr/bin/env bash
# Benchmarks scorecard and ranking computation (issue 2, acceptance 7) on SQLite and PostgreSQL
# and prints ns/op per size and how ranking time grows from 100 county-level units to all.
# PostgreSQL: PACER_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test); never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

export PACER_TEST_POSTGRES="${PACER_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

go test -run '^$' -bench . -benchtime "${BENCHTIME:-20x}" ./internal/scorecard/ | tee "$out"

echo
awk '
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name)          # drop the GOMAXPROCS suffix
	for (i = 2; i < NF; i++) if ($(i+1) == "ns/op") ns[name] = $i
	order[++n] = name
}
END {
	printf "%-40s %14s %10s\n", "benchmark", "ns/op", "ms/op"
	for (i = 1; i <= n; i++) printf "%-40s %14d %10.2f\n", order[i], ns[order[i]], ns[order[i]] / 1e6
	print ""
	split("sqlite postgres", dialects, " ")
	for (d = 1; d <= 2; d++) {
		small = ns["BenchmarkRanking/" dialects[d] "/units=100"]
		all = ns["BenchmarkRanking/" dialects[d] "/units=all"]
		if (small > 0 && all > 0)
			printf "ranking %-8s growth 100 -> all units: x%.2f (%.2f ms -> %.2f ms)\n", dialects[d], all / small, small / 1e6, all / 1e6
	}
}' "$out"
