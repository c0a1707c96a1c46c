#!/usr/bin/env bash
# Runs every test of Pacer, installing and starting what the tests need:
#   - PostgreSQL on 127.0.0.1:5432 (trust auth, database "test"), started if it is down;
#   - Debian's chromium and CJK fonts (fonts-noto-cjk, fonts-wqy-microhei) for the browser test
#     (internal/web/browser_test.go), installed when missing; that test fails without them;
#   - LibreOffice Writer (no GUI) and poppler-utils for the .docx tests (internal/report: the
#     monthly analysis converted to PDF, its text read with pdftotext), installed when missing.
# PostgreSQL tests never skip: if the server cannot be reached they fail.
set -euo pipefail
cd "$(dirname "$0")/.."

export PACER_TEST_POSTGRES="${PACER_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"

missing=()
command -v chromium >/dev/null || missing+=(chromium)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "test.sh: starting PostgreSQL"
  if ! command -v pg_ctlcluster >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if ! psql "$PACER_TEST_POSTGRES" -qAtc 'SELECT 1' >/dev/null 2>&1; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc 'CREATE DATABASE test' || true
fi

unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "test.sh: gofmt would change:"; echo "$unformatted"; exit 1
fi
go vet ./...
go test -count=1 -timeout 20m ./...
