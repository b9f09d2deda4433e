#!/usr/bin/env bash
# Builds the grate: lindfs/grates/tmp-grate.cwasm (OUT overrides).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/../../lindfs/grates/tmp-grate.cwasm}
mkdir -p "$(dirname "$out")"
exec "$here/../../tools/lind-clang" -s --compile-grate -o "$out" "$here/src/tmp-grate.c" -I"$here/../common" "$here/../common/pathvirt.c"
