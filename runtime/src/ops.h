// Declarations of every interpreter operation, and the shared macros that
// define them. Operation families are listed as X-macros so that the
// translator's opcode → operation tables are generated from the same list.
//
// Encodings (words after the function pointer; `a`,`b` are the two 32-bit
// halves of a word; every operand is a byte offset from fp):
//   unary   [src|dst]
//   binary  [lhs|rhs] [dst|-]
//   binimm  [lhs|dst] [imm]          (rhs is an immediate constant)
//   load    [addr|dst] [offset]
//   store   [addr|val] [offset]
#pragma once

#include <cstring>

#include "code.h"

#if !defined(__clang__)
#error "the interpreter needs clang's musttail"
#endif

namespace lind::rt::interp {

#define LIND_OP(name) void name(const Word* pc, char* fp, uint8_t* mem, Thread* t)
#define LIND_NEXT(n)                                \
  do {                                              \
    pc += (n);                                      \
    [[clang::musttail]] return pc->fn(pc, fp, mem, t); \
  } while (0)
#define LIND_JUMP(target)                           \
  do {                                              \
    pc = (target);                                  \
    [[clang::musttail]] return pc->fn(pc, fp, mem, t); \
  } while (0)
// A safe point: if an interrupt is pending, continue in op_interrupted,
// which runs the handler and then resumes at `pc` (or stops). The fast path
// is one load, compare and predicted-not-taken branch; the slow path is a
// tail call too, so the operation needs no stack frame of its own.
#define LIND_SAFEPOINT()                                                \
  do {                                                                  \
    if (LIND_UNLIKELY(t->interrupt.load(std::memory_order_relaxed)))    \
      [[clang::musttail]] return op_interrupted(pc, fp, mem, t);        \
  } while (0)
// A jump to a loop header (backward branch), with a safe point.
#define LIND_JUMP_BACK(target) \
  do {                         \
    pc = (target);             \
    LIND_SAFEPOINT();          \
    [[clang::musttail]] return pc->fn(pc, fp, mem, t); \
  } while (0)
#define LIND_SLOT(T, off) (*reinterpret_cast<T*>(fp + (off)))
#define LIND_LIKELY(x) __builtin_expect(!!(x), 1)
#define LIND_UNLIKELY(x) __builtin_expect(!!(x), 0)

// Runs the interrupt handler (safepoint()), then continues at pc.
[[gnu::noinline, gnu::cold]] LIND_OP(op_interrupted);

// Stops execution with a trap. `pc` is kept for the backtrace.
void raise_trap(Thread* t, TrapKind kind, const char* message);

// ---- integer and float binary operations: [lhs|rhs][dst|-] ----
#define LIND_BINARY_OPS(X)                                                             \
  X(I32Add) X(I32Sub) X(I32Mul) X(I32DivS) X(I32DivU) X(I32RemS) X(I32RemU) X(I32And)  \
  X(I32Or) X(I32Xor) X(I32Shl) X(I32ShrS) X(I32ShrU) X(I32Rotl) X(I32Rotr)             \
  X(I64Add) X(I64Sub) X(I64Mul) X(I64DivS) X(I64DivU) X(I64RemS) X(I64RemU) X(I64And)  \
  X(I64Or) X(I64Xor) X(I64Shl) X(I64ShrS) X(I64ShrU) X(I64Rotl) X(I64Rotr)             \
  X(I32Eq) X(I32Ne) X(I32LtS) X(I32LtU) X(I32GtS) X(I32GtU) X(I32LeS) X(I32LeU)        \
  X(I32GeS) X(I32GeU)                                                                  \
  X(I64Eq) X(I64Ne) X(I64LtS) X(I64LtU) X(I64GtS) X(I64GtU) X(I64LeS) X(I64LeU)        \
  X(I64GeS) X(I64GeU)                                                                  \
  X(F32Add) X(F32Sub) X(F32Mul) X(F32Div) X(F32Min) X(F32Max) X(F32Copysign)           \
  X(F64Add) X(F64Sub) X(F64Mul) X(F64Div) X(F64Min) X(F64Max) X(F64Copysign)           \
  X(F32Eq) X(F32Ne) X(F32Lt) X(F32Gt) X(F32Le) X(F32Ge)                                \
  X(F64Eq) X(F64Ne) X(F64Lt) X(F64Gt) X(F64Le) X(F64Ge)

// Integer binary operations that also exist with an immediate right operand:
// [lhs|dst][imm]. The handler is named <Op>Imm.
#define LIND_BINARY_IMM_OPS(X)                                                         \
  X(I32Add) X(I32Sub) X(I32Mul) X(I32And) X(I32Or) X(I32Xor) X(I32Shl) X(I32ShrS)      \
  X(I32ShrU) X(I32Eq) X(I32Ne) X(I32LtS) X(I32LtU) X(I32GtS) X(I32GtU) X(I32LeS)       \
  X(I32LeU) X(I32GeS) X(I32GeU)                                                        \
  X(I64Add) X(I64Sub) X(I64Mul) X(I64And) X(I64Or) X(I64Xor) X(I64Shl) X(I64ShrS)      \
  X(I64ShrU) X(I64Eq) X(I64Ne) X(I64LtS) X(I64LtU) X(I64GtS) X(I64GtU) X(I64LeS)       \
  X(I64LeU) X(I64GeS) X(I64GeU)

// ---- unary operations and conversions: [src|dst] ----
#define LIND_UNARY_OPS(X)                                                              \
  X(I32Eqz) X(I32Clz) X(I32Ctz) X(I32Popcnt) X(I64Eqz) X(I64Clz) X(I64Ctz) X(I64Popcnt) \
  X(I32Extend8S) X(I32Extend16S) X(I64Extend8S) X(I64Extend16S) X(I64Extend32S)        \
  X(F32Abs) X(F32Neg) X(F32Ceil) X(F32Floor) X(F32Trunc) X(F32Nearest) X(F32Sqrt)      \
  X(F64Abs) X(F64Neg) X(F64Ceil) X(F64Floor) X(F64Trunc) X(F64Nearest) X(F64Sqrt)      \
  X(I32TruncF32S) X(I32TruncF32U) X(I32TruncF64S) X(I32TruncF64U)                      \
  X(I64ExtendI32S) X(I64ExtendI32U)                                                    \
  X(I64TruncF32S) X(I64TruncF32U) X(I64TruncF64S) X(I64TruncF64U)                      \
  X(F32ConvertI32S) X(F32ConvertI32U) X(F32ConvertI64S) X(F32ConvertI64U)              \
  X(F32DemoteF64)                                                                      \
  X(F64ConvertI32S) X(F64ConvertI32U) X(F64ConvertI64S) X(F64ConvertI64U)              \
  X(F64PromoteF32)                                                                     \
  X(I32TruncSatF32S) X(I32TruncSatF32U) X(I32TruncSatF64S) X(I32TruncSatF64U)          \
  X(I64TruncSatF32S) X(I64TruncSatF32U) X(I64TruncSatF64S) X(I64TruncSatF64U)          \
  X(RefIsNull)

// ---- memory: load [addr|dst][offset], store [addr|val][offset] ----
#define LIND_LOAD_OPS(X)                                                               \
  X(I32Load) X(I64Load) X(F32Load) X(F64Load) X(I32Load8S) X(I32Load8U) X(I32Load16S)  \
  X(I32Load16U) X(I64Load8S) X(I64Load8U) X(I64Load16S) X(I64Load16U) X(I64Load32S)    \
  X(I64Load32U)
#define LIND_STORE_OPS(X)                                                              \
  X(I32Store) X(I64Store) X(F32Store) X(F64Store) X(I32Store8) X(I32Store16)           \
  X(I64Store8) X(I64Store16) X(I64Store32)

#define LIND_DECLARE_OP(name) LIND_OP(op_##name);
#define LIND_DECLARE_IMM_OP(name) LIND_OP(op_##name##Imm);
LIND_BINARY_OPS(LIND_DECLARE_OP)
LIND_BINARY_IMM_OPS(LIND_DECLARE_IMM_OP)
LIND_UNARY_OPS(LIND_DECLARE_OP)
LIND_LOAD_OPS(LIND_DECLARE_OP)
LIND_STORE_OPS(LIND_DECLARE_OP)

// ---- everything else: see the defining file for each encoding ----
// control (ops_control.cpp)
LIND_OP(op_unreachable);       // []
LIND_OP(op_br);                // [rel]
LIND_OP(op_br_if);             // [cond|-][rel]
LIND_OP(op_br_unless);         // [cond|-][rel]
LIND_OP(op_br_table);          // [index|count][rel_0]...[rel_count]  (last = default)
// Backward-branch forms (to a loop header): the same, plus a safe point
// when the branch is taken. The translator swaps them in (backward_op).
LIND_OP(op_br_back);
LIND_OP(op_br_if_back);
LIND_OP(op_br_unless_back);
LIND_OP(op_br_table_back);
LIND_OP(op_return);            // []
LIND_OP(op_return1);           // [src|-]   copy one result to slot 0, return
LIND_OP(op_call);              // [FuncCode*][argbase|-]
LIND_OP(op_call_import);       // [func index|argbase]
LIND_OP(op_call_indirect);     // [table|argbase][type id|index operand]
// data movement (ops_control.cpp)
LIND_OP(op_copy);              // [src|dst]
LIND_OP(op_copy_n);            // [src|dst][n|-]: n consecutive slots, in order
LIND_OP(op_zero_n);            // [dst|n]: n consecutive slots set to 0
LIND_OP(op_const32);           // [dst|value]
LIND_OP(op_const64);           // [dst|-][value]
LIND_OP(op_select);            // [a|b][cond|dst]
LIND_OP(op_global_get);        // [index|dst]
LIND_OP(op_global_set);        // [index|src]
// fused compare-and-branch (ops_control.cpp): [lhs|rhs][rel]
#define LIND_BRANCH_CMP_OPS(X)                                                         \
  X(I32Eq) X(I32Ne) X(I32LtS) X(I32LtU) X(I32GtS) X(I32GtU) X(I32LeS) X(I32LeU)        \
  X(I32GeS) X(I32GeU)
#define LIND_DECLARE_BR_OP(name) LIND_OP(op_br_if_##name);
LIND_BRANCH_CMP_OPS(LIND_DECLARE_BR_OP)
// ... and against an immediate: [lhs|imm][rel]
#define LIND_DECLARE_BR_IMM_OP(name) LIND_OP(op_br_if_##name##Imm);
LIND_BRANCH_CMP_OPS(LIND_DECLARE_BR_IMM_OP)
#define LIND_DECLARE_BR_BACK_OP(name) LIND_OP(op_br_if_##name##_back); LIND_OP(op_br_if_##name##Imm_back);
LIND_BRANCH_CMP_OPS(LIND_DECLARE_BR_BACK_OP)
// The backward-branch form of branch operation `fn` (itself if it is one
// already or has none).
OpFn backward_op(OpFn fn);
// memory management (ops_memory.cpp)
LIND_OP(op_memory_size);       // [dst|-]
LIND_OP(op_memory_grow);       // [delta|dst]
LIND_OP(op_memory_fill);       // [dst|value][len|-]
LIND_OP(op_memory_copy);       // [dst|src][len|-]
LIND_OP(op_memory_init);       // [dst|src][len|segment]
LIND_OP(op_data_drop);         // [segment|-]
// tables and references (ops_table.cpp)
LIND_OP(op_ref_func);          // [func index|dst]
LIND_OP(op_table_get);         // [index|dst][table|-]
LIND_OP(op_table_set);         // [index|value][table|-]
LIND_OP(op_table_size);        // [table|dst]
LIND_OP(op_table_grow);        // [init|delta][table|dst]
LIND_OP(op_table_fill);        // [start|value][len|table]
LIND_OP(op_table_copy);        // [dst|src][len|-][dst table|src table]
LIND_OP(op_table_init);        // [dst|src][len|-][table|segment]
LIND_OP(op_elem_drop);         // [segment|-]

}  // namespace lind::rt::interp
