;; Fixture for cli_test.sh: _start -> outer -> inner, which divides by zero.
(module
  (func $inner (param i32) (result i32)
    (i32.div_u (i32.const 1) (local.get 0)))
  (func $outer (result i32)
    (call $inner (i32.const 0)))
  (func $_start (export "_start")
    (drop (call $outer)))
  (func $oob (export "oob") (result i32)
    (i32.load (i32.const 70000)))
  (memory 1))
