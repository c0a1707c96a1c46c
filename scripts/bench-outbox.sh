#!/usr/bin/env bash
# Benchmarks the outbox (issue 13, acceptance 9): 10,000 notifications delivered to a real local
# webhook receiver, on SQLite and PostgreSQL, once with one deliverer ("clean") and once with the
# deliverer killed halfway and a new one (after a reopened store and the lease) finishing
# ("killed"). Every run checks none is lost and each message keeps one idempotency key.
# Prints msgs/s (throughput of delivery) and dups (messages the receiver got twice, same key).
# PostgreSQL: PACER_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test); never skipped.
#   BENCHTIME=3x scripts/bench-outbox.sh     more iterations (default 1x)
set -euo pipefail
cd "$(dirname "$0")/.."
export PACER_TEST_POSTGRES="${PACER_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
go test -run '^$' -bench '^BenchmarkOutbox$' -benchtime "${BENCHTIME:-1x}" -count 1 -timeout 30m ./internal/notify/
