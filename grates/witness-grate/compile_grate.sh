#!/usr/bin/env bash
# Builds the grate: lindfs/grates/witness-grate.cwasm (OUT overrides).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/../../lindfs/grates/witness-grate.cwasm}
mkdir -p "$(dirname "$out")"
exec "$here/../../tools/lind-clang" -s --compile-grate -o "$out" "$here/src/witness-grate.c" "$here/src/sha256.c"
