#include "op_tables.h"

#include <algorithm>
#include <iterator>

#include "ops.h"
#include "ops_atomic.h"

namespace lind::rt::interp {

using wabt::Opcode;

#define CASE(name) \
  case Opcode::name: return op_##name;
#define CASE_IMM(name) \
  case Opcode::name: return op_##name##Imm;

OpFn binary_op(Opcode op) {
  switch (op) { LIND_BINARY_OPS(CASE) default: return nullptr; }
}
OpFn binary_imm_op(Opcode op) {
  switch (op) { LIND_BINARY_IMM_OPS(CASE_IMM) default: return nullptr; }
}
OpFn unary_op(Opcode op) {
  switch (op) { LIND_UNARY_OPS(CASE) default: return nullptr; }
}
OpFn load_op(Opcode op) {
  switch (op) { LIND_LOAD_OPS(CASE) default: return nullptr; }
}
OpFn store_op(Opcode op) {
  switch (op) { LIND_STORE_OPS(CASE) default: return nullptr; }
}

#define CASE_ATOMIC(name, ...) \
  case Opcode::name: return op_##name;
OpFn atomic_load_op(Opcode op) {
  switch (op) { LIND_ATOMIC_LOAD_OPS(CASE_ATOMIC) default: return nullptr; }
}
OpFn atomic_store_op(Opcode op) {
  switch (op) { LIND_ATOMIC_STORE_OPS(CASE_ATOMIC) default: return nullptr; }
}
OpFn atomic_rmw_op(Opcode op) {
  switch (op) { LIND_ATOMIC_RMW_OPS(CASE_ATOMIC) default: return nullptr; }
}
OpFn atomic_cmpxchg_op(Opcode op) {
  switch (op) { LIND_ATOMIC_CMPXCHG_OPS(CASE_ATOMIC) default: return nullptr; }
}

namespace {
// The comparison that is true exactly when `op` is false.
bool inverse(Opcode op, Opcode::Enum& out) {
  static constexpr struct {
    Opcode::Enum cmp, inverse;
  } kInverse[] = {
      {Opcode::I32Eq, Opcode::I32Ne},   {Opcode::I32Ne, Opcode::I32Eq},
      {Opcode::I32LtS, Opcode::I32GeS}, {Opcode::I32LtU, Opcode::I32GeU},
      {Opcode::I32GtS, Opcode::I32LeS}, {Opcode::I32GtU, Opcode::I32LeU},
      {Opcode::I32LeS, Opcode::I32GtS}, {Opcode::I32LeU, Opcode::I32GtU},
      {Opcode::I32GeS, Opcode::I32LtS}, {Opcode::I32GeU, Opcode::I32LtU},
  };
  const auto* p = std::find_if(std::begin(kInverse), std::end(kInverse),
                               [&](const auto& x) { return x.cmp == op; });
  if (p == std::end(kInverse)) return false;
  out = p->inverse;
  return true;
}
}  // namespace

OpFn branch_cmp_op(Opcode op, bool negate) {
  Opcode::Enum e = op;
  if (negate && !inverse(op, e)) return nullptr;
#define CASE_BR(name) \
  case Opcode::name: return op_br_if_##name;
  switch (e) { LIND_BRANCH_CMP_OPS(CASE_BR) default: return nullptr; }
}

OpFn branch_cmp_imm_op(Opcode op, bool negate) {
  Opcode::Enum e = op;
  if (negate && !inverse(op, e)) return nullptr;
#define CASE_BR_IMM(name) \
  case Opcode::name: return op_br_if_##name##Imm;
  switch (e) { LIND_BRANCH_CMP_OPS(CASE_BR_IMM) default: return nullptr; }
}

bool is_commutative(Opcode op) {
  switch (op) {
    case Opcode::I32Add: case Opcode::I32Mul: case Opcode::I32And: case Opcode::I32Or:
    case Opcode::I32Xor: case Opcode::I32Eq: case Opcode::I32Ne:
    case Opcode::I64Add: case Opcode::I64Mul: case Opcode::I64And: case Opcode::I64Or:
    case Opcode::I64Xor: case Opcode::I64Eq: case Opcode::I64Ne:
      return true;
    default:
      return false;
  }
}

bool is_identity(Opcode op) {
  switch (op) {
    case Opcode::I32WrapI64: case Opcode::I32ReinterpretF32: case Opcode::I64ReinterpretF64:
    case Opcode::F32ReinterpretI32: case Opcode::F64ReinterpretI64:
      return true;
    default:
      return false;
  }
}

}  // namespace lind::rt::interp
