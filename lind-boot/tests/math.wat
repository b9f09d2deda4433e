;; Fixture for cli_test.sh: a module with a _start that does nothing and a
;; few exports of each value type. No loops, so no corruption of it can run
;; for long.
(module
  (memory (export "memory") 1)
  (global (export "counter") (mut i32) (i32.const 0))
  (func (export "_start"))
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "add64") (param i64 i64) (result i64)
    (i64.add (local.get 0) (local.get 1)))
  (func (export "fadd") (param f32 f32) (result f32)
    (f32.add (local.get 0) (local.get 1)))
  (func (export "mul") (param f64 f64) (result f64)
    (f64.mul (local.get 0) (local.get 1)))
  (func (export "swap") (param i32 i32) (result i32 i32)
    (local.get 1) (local.get 0))
  (func (export "answer") (result i32)
    (i32.const 42)))
