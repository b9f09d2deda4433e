#!/usr/bin/env bash
# End-to-end test of lind-boot's command line: options, results, error lines
# and exit statuses (lind-boot/README.md). Registered with CTest as
# lind-boot.cli.
#   usage: cli_test.sh PATH/TO/lind-boot FIXTURE_DIR
set -uo pipefail

LB=$(realpath -- "${1:?usage: cli_test.sh LIND_BOOT FIXTURE_DIR}")
FIX=$(realpath -- "${2:?usage: cli_test.sh LIND_BOOT FIXTURE_DIR}")
WAT2WASM=$(command -v wat2wasm || true)
[[ -n $WAT2WASM ]] || { echo "cli_test: wat2wasm (Debian package wabt) not found"; exit 1; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

passed=0 failed=0
status=0

# lb ARGS...: runs lind-boot (20 s at most); sets $status, $T/out, $T/err.
lb() {
  timeout 20 "$LB" "$@" >"$T/out" 2>"$T/err" </dev/null
  status=$?
  last_cmd="lind-boot $*"
}
pass() { passed=$((passed + 1)); }
fail() {
  failed=$((failed + 1))
  echo "FAIL: $last_cmd: $*"
  echo "  exit status: $status"
  sed 's/^/  stdout| /' "$T/out"
  sed 's/^/  stderr| /' "$T/err"
}
expect_status() { [[ $status == "$1" ]] && pass || fail "expected exit status $1"; }
expect_out() { [[ $(cat "$T/out") == "$1" ]] && pass || fail "expected stdout: $1"; }
expect_out_has() { grep -qF -- "$1" "$T/out" && pass || fail "stdout lacks: $1"; }
expect_err_empty() { [[ ! -s $T/err ]] && pass || fail "expected empty stderr"; }
expect_err_lines() {
  local n
  n=$(wc -l <"$T/err")
  [[ $n == "$1" ]] && pass || fail "expected $1 line(s) on stderr, got $n"
}
expect_err_first() { [[ $(head -n 1 "$T/err") == "$1" ]] && pass || fail "expected stderr line: $1"; }
expect_err_has() { grep -qF -- "$1" "$T/err" && pass || fail "stderr lacks: $1"; }
# The error contract: one line, "lind-boot: ...".
expect_one_error_line() {
  expect_err_lines 1
  [[ $(head -n 1 "$T/err") == "lind-boot: "* ]] && pass || fail "stderr does not start with 'lind-boot: '"
}

for f in math trap start_trap imports; do
  "$WAT2WASM" --debug-names "$FIX/$f.wat" -o "$T/$f.wasm" || { echo "cli_test: wat2wasm $f.wat failed"; exit 1; }
done
# Without a name section, so that every cut before the end is at most a
# valid module without _start.
"$WAT2WASM" "$FIX/math.wat" -o "$T/plain.wasm" || { echo "cli_test: wat2wasm math.wat failed"; exit 1; }
MATH=$FIX/math.wat

# --help, --version
lb --help
expect_status 0; expect_out_has "Usage: lind-boot [OPTIONS] MODULE [ARGS...]"; expect_out_has "134"
expect_err_empty
lb -h
expect_status 0; expect_out_has "--invoke NAME"
lb --version
expect_status 0
[[ $(head -n 1 "$T/out") == "lind-boot 0.1.0" ]] && pass || fail "first line is not 'lind-boot 0.1.0'"
expect_out_has "WABT "

# Usage errors: 2, one line.
lb --bogus "$MATH"
expect_status 2; expect_one_error_line; expect_err_has "--bogus"; expect_err_has "--help"
lb -x "$MATH"
expect_status 2; expect_one_error_line
lb
expect_status 2; expect_one_error_line; expect_err_has "MODULE"
lb -v
expect_status 2; expect_one_error_line
lb --invoke
expect_status 2; expect_one_error_line
lb --log-level loud "$MATH"
expect_status 2; expect_one_error_line; expect_err_has "loud"

# Running _start (math.wat's does nothing); everything after MODULE is the
# program's, so --help here is not lind-boot's.
lb "$MATH"
expect_status 0; expect_out ""; expect_err_empty
lb "$MATH" --help --bogus -v
expect_status 0; expect_out ""; expect_err_empty
lb "$T/math.wasm"
expect_status 0; expect_err_empty
cp "$MATH" "$T/-dash.wat"
cd "$T" && lb -- -dash.wat; cd - >/dev/null
expect_status 0; expect_err_empty

# Logging: -v logs at info, --log-level off silences it.
lb -v "$MATH"
expect_status 0; expect_err_has "[info]"
lb -vv --log-level off "$MATH"
expect_status 0; expect_err_empty

# --invoke: ARGS converted to the parameter types, one result per line.
lb --invoke add "$MATH" 2 40
expect_status 0; expect_out "i32:42"; expect_err_empty
lb --invoke add "$MATH" 0xff 1
expect_status 0; expect_out "i32:256"
lb --invoke add "$MATH" -1 5
expect_status 0; expect_out "i32:4"
lb --invoke add "$MATH" 4294967295 3
expect_status 0; expect_out "i32:2"
lb --invoke=add64 "$MATH" 4294967296 -0x1
expect_status 0; expect_out "i64:4294967295"
lb --invoke fadd "$MATH" 1 0.5
expect_status 0; expect_out "f32:1.5"
lb --invoke mul "$MATH" 0.75 2
expect_status 0; expect_out "f64:1.5"
lb --invoke swap "$T/math.wasm" 1 2
expect_status 0; expect_out $'i32:2\ni32:1'
lb --invoke answer "$MATH"
expect_status 0; expect_out "i32:42"
lb --invoke _start "$MATH"
expect_status 0; expect_out ""

# --invoke mistakes are usage errors.
lb --invoke add "$MATH" 1
expect_status 2; expect_one_error_line; expect_err_has "2 arguments"
lb --invoke add "$MATH" 1 two
expect_status 2; expect_one_error_line; expect_err_has "'two'"
lb --invoke add "$MATH" 1 4294967296
expect_status 2; expect_one_error_line
lb --invoke nope "$MATH"
expect_status 2; expect_one_error_line; expect_err_has "no export 'nope'"; expect_err_has "add"
lb --invoke memory "$MATH"
expect_status 2; expect_one_error_line; expect_err_has "memory"
printf '\0asm\1\0\0\0' >"$T/empty.wasm"
lb "$T/empty.wasm"
expect_status 2; expect_one_error_line
expect_err_first "lind-boot: $T/empty.wasm: no _start export; use --invoke NAME (the module exports no functions)"

# Missing or unreadable MODULE: 127, one line.
lb "$T/nothing-here.wasm"
expect_status 127; expect_one_error_line
expect_err_has "lind-boot: $T/nothing-here.wasm: no such file (neither in lindfs"
lb "$T"
expect_status 127; expect_one_error_line; expect_err_has "is a directory"

# Not a module, malformed, truncated, unlinkable: 126, one line.
printf 'hello, world\n' >"$T/hello.txt"
lb "$T/hello.txt"
expect_status 126; expect_one_error_line
: >"$T/empty-file.wasm"
lb "$T/empty-file.wasm"
expect_status 126; expect_one_error_line
printf '\x7fELF\x02\x01\x01\x00' >"$T/elf.wasm"
lb "$T/elf.wasm"
expect_status 126; expect_one_error_line
printf '\0asm\2\0\0\0' >"$T/version2.wasm"
lb "$T/version2.wasm"
expect_status 126; expect_one_error_line
size=$(stat -c %s "$T/plain.wasm")
head -c $((size - 3)) "$T/plain.wasm" >"$T/truncated.wasm"
lb "$T/truncated.wasm"
expect_status 126; expect_one_error_line
printf '(module (func (result i32) (i64.const 1)))' >"$T/invalid.wat"
lb "$T/invalid.wat"
expect_status 126; expect_one_error_line; expect_err_has "invalid module"
lb "$FIX/imports.wat"
expect_status 126; expect_one_error_line; expect_err_has "env"; expect_err_has "print_number"

# Every truncation and every one-byte corruption of math.wat's binary: a
# documented status and one error line, never a crash. (Cut at a section
# boundary, the prefix may be a valid module without _start: 2.)
bad=0
for ((n = 1; n < size; n++)); do
  head -c "$n" "$T/plain.wasm" >"$T/cut.wasm"
  lb "$T/cut.wasm"
  case $status in
    2 | 126) [[ $(wc -l <"$T/err") == 1 ]] || { bad=1; fail "truncated to $n bytes: not one line"; } ;;
    *) bad=1; fail "truncated to $n bytes: unexpected status" ;;
  esac
