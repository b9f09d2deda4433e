#!/usr/bin/env bash
# Builds the no-op grate of the composition tests: lindfs/grates/compose.cwasm (OUT overrides).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/../../lindfs/grates/compose.cwasm}
mkdir -p "$(dirname "$out")"
exec "$here/../../tools/lind-clang" -s --compile-grate -o "$out" "$here/src/compose.c"
