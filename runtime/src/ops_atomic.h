// The threads proposal's atomic operations (ops/atomic.cpp), listed as
// X-macros like ops.h's families: X(opcode name, memory type).
//
// Encodings (operands are byte offsets from fp, as everywhere):
//   atomic load     [addr|dst][offset]
//   atomic store    [addr|val][offset]
//   rmw             [addr|val][dst|-][offset]
//   cmpxchg         [addr|expected][replacement|dst][offset]
//   wait32/wait64   [addr|expected][timeout|dst][offset]
//   notify          [addr|count][dst|-][offset]
//   fence           []
#pragma once

#include "ops.h"

namespace lind::rt::interp {

#define LIND_ATOMIC_LOAD_OPS(X)                                                        \
  X(I32AtomicLoad, uint32_t) X(I64AtomicLoad, uint64_t) X(I32AtomicLoad8U, uint8_t)    \
  X(I32AtomicLoad16U, uint16_t) X(I64AtomicLoad8U, uint8_t) X(I64AtomicLoad16U, uint16_t) \
  X(I64AtomicLoad32U, uint32_t)
#define LIND_ATOMIC_STORE_OPS(X)                                                       \
  X(I32AtomicStore, uint32_t) X(I64AtomicStore, uint64_t) X(I32AtomicStore8, uint8_t)  \
  X(I32AtomicStore16, uint16_t) X(I64AtomicStore8, uint8_t) X(I64AtomicStore16, uint16_t) \
  X(I64AtomicStore32, uint32_t)

// Every width of one read-modify-write operation `Op` (Add, Sub, And, Or,
// Xor, Xchg, Cmpxchg): X(opcode name, memory type, Op).
#define LIND_ATOMIC_RMW_WIDTHS(X, Op)                                                  \
  X(I32AtomicRmw##Op, uint32_t, Op) X(I64AtomicRmw##Op, uint64_t, Op)                  \
  X(I32AtomicRmw8##Op##U, uint8_t, Op) X(I32AtomicRmw16##Op##U, uint16_t, Op)          \
  X(I64AtomicRmw8##Op##U, uint8_t, Op) X(I64AtomicRmw16##Op##U, uint16_t, Op)          \
  X(I64AtomicRmw32##Op##U, uint32_t, Op)
#define LIND_ATOMIC_RMW_OPS(X)                                                         \
  LIND_ATOMIC_RMW_WIDTHS(X, Add) LIND_ATOMIC_RMW_WIDTHS(X, Sub)                        \
  LIND_ATOMIC_RMW_WIDTHS(X, And) LIND_ATOMIC_RMW_WIDTHS(X, Or)                         \
  LIND_ATOMIC_RMW_WIDTHS(X, Xor) LIND_ATOMIC_RMW_WIDTHS(X, Xchg)
#define LIND_ATOMIC_CMPXCHG_OPS(X) LIND_ATOMIC_RMW_WIDTHS(X, Cmpxchg)

#define LIND_DECLARE_ATOMIC_OP(name, ...) LIND_OP(op_##name);
LIND_ATOMIC_LOAD_OPS(LIND_DECLARE_ATOMIC_OP)
LIND_ATOMIC_STORE_OPS(LIND_DECLARE_ATOMIC_OP)
LIND_ATOMIC_RMW_OPS(LIND_DECLARE_ATOMIC_OP)
LIND_ATOMIC_CMPXCHG_OPS(LIND_DECLARE_ATOMIC_OP)
LIND_OP(op_memory_atomic_wait32);
LIND_OP(op_memory_atomic_wait64);
LIND_OP(op_memory_atomic_notify);
LIND_OP(op_atomic_fence);

}  // namespace lind::rt::interp
