#!/usr/bin/env bash
# refresh-passwords.sh: rebuild internal/auth/common-passwords.txt from the pinned
# @zxcvbn-ts/language-common npm package (see internal/auth/PASSWORDS-LICENCE.md).
#
#   scripts/refresh-passwords.sh           rewrite internal/auth/common-passwords.txt
#   scripts/refresh-passwords.sh --check   rebuild into a temp file and fail if it
#                                          differs from the committed one
#
# Needs npm and node. The file is the package's src/passwords.json, one password a
# line in the package's order (most frequent first), lowercased, duplicates dropped.
set -euo pipefail

PKG_NAME=@zxcvbn-ts/language-common
PKG_FILE=zxcvbn-ts-language-common
PKG_VERSION=4.1.3
PKG_INTEGRITY='sha512-g2bg4skmlJG9aJqC/nWziZzgYpSe/f3rKeGobrkdFiOrfZVFqqzUgC6BUQWuX54Sua9j0Jxxt+1bf4f/Mal1Kg=='

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target="$root/internal/auth/common-passwords.txt"
check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "$PKG_NAME@$PKG_VERSION" >/dev/null)
tgz="$tmp/$PKG_FILE-$PKG_VERSION.tgz"
got=$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tgz")
if [[ "$got" != "$PKG_INTEGRITY" ]]; then
  echo "refresh-passwords: $tgz integrity $got, want $PKG_INTEGRITY" >&2
  exit 1
fi

mkdir "$tmp/pkg"
tar -xzf "$tgz" -C "$tmp/pkg" package/package.json package/LICENSE.txt package/src/passwords.json

out="$tmp/common-passwords.txt"
node -e '
const f = require("fs");
const list = JSON.parse(f.readFileSync(process.argv[1], "utf8"));
const seen = new Set(), out = [];
for (const p of list) {
  const l = String(p).toLowerCase();
  if (l === "" || /\s/.test(l) || seen.has(l)) continue;
  seen.add(l);
  out.push(l);
}
f.writeFileSync(process.argv[2], out.join("\n") + "\n");
' "$tmp/pkg/package/src/passwords.json" "$out"

if (( check )); then
  if cmp -s "$out" "$target"; then
    echo "refresh-passwords: $target is up to date" >&2
  else
    diff -u "$target" "$out" | head -40 >&2 || true
    echo "refresh-passwords: $target differs from a fresh derivation" >&2
    exit 1
  fi
else
  cp "$out" "$target"
  echo "refresh-passwords: wrote $target ($(wc -l <"$target") passwords)" >&2
fi
