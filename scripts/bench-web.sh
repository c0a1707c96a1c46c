#!/usr/bin/env bash
# Load benchmark of the web app (issue 3, acceptance 8): on a province-sized database (all 122
# county-level units of Guangdong × 18 indicators × 36 months, 2021–2023), 64 concurrent clients
# request the dashboard page (signed-in session cookie) and the scorecard API (Bearer token);
# each is compared with Go serving the very same bytes as a static file (http.ServeContent)
# under the same load. Goal: throughput ratio ≥ 0.25 and p99 ≤ 50 ms. The load driver is Go
# (internal/web/bench_test.go, TestWebLoad), in the same process as the servers.
#
#   SECONDS_EACH=5      length of each measurement (after a warm-up of a fifth of it)
#   CLIENTS=64          concurrent clients
#   DIALECTS=sqlite     databases to measure: "sqlite", "postgres" or "sqlite postgres"
# PostgreSQL: PACER_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test).
# Exits non-zero when a goal is missed, after printing every figure.
set -euo pipefail
cd "$(dirname "$0")/.."

export PACER_TEST_POSTGRES="${PACER_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
export PACER_BENCH_WEB=1
export PACER_BENCH_SECONDS="${SECONDS_EACH:-5}"
export PACER_BENCH_CLIENTS="${CLIENTS:-64}"
export PACER_BENCH_DIALECTS="${DIALECTS:-sqlite}"

out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
go test -run '^TestWebLoad$' -count=1 -v -timeout 30m ./internal/web >"$out" 2>&1 || status=$?
# The figures, then why a goal was missed (if it was).
grep -v -e '^=== RUN' -e '^--- ' -e '^PASS$' -e '^FAIL$' -e '^ok ' -e '^FAIL\s' "$out" || true
if [ "$status" -ne 0 ]; then
  echo
  echo "bench-web.sh: goal missed or benchmark failed (go test exit $status)"
  grep -e '^--- FAIL' -e '^FAIL' "$out" || true
fi
exit "$status"
