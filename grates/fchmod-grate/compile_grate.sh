#!/usr/bin/env bash
# Builds the grate: lindfs/grates/fchmod-grate.cwasm (OUT overrides).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/../../lindfs/grates/fchmod-grate.cwasm}
mkdir -p "$(dirname "$out")"
exec "$here/../../tools/lind-clang" -s --compile-grate -o "$out" "$here/src/fchmod-grate.c" -I"$here/../common" "$here/../common/octal_option.c"
