#!/usr/bin/env bash
# Builds the grate: lindfs/grates/net-routing-clamp.cwasm (OUT overrides).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/../../lindfs/grates/net-routing-clamp.cwasm}
mkdir -p "$(dirname "$out")"
exec "$here/../../tools/lind-clang" -s --compile-grate -o "$out" "$here/src/net-routing-clamp.c" -I"$here/../common" "$here/../common/clamp.c"
