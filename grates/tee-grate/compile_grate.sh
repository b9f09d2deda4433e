#!/usr/bin/env bash
# Builds the grate: lindfs/grates/tee-grate.cwasm (OUT overrides).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/../../lindfs/grates/tee-grate.cwasm}
mkdir -p "$(dirname "$out")"
exec "$here/../../tools/lind-clang" -s --compile-grate -o "$out" "$here/src/tee-grate.c" -I"$here/../common" "$here/../common/clamp.c"
