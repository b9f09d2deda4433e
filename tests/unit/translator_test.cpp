// Cases where the translator's virtual operands (locals and constants kept
// out of the stack slots) could go stale, and control-flow shapes whose
// values must land in the right slots.
#include "test_util.h"

namespace lind::rt::test {
namespace {

TEST(Translator, LocalReadBeforeWriteKeepsOldValue) {
  auto inst = instantiate(R"((module (func (export "f") (param i32) (result i32)
      (local.get 0)                                           ;; old value, left on the stack
      (local.set 0 (i32.add (local.get 0) (i32.const 10)))    ;; x = x + 10
      (local.get 0)
      (i32.sub))))");  // old - new
  EXPECT_EQ(call1(*inst, "f", {Value::i32(5)}).as_i32(), uint32_t(-10));
}

TEST(Translator, TeeLeavesTheValueAndWritesTheLocal) {
  auto inst = instantiate(R"((module (func (export "f") (param i32) (result i32) (local i32)
      (local.get 0)
      (local.tee 1 (i32.mul (local.get 0) (i32.const 3)))
      (local.set 0 (i32.const 100))
      (i32.add)
      (local.get 1)
      (i32.add))))");
  EXPECT_EQ(call1(*inst, "f", {Value::i32(2)}).as_i32(), 2u + 6u + 6u);
}

TEST(Translator, StaleLocalAcrossBranchesAndBlocks) {
  auto inst = instantiate(R"((module (func (export "f") (param i32 i32) (result i32)
      (local.get 0)
      (block
        (br_if 0 (local.get 1))
        (local.set 0 (i32.const 1000)))
      (local.get 0)
      (i32.add))))");
  EXPECT_EQ(call1(*inst, "f", {Value::i32(7), Value::i32(1)}).as_i32(), 14u);
  EXPECT_EQ(call1(*inst, "f", {Value::i32(7), Value::i32(0)}).as_i32(), 1007u);
}

TEST(Translator, MultiValueReturnSwapsParameters) {
  auto inst = instantiate(R"((module (func (export "swap") (param i32 i32) (result i32 i32)
      (local.get 1) (local.get 0))))");
  CallResult r = inst->call("swap", std::vector<Value>{Value::i32(1), Value::i32(2)});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.results.size(), 2u);
  EXPECT_EQ(r.results[0].as_i32(), 2u);
  EXPECT_EQ(r.results[1].as_i32(), 1u);
}

TEST(Translator, BrTableWithValuesToBlocksAndFunction) {
  auto inst = instantiate(R"((module (func (export "f") (param i32) (result i32)
      (i32.add (i32.const 1000)
        (block (result i32)
          (i32.add (i32.const 100)
            (block (result i32)
              (br_table 0 1 2 (i32.const 7) (local.get 0)))))))))");
  EXPECT_EQ(call1(*inst, "f", {Value::i32(0)}).as_i32(), 1107u);
  EXPECT_EQ(call1(*inst, "f", {Value::i32(1)}).as_i32(), 1007u);
  EXPECT_EQ(call1(*inst, "f", {Value::i32(2)}).as_i32(), 7u);
  EXPECT_EQ(call1(*inst, "f", {Value::i32(99)}).as_i32(), 7u);
}

TEST(Translator, FusedCompareBranchBothPolarities) {
  auto inst = instantiate(R"((module
    (func (export "count") (param i32) (result i32) (local i32)
      (block (loop
        (br_if 1 (i32.ge_s (local.get 1) (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (br 0)))
      (local.get 1))
    (func (export "pick") (param i32 i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (local.get 1))
        (then (i32.const 1)) (else (i32.const 2))))
    (func (export "eqz") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 10)) (else (i32.const 20))))))");
  EXPECT_EQ(call1(*inst, "count", {Value::i32(12)}).as_i32(), 12u);
  EXPECT_EQ(call1(*inst, "count", {Value::i32(uint32_t(-3))}).as_i32(), 0u);
  EXPECT_EQ(call1(*inst, "pick", {Value::i32(1), Value::i32(2)}).as_i32(), 1u);
  EXPECT_EQ(call1(*inst, "pick", {Value::i32(uint32_t(-1)), Value::i32(2)}).as_i32(), 2u);
  EXPECT_EQ(call1(*inst, "eqz", {Value::i32(0)}).as_i32(), 10u);
  EXPECT_EQ(call1(*inst, "eqz", {Value::i32(5)}).as_i32(), 20u);
}

TEST(Translator, ConstantOperandsInEveryPosition) {
  auto inst = instantiate(R"((module (func (export "f") (param i32) (result i32)
      (i32.add
        (i32.sub (i32.const 100) (local.get 0))     ;; constant on the left, not commutative
        (i32.shl (local.get 0) (i32.const 2))))     ;; immediate form
    (func (export "g") (result i64) (i64.const 0x123456789abcdef0))))");
  EXPECT_EQ(call1(*inst, "f", {Value::i32(3)}).as_i32(), 97u + 12u);
  EXPECT_EQ(call1(*inst, "g").as_i64(), 0x123456789abcdef0ull);
}

TEST(Translator, LoopWithParametersCarriesValues) {
  auto inst = instantiate(R"((module (func (export "sum") (param i32) (result i32)
      (i32.const 0)
      (loop $l (param i32) (result i32)
        (local.get 0) (i32.add)
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br_if $l (i32.ne (local.get 0) (i32.const 0)))))))");
  EXPECT_EQ(call1(*inst, "sum", {Value::i32(4)}).as_i32(), 10u);
}

}  // namespace
}  // namespace lind::rt::test
