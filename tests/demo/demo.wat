;; The demo module of `make run` (see the top-level README).
;;
;; `lind-boot demo.wat` calls _start, which checks every other export against
;; known answers and traps (unreachable) if one is wrong, so exit status 0
;; means the engine computed them all correctly. `make run` then calls the
;; exports one by one with --invoke and prints their results. The module has
;; no imports: lind-boot provides none yet.
(module
  (memory (export "memory") 1)

  ;; fib(n), iteratively in i64: fib(90) = 2880067194370816120 still fits.
  (func $fib (export "fib") (param $n i32) (result i64)
    (local $a i64) (local $b i64) (local $t i64)
    (local.set $b (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $t (i64.add (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $a))

  ;; n!, recursively (wraps modulo 2^64 past 20!).
  (func $factorial (export "factorial") (param $n i64) (result i64)
    (if (result i64) (i64.le_u (local.get $n) (i64.const 1))
      (then (i64.const 1))
      (else
        (i64.mul (local.get $n)
                 (call $factorial (i64.sub (local.get $n) (i64.const 1)))))))

  ;; Number of primes below n, by a sieve of Eratosthenes in linear memory
  ;; (one byte per number). Memory is one 64 KiB page, so n > 65536 traps
  ;; with an out-of-bounds memory access.
  (func $primes (export "primes") (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $count i32)
    ;; clear mem[0..n)
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (local.get $i) (i32.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $clear)))
    (local.set $i (i32.const 2))
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eqz (i32.load8_u (local.get $i)))
          (then
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (local.set $j (i32.mul (local.get $i) (local.get $i)))
            (block $marked
              (loop $mark
                (br_if $marked (i32.ge_u (local.get $j) (local.get $n)))
                (i32.store8 (local.get $j) (i32.const 1))
                (local.set $j (i32.add (local.get $j) (local.get $i)))
                (br $mark)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (local.get $count))

  ;; CRC-32 (IEEE, bit by bit) of n bytes from a linear congruential
  ;; generator (state = state * 1103515245 + 12345, byte = state >> 16).
  (func $checksum (export "checksum") (param $n i32) (result i32)
    (local $state i32) (local $crc i32) (local $bit i32)
    (local.set $state (i32.const 1))
    (local.set $crc (i32.const -1))
    (block $done
      (loop $byte
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $state
          (i32.add (i32.mul (local.get $state) (i32.const 1103515245)) (i32.const 12345)))
        (local.set $crc
          (i32.xor (local.get $crc)
                   (i32.and (i32.shr_u (local.get $state) (i32.const 16)) (i32.const 0xff))))
        (local.set $bit (i32.const 8))
        (loop $bits
          (local.set $crc
            (i32.xor (i32.shr_u (local.get $crc) (i32.const 1))
                     (i32.and (i32.const 0xEDB88320)
                              (i32.sub (i32.const 0)
                                       (i32.and (local.get $crc) (i32.const 1))))))
          (local.tee $bit (i32.sub (local.get $bit) (i32.const 1)))
          (br_if $bits))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $byte)))
    (i32.xor (local.get $crc) (i32.const -1)))

  ;; sqrt(x*x + y*y)
  (func $hypot (export "hypot") (param $x f64) (param $y f64) (result f64)
    (f64.sqrt (f64.add (f64.mul (local.get $x) (local.get $x))
                       (f64.mul (local.get $y) (local.get $y)))))

  ;; Signed division: traps with "integer divide by zero" when b is 0.
  (func $div (export "div") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))

  ;; Both quotient and remainder (multi-value).
  (func $divmod (export "divmod") (param $a i32) (param $b i32) (result i32 i32)
    (i32.div_s (local.get $a) (local.get $b))
    (i32.rem_s (local.get $a) (local.get $b)))

  (func $check (param $ok i32)
    (if (i32.eqz (local.get $ok)) (then unreachable)))

  (func (export "_start")
    (call $check (i64.eq (call $fib (i32.const 50)) (i64.const 12586269025)))
    (call $check (i64.eq (call $factorial (i64.const 20)) (i64.const 2432902008176640000)))
    (call $check (i32.eq (call $primes (i32.const 10000)) (i32.const 1229)))
    (call $check (i32.eq (call $checksum (i32.const 1000)) (i32.const 525532444)))
    (call $check (f64.eq (call $hypot (f64.const 3) (f64.const 4)) (f64.const 5)))
    (call $check (i32.eq (call $div (i32.const -7) (i32.const 2)) (i32.const -3)))))