done
((bad == 0)) && pass
bad=0
for ((i = 8; i < size; i++)); do
  for byte in '\377' '\000'; do
    { head -c "$i" "$T/plain.wasm"; printf "$byte"; tail -c +$((i + 2)) "$T/plain.wasm"; } >"$T/bent.wasm"
    lb "$T/bent.wasm"
    case $status in
      0) ;;
      2 | 126) [[ $(wc -l <"$T/err") == 1 && $(head -n 1 "$T/err") == "lind-boot: "* ]] ||
        { bad=1; fail "byte $i set to $byte: not one error line"; } ;;
      134) [[ $(head -n 1 "$T/err") == "lind-boot: "*": trap"* ]] || { bad=1; fail "byte $i set to $byte: no trap line"; } ;;
      *) bad=1; fail "byte $i set to $byte: unexpected status" ;;
    esac
  done
done
((bad == 0)) && pass

# Traps: 134, a summary line, then the wasm backtrace indented.
lb "$FIX/trap.wat"
expect_status 134
expect_err_first "lind-boot: $FIX/trap.wat: trap: integer divide by zero"
[[ $(sed -n 2p "$T/err") == "  #0 "* ]] && pass || fail "no backtrace line '  #0 ...'"
lb "$T/trap.wasm"
expect_status 134; expect_err_has "inner"; expect_err_has "outer"
lb --invoke oob "$T/trap.wasm"
expect_status 134; expect_err_has "lind-boot: $T/trap.wasm: trap: out of bounds memory access"
lb "$FIX/start_trap.wat"
expect_status 134; expect_err_has "trap during instantiation"; expect_err_has "unreachable"

echo "cli: $passed passed, $failed failed"
((failed == 0))
