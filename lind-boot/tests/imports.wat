;; Fixture for cli_test.sh: lind-boot provides no imports yet, so this module
;; cannot be linked.
(module
  (import "env" "print_number" (func $print (param i32)))
  (func (export "_start")
    (call $print (i32.const 42))))
