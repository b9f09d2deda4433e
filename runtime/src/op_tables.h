// Opcode → operation lookup for the translator, generated from ops.h lists.
#pragma once

#include <wabt/opcode.h>

#include "code.h"

namespace lind::rt::interp {

OpFn binary_op(wabt::Opcode op);       // nullptr if not a binary operation
OpFn binary_imm_op(wabt::Opcode op);   // nullptr if it has no immediate form
OpFn unary_op(wabt::Opcode op);
OpFn load_op(wabt::Opcode op);
OpFn store_op(wabt::Opcode op);
// The threads proposal's atomic accesses (ops_atomic.h); nullptr if `op`
// is not one of that kind.
OpFn atomic_load_op(wabt::Opcode op);
OpFn atomic_store_op(wabt::Opcode op);
OpFn atomic_rmw_op(wabt::Opcode op);
OpFn atomic_cmpxchg_op(wabt::Opcode op);
// Fused "compare and branch if true"; `negate` gives the branch-if-false form.
OpFn branch_cmp_op(wabt::Opcode op, bool negate);
OpFn branch_cmp_imm_op(wabt::Opcode op, bool negate);  // right operand immediate
bool is_commutative(wabt::Opcode op);
// Operations that leave the 64-bit slot's meaningful bits unchanged
// (wrap, reinterpret): translated to nothing.
bool is_identity(wabt::Opcode op);

}  // namespace lind::rt::interp
