// Every trap kind, its message, and the wasm backtrace with names.
#include "test_util.h"

namespace lind::rt::test {
namespace {

const char* kTraps = R"((module
  (memory 1)
  (table 3 funcref)
  (type $v (func))
  (type $i (func (result i32)))
  (func $ret (result i32) (i32.const 1))
  (elem (i32.const 0) $ret)
  (func $inner (export "unreachable") (unreachable))
  (func $middle (call $inner))
  (func (export "nested") (call $middle))
  (func (export "div0") (result i32) (i32.div_u (i32.const 1) (i32.const 0)))
  (func (export "rem0") (result i64) (i64.rem_s (i64.const 1) (i64.const 0)))
  (func (export "overflow") (result i32) (i32.div_s (i32.const 0x80000000) (i32.const -1)))
  (func (export "rem_min") (result i32) (i32.rem_s (i32.const 0x80000000) (i32.const -1)))
  (func (export "nan") (result i32) (i32.trunc_f32_s (f32.const nan)))
  (func (export "big") (result i32) (i32.trunc_f64_u (f64.const 4294967296)))
  (func (export "sat") (result i32) (i32.trunc_sat_f64_u (f64.const 4294967296)))
  (func (export "oob") (result i32) (i32.load offset=65533 (i32.const 0)))
  (func (export "oob_far") (result i64) (i64.load offset=0xffffffff (i32.const 0xffffffff)))
  (func (export "fill") (memory.fill (i32.const 65000) (i32.const 0) (i32.const 1000)))
  (func (export "mismatch") (call_indirect (type $v) (i32.const 0)))
  (func (export "null") (result i32) (call_indirect (type $i) (i32.const 1)))
  (func (export "undefined") (result i32) (call_indirect (type $i) (i32.const 7)))
  (func (export "table_oob") (result funcref) (table.get 0 (i32.const 3)))
  (func $deep (export "deep") (param i32) (result i32)
    (i32.add (i32.const 1) (call $deep (local.get 0))))
))";

struct Case {
  const char* name;
  TrapKind kind;
  const char* message;
};

TEST(RuntimeTraps, EachKindHasItsSpecMessage) {
  auto inst = instantiate(kTraps);
  const Case cases[] = {
      {"unreachable", TrapKind::Unreachable, "unreachable"},
      {"div0", TrapKind::IntegerDivideByZero, "integer divide by zero"},
      {"rem0", TrapKind::IntegerDivideByZero, "integer divide by zero"},
      {"overflow", TrapKind::IntegerOverflow, "integer overflow"},
      {"nan", TrapKind::InvalidConversion, "invalid conversion to integer"},
      {"big", TrapKind::IntegerOverflow, "integer overflow"},
      {"oob", TrapKind::MemoryOutOfBounds, "out of bounds memory access"},
      {"oob_far", TrapKind::MemoryOutOfBounds, "out of bounds memory access"},
      {"fill", TrapKind::MemoryOutOfBounds, "out of bounds memory access"},
      {"mismatch", TrapKind::IndirectCallTypeMismatch, "indirect call type mismatch"},
      {"null", TrapKind::UninitializedElement, "uninitialized element"},
      {"undefined", TrapKind::UndefinedElement, "undefined element"},
      {"table_oob", TrapKind::TableOutOfBounds, "out of bounds table access"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Trap t = call_trap(*inst, c.name);
    EXPECT_EQ(t.kind, c.kind);
    EXPECT_EQ(t.message, c.message);
  }
  EXPECT_EQ(call1(*inst, "rem_min").as_i32(), 0u);
  EXPECT_EQ(call1(*inst, "sat").as_i32(), 0xffffffffu);
}

TEST(RuntimeTraps, BacktraceNamesFunctionsInnermostFirst) {
  auto inst = instantiate(kTraps);
  Trap t = call_trap(*inst, "nested");
  ASSERT_EQ(t.backtrace.size(), 3u);
  EXPECT_NE(t.backtrace[0].find("inner"), std::string::npos);
  EXPECT_NE(t.backtrace[1].find("middle"), std::string::npos);
  EXPECT_EQ(t.backtrace[0].rfind("#0 ", 0), 0u);
}

TEST(RuntimeTraps, RunawayRecursionExhaustsTheStackAndTheThreadRecovers) {
  auto inst = instantiate(kTraps);
  for (int round = 0; round < 3; ++round) {
    Trap t = call_trap(*inst, "deep", {Value::i32(1)});
    EXPECT_EQ(t.kind, TrapKind::StackExhausted);
    EXPECT_LT(t.backtrace.size(), 40u);  // long traces are shortened
  }
  EXPECT_EQ(call1(*inst, "rem_min").as_i32(), 0u);
}

TEST(RuntimeTraps, MemoryFaultInOneInstanceLeavesOthersIntact) {
  auto a = instantiate(kTraps);
  auto b = instantiate(R"((module (memory 1) (data (i32.const 0) "\2a")
      (func (export "get") (result i32) (i32.load8_u (i32.const 0)))))");
  EXPECT_EQ(call_trap(*a, "oob").kind, TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(call1(*b, "get").as_i32(), 42u);
}

}  // namespace
}  // namespace lind::rt::test
