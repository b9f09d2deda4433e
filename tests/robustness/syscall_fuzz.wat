;; Calls lind.syscall with pseudo-random numbers and arguments: pointers
;; anywhere (in range, at the end of memory, far past it), huge lengths,
;; negative fds, foreign cage ids. Whatever comes back, lind-boot must not
;; crash and the cage must not leave its lindfs; it exits 0 at the end.
;; Calls that would end the cage or wait are skipped: exit (60),
;; exit_group (231), pause (34), nanosleep (35), clock_nanosleep (230),
;; rt_sigsuspend (130); so are mmap (9) and brk (12), which would let the
;; memory (and so any write's length) grow to gigabytes; and the process
;; calls: fork (57), clone (56), execve (59), wait4 (61), and pipe (22) and
;; pipe2 (293), whose read ends would block a later read forever; the
;; signal senders kill (62), tkill (200), tgkill (234), alarm (37) and
;; setitimer (38), whose signals' default actions end the cage; and futex
;; (202), whose FUTEX_WAIT on a zero word waits for ever.
;; read/readv/pread on fd 0 are harmless (stdin is /dev/null in the test).
(module
  (import "lind" "syscall" (func $sys (param i32 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (memory (export "memory") 2)
  (global $seed (mut i64) (i64.const 0x2545F4914F6CDD1D))
  (data (i32.const 64) "fuzz-file\00")
  (data (i32.const 96) "../../../../etc/passwd\00")
  (data (i32.const 128) "/\00")

  ;; xorshift64*
  (func $rand (result i64)
    (local $x i64)
    (local.set $x (global.get $seed))
    (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 12))))
    (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 25))))
    (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 27))))
    (global.set $seed (local.get $x))
    (i64.mul (local.get $x) (i64.const 0x2545F4914F6CDD1D)))

  ;; An argument: small ints, fds, string pointers, addresses near and past
  ;; the end of memory, or anything.
  (func $arg (result i64)
    (local $kind i64)
    (local.set $kind (i64.rem_u (call $rand) (i64.const 8)))
    (if (i64.eq (local.get $kind) (i64.const 0)) (then (return (i64.rem_u (call $rand) (i64.const 16)))))
    (if (i64.eq (local.get $kind) (i64.const 1)) (then (return (i64.const 64))))
    (if (i64.eq (local.get $kind) (i64.const 2)) (then (return (i64.const 96))))
    (if (i64.eq (local.get $kind) (i64.const 3)) (then (return (i64.sub (i64.const 131072) (i64.rem_u (call $rand) (i64.const 64))))))
    (if (i64.eq (local.get $kind) (i64.const 4)) (then (return (i64.const -1))))
    (if (i64.eq (local.get $kind) (i64.const 5)) (then (return (i64.add (i64.const 1024) (i64.rem_u (call $rand) (i64.const 4096))))))
    (if (i64.eq (local.get $kind) (i64.const 6)) (then (return (i64.const 0x7fffffff))))
    (call $rand))

  ;; A cage id: mostly 0 (self). Rarely another cage, a random id, or
  ;; cage 1 with the grate-memory flag; rarely enough (14 ids a call) that
  ;; about half the calls get past the authority check into RawPOSIX.
  (func $cage (result i64)
    (local $kind i64)
    (local.set $kind (i64.rem_u (call $rand) (i64.const 64)))
    (if (i64.eq (local.get $kind) (i64.const 0)) (then (return (i64.const 2))))
    (if (i64.eq (local.get $kind) (i64.const 1)) (then (return (i64.const 0x8000000000000001))))
    (if (i64.eq (local.get $kind) (i64.const 2)) (then (return (call $rand))))
    (if (i64.eq (local.get $kind) (i64.const 3)) (then (return (i64.const 1))))
    (i64.const 0))

  (func $skipped (param $nr i32) (result i32)
    (i32.or
      (i32.or (i32.or (i32.eq (local.get $nr) (i32.const 60)) (i32.eq (local.get $nr) (i32.const 231)))
              (i32.or (i32.eq (local.get $nr) (i32.const 34)) (i32.eq (local.get $nr) (i32.const 35))))
      (i32.or
        (i32.or (i32.or (i32.eq (local.get $nr) (i32.const 230)) (i32.eq (local.get $nr) (i32.const 130)))
                (i32.or (i32.eq (local.get $nr) (i32.const 9)) (i32.eq (local.get $nr) (i32.const 12))))
        (i32.or (i32.or (i32.or (i32.eq (local.get $nr) (i32.const 56)) (i32.eq (local.get $nr) (i32.const 57)))
                        (i32.or (i32.eq (local.get $nr) (i32.const 59)) (i32.eq (local.get $nr) (i32.const 61))))
                (i32.or (i32.eq (local.get $nr) (i32.const 22)) (i32.eq (local.get $nr) (i32.const 293)))))))

  (func $skipped_signals (param $nr i32) (result i32)
    (i32.or
      (i32.or (i32.or (i32.eq (local.get $nr) (i32.const 62)) (i32.eq (local.get $nr) (i32.const 200)))
              (i32.or (i32.eq (local.get $nr) (i32.const 234)) (i32.eq (local.get $nr) (i32.const 37))))
      (i32.or (i32.eq (local.get $nr) (i32.const 38)) (i32.eq (local.get $nr) (i32.const 202)))))

  (func (export "_start")
    (local $i i32) (local $nr i32)
    (loop $next
      (local.set $nr (i32.wrap_i64 (i64.rem_u (call $rand) (i64.const 340))))
      (if (i32.eqz (i32.or (call $skipped (local.get $nr)) (call $skipped_signals (local.get $nr))))
        (then
          (drop (call $sys (local.get $nr) (call $cage) (call $cage)
            (call $arg) (call $cage) (call $arg) (call $cage) (call $arg) (call $cage)
            (call $arg) (call $cage) (call $arg) (call $cage) (call $arg) (call $cage)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 400000))))
    ;; exit_group(0)
    (drop (call $sys (i32.const 231) (i64.const 0) (i64.const 0)
      (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0)
      (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0)))))
