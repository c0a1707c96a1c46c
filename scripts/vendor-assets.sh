#!/usr/bin/env bash
# vendor-assets.sh: refresh the browser assets embedded in the binary from the pinned npm
# packages (see internal/web/static/vendor/VENDOR.md). Pacer loads nothing from the network at
# run time: every script it serves is one of these files, served from the binary.
#
#   scripts/vendor-assets.sh           rewrite internal/web/static/vendor/echarts/*
#   scripts/vendor-assets.sh --check   fetch into a temp dir and fail if the committed files differ
#
# Needs npm and node. To move to a newer version, change PKG_VERSION
# and PKG_INTEGRITY (npm view echarts@VERSION dist.integrity), MIN_SHA256 and the ZR_* lines,
# run it, check the pages' charts, and update VENDOR.md.
set -euo pipefail

PKG_NAME=echarts
PKG_VERSION=6.1.0
PKG_INTEGRITY='sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA=='
# sha256 of dist/echarts.min.js inside that tarball, as recorded in VENDOR.md.
MIN_SHA256=b66b25aeb4df84e33199dc21694014d336d222cbd9deb0e5a7c14bd6aa0d0fd0
# zrender, echarts' renderer, is bundled inside echarts.min.js: its licence goes beside it.
# Keep it at the version echarts@PKG_VERSION depends on (npm view echarts@VERSION dependencies).
ZR_VERSION=6.1.0
ZR_INTEGRITY='sha512-oEGMDB6pOP2S6OwRR4PdVv610zrjnA3Bh+JnSG12fYJlBKjtNAoEb5fSUoCOOINlH96I2fU38/A2UpRKs67xYQ=='

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest="$root/internal/web/static/vendor/echarts"
check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fetch NAME VERSION INTEGRITY: npm pack into $tmp, check the tarball's integrity, unpack to $tmp/NAME.
fetch() {
  local name=$1 version=$2 integrity=$3 tgz got
  (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
  tgz="$tmp/$name-$version.tgz"
  got=$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tgz")
  if [[ "$got" != "$integrity" ]]; then
    echo "vendor-assets: $tgz integrity $got, want $integrity" >&2
    exit 1
  fi
  mkdir "$tmp/$name"
  tar -xzf "$tgz" -C "$tmp/$name"
  got=$(node -p 'require(process.argv[1]).version' "$tmp/$name/package/package.json")
  if [[ "$got" != "$version" ]]; then
    echo "vendor-assets: $name package.json says $got, want $version" >&2
    exit 1
  fi
}
fetch "$PKG_NAME" "$PKG_VERSION" "$PKG_INTEGRITY"
fetch zrender "$ZR_VERSION" "$ZR_INTEGRITY"
dep=$(node -p 'require(process.argv[1]).dependencies.zrender' "$tmp/$PKG_NAME/package/package.json")
if [[ "$dep" != "$ZR_VERSION" ]]; then
  echo "vendor-assets: $PKG_NAME@$PKG_VERSION depends on zrender $dep, ZR_VERSION is $ZR_VERSION" >&2
  exit 1
fi

got=$(sha256sum "$tmp/$PKG_NAME/package/dist/echarts.min.js" | cut -d' ' -f1)
if [[ "$got" != "$MIN_SHA256" ]]; then
  echo "vendor-assets: dist/echarts.min.js sha256 $got, want $MIN_SHA256" >&2
  exit 1
fi

files=(echarts.min.js LICENSE NOTICE LICENSE-zrender)
src() {
  case "$1" in
    echarts.min.js) echo "$tmp/$PKG_NAME/package/dist/echarts.min.js" ;;
    LICENSE-zrender) echo "$tmp/zrender/package/LICENSE" ;;
    *) echo "$tmp/$PKG_NAME/package/$1" ;;
  esac
}

if (( check )); then
  bad=0
  for f in "${files[@]}"; do
    if ! cmp -s "$(src "$f")" "$dest/$f"; then
      echo "vendor-assets: $dest/$f differs from $PKG_NAME@$PKG_VERSION" >&2
      bad=1
    fi
  done
  (( bad == 0 )) || exit 1
  echo "vendor-assets: $PKG_NAME@$PKG_VERSION (zrender@$ZR_VERSION) is up to date" >&2
  exit 0
fi

mkdir -p "$dest"
for f in "${files[@]}"; do
  cp "$(src "$f")" "$dest/$f"
done
echo "vendor-assets: wrote $dest ($PKG_NAME@$PKG_VERSION, zrender@$ZR_VERSION licence)" >&2
