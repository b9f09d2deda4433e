#!/usr/bin/env bash
# Plain wasm32-wasi programs under lind-boot, compared with the same source
# built natively. Each program in this folder is compiled twice —
# `clang-14 --target=wasm32-wasi -O2` against Debian's wasi-libc (no shim)
# and `cc -O2` — and each case runs both ways, each in a fresh scratch
# directory (lind-boot: --lindfs DIR, where the program sees "/" preopened;
# native: cwd DIR), with the same arguments, environment and stdin. Stdout,
# the exit status and the files left in the scratch directory must match.
# Registered with CTest as lind-boot.wasi.
#   usage: run_wasi_tests.sh PATH/TO/lind-boot SOURCE_DIR
# Exit status 77 (CTest: skipped) when the wasm32-wasi toolchain is missing.
set -uo pipefail

LB=$(realpath -- "${1:?usage: run_wasi_tests.sh LIND_BOOT SOURCE_DIR}")
SRC=$(realpath -- "${2:?usage: run_wasi_tests.sh LIND_BOOT SOURCE_DIR}")
CLANG=${WASI_CLANG:-clang-14}
CC=${CC:-cc}

if ! command -v "$CLANG" >/dev/null || [[ ! -f /usr/lib/wasm32-wasi/libc.a ]]; then
  echo "wasi tests: $CLANG or wasi-libc (Debian package wasi-libc) missing: skipped"
  exit 77
fi

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin" "$T/wasm"

failed=0 passed=0
for src in "$SRC"/*.c; do
  prog=$(basename "$src" .c)
  if ! "$CLANG" --target=wasm32-wasi -O2 -Wall -nostdlibinc -isystem /usr/include/wasm32-wasi \
       -o "$T/wasm/$prog.wasm" "$src" 2>"$T/cc.err"; then
    echo "FAIL: $prog: wasm32-wasi build failed"; sed 's/^/  | /' "$T/cc.err"; failed=$((failed + 1)); continue
  fi
  if ! "$CC" -O2 -Wall -o "$T/bin/$prog" "$src" 2>"$T/cc.err"; then
    echo "FAIL: $prog: native build failed"; sed 's/^/  | /' "$T/cc.err"; failed=$((failed + 1)); continue
  fi
done

# The files under DIR: type, path, size and content hash (symlinks: target).
tree_of() {
  (cd "$1" && find . -mindepth 1 | LC_ALL=C sort | while IFS= read -r f; do
    if [[ -L $f ]]; then echo "l $f -> $(readlink "$f")"
    elif [[ -d $f ]]; then echo "d $f"
    else echo "f $f $(stat -c %s "$f") $(md5sum <"$f" | cut -c1-32)"; fi
  done)
}

# run_case NAME PROG [--env NAME=VALUE]... [--stdin FILE] [-- ARGS...]
run_case() {
  local name=$1 prog=$2; shift 2
  local envs=() lb_env=() stdin=/dev/null
  while (($#)); do
    case $1 in
      --env) envs+=("$2"); lb_env+=(--env "$2"); shift 2 ;;
      --stdin) stdin=$2; shift 2 ;;
      --) shift; break ;;
      *) break ;;
    esac
  done
  if [[ ! -x $T/bin/$prog || ! -f $T/wasm/$prog.wasm ]]; then
    echo "FAIL: $name: $prog was not built"; failed=$((failed + 1)); return
  fi
  local nd="$T/run/$name/native" ld="$T/run/$name/lind"
  mkdir -p "$nd" "$ld"
  (cd "$nd" && umask 022 && timeout 60 env -i "${envs[@]}" "$T/bin/$prog" "$@" <"$stdin" >"$T/native.out" 2>"$T/native.err")
  local ns=$?
  timeout 60 "$LB" --lindfs "$ld" "${lb_env[@]}" "$T/wasm/$prog.wasm" "$@" <"$stdin" >"$T/lind.out" 2>"$T/lind.err"
  local ls=$?
  local why=()
  [[ $ns == "$ls" ]] || why+=("exit status: native $ns, lind-boot $ls")
  cmp -s "$T/native.out" "$T/lind.out" || why+=("stdout differs")
  tree_of "$nd" >"$T/native.tree"
  tree_of "$ld" >"$T/lind.tree"
  cmp -s "$T/native.tree" "$T/lind.tree" || why+=("files left differ")
  if ((${#why[@]} == 0)); then
    passed=$((passed + 1))
    return
  fi
  failed=$((failed + 1))
  echo "FAIL: $name ($prog $*): ${why[*]}"
  diff -u "$T/native.out" "$T/lind.out" | head -40 | sed 's/^/  | /'
  diff -u "$T/native.tree" "$T/lind.tree" | head -20 | sed 's/^/  | /'
  sed 's/^/  lind-boot stderr| /' "$T/lind.err" | head -10
}

printf 'a first line\nMixed Case text\n' >"$T/small.in"
{ seq 1 20000; printf 'no newline at the end'; } >"$T/big.in"

run_case hello hello
run_case args-none args_env
run_case args-some args_env --env GREETING=hi --env EMPTY= --env EQ=a=b=c --env Z=last \
  -- one "two words" "" --flag 'sp€cial'
run_case exit-0 exit_code -- exit 0
run_case exit-7 exit_code -- exit 7
run_case exit-255 exit_code -- exit 255
run_case exit-256 exit_code -- exit 256
run_case return-3 exit_code -- return 3
run_case return-0 exit_code -- return 0
run_case _Exit-5 exit_code -- _Exit 5
run_case stdin-small stdin_echo --stdin "$T/small.in"
run_case stdin-big stdin_echo --stdin "$T/big.in"
run_case stdin-empty stdin_echo
run_case fileio fileio
run_case readdir readdir
run_case clock clock
run_case random-mem random_mem

# WASI-only programs (raw imports, no native twin): stdout against NAME.expected.
for src in "$SRC"/wasi_only/*.c; do
  prog=$(basename "$src" .c)
  d="$T/run/wasi_only-$prog"
  mkdir -p "$d"
  if ! "$CLANG" --target=wasm32-wasi -O2 -Wall -nostdlibinc -isystem /usr/include/wasm32-wasi \
       -o "$T/wasm/$prog.wasm" "$src" 2>"$T/cc.err"; then
    echo "FAIL: $prog: wasm32-wasi build failed"; sed 's/^/  | /' "$T/cc.err"; failed=$((failed + 1)); continue
  fi
  timeout 60 "$LB" --lindfs "$d" "$T/wasm/$prog.wasm" </dev/null >"$T/lind.out" 2>"$T/lind.err"
  st=$?
  if [[ $st == 0 ]] && cmp -s "${src%.c}.expected" "$T/lind.out"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: wasi_only/$prog: exit status $st or stdout differs from $prog.expected"
    diff -u "${src%.c}.expected" "$T/lind.out" | head -40 | sed 's/^/  | /'
    sed 's/^/  lind-boot stderr| /' "$T/lind.err" | head -10
  fi
done

echo "wasi tests: $passed passed, $failed failed"
((failed == 0))
