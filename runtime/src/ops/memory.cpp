// Linear-memory operations. By default loads and stores do no explicit
// bounds check: every memory is reserved with 8 GiB + guard of inaccessible
// address space, more than any 32-bit address plus 32-bit offset can reach,
// and a fault there becomes an "out of bounds memory access" trap
// (memory_fault.cpp). LIND_EXPLICIT_BOUNDS_CHECKS=ON builds the checked
// variant instead, kept so the two can be measured against each other
// (runtime/README.md). Bulk operations always check their ranges.
#include <cstring>

#include "../instance_impl.h"
#include "../ops.h"

namespace lind::rt::interp {

#if LIND_EXPLICIT_BOUNDS_CHECKS
#define CHECK_BOUNDS(T)                                                                  \
  if (LIND_UNLIKELY(static_cast<uint64_t>(LIND_SLOT(uint32_t, pc[1].s.a)) + pc[2].u64 +  \
                        sizeof(T) > t->memory->size_bytes()))                           \
    return raise_trap(t, TrapKind::MemoryOutOfBounds, "out of bounds memory access");
#else
#define CHECK_BOUNDS(T)
#endif

#define EFFECTIVE_ADDRESS() \
  (mem + static_cast<uint64_t>(LIND_SLOT(uint32_t, pc[1].s.a)) + pc[2].u64)

#define LOAD(name, T, R)                                          \
  LIND_OP(op_##name) {                                            \
    CHECK_BOUNDS(T)                                               \
    T v;                                                          \
    std::memcpy(&v, EFFECTIVE_ADDRESS(), sizeof(T));              \
    LIND_SLOT(R, pc[1].s.b) = static_cast<R>(v);                  \
    LIND_NEXT(3);                                                 \
  }
LOAD(I32Load, uint32_t, uint32_t)
LOAD(I64Load, uint64_t, uint64_t)
LOAD(F32Load, uint32_t, uint32_t)
LOAD(F64Load, uint64_t, uint64_t)
LOAD(I32Load8S, int8_t, int32_t)
LOAD(I32Load8U, uint8_t, uint32_t)
LOAD(I32Load16S, int16_t, int32_t)
LOAD(I32Load16U, uint16_t, uint32_t)
LOAD(I64Load8S, int8_t, int64_t)
LOAD(I64Load8U, uint8_t, uint64_t)
LOAD(I64Load16S, int16_t, int64_t)
LOAD(I64Load16U, uint16_t, uint64_t)
LOAD(I64Load32S, int32_t, int64_t)
LOAD(I64Load32U, uint32_t, uint64_t)

#define STORE(name, T)                                            \
  LIND_OP(op_##name) {                                            \
    CHECK_BOUNDS(T)                                               \
    T v = static_cast<T>(LIND_SLOT(uint64_t, pc[1].s.b));         \
    std::memcpy(EFFECTIVE_ADDRESS(), &v, sizeof(T));              \
    LIND_NEXT(3);                                                 \
  }
STORE(I32Store, uint32_t)
STORE(I64Store, uint64_t)
STORE(F32Store, uint32_t)
STORE(F64Store, uint64_t)
STORE(I32Store8, uint8_t)
STORE(I32Store16, uint16_t)
STORE(I64Store8, uint8_t)
STORE(I64Store16, uint16_t)
STORE(I64Store32, uint32_t)

namespace {
const char kOutOfBounds[] = "out of bounds memory access";
}

LIND_OP(op_memory_size) {
  LIND_SLOT(uint32_t, pc[1].s.a) = static_cast<uint32_t>(t->inst->memory->pages());
  LIND_NEXT(2);
}

LIND_OP(op_memory_grow) {
  uint32_t delta = LIND_SLOT(uint32_t, pc[1].s.a);
  LIND_SLOT(int32_t, pc[1].s.b) = static_cast<int32_t>(t->inst->memory->grow(delta));
  LIND_NEXT(2);
}

LIND_OP(op_memory_fill) {
  uint64_t dst = LIND_SLOT(uint32_t, pc[1].s.a);
  uint8_t value = static_cast<uint8_t>(LIND_SLOT(uint32_t, pc[1].s.b));
  uint64_t len = LIND_SLOT(uint32_t, pc[2].s.a);
  if (LIND_UNLIKELY(!t->inst->memory->in_bounds(dst, len)))
    return raise_trap(t, TrapKind::MemoryOutOfBounds, kOutOfBounds);
  std::memset(mem + dst, value, len);
  LIND_NEXT(3);
}

LIND_OP(op_memory_copy) {
  uint64_t dst = LIND_SLOT(uint32_t, pc[1].s.a);
  uint64_t src = LIND_SLOT(uint32_t, pc[1].s.b);
  uint64_t len = LIND_SLOT(uint32_t, pc[2].s.a);
  const MemoryInst* m = t->inst->memory.get();
  if (LIND_UNLIKELY(!m->in_bounds(dst, len) || !m->in_bounds(src, len)))
    return raise_trap(t, TrapKind::MemoryOutOfBounds, kOutOfBounds);
  std::memmove(mem + dst, mem + src, len);
  LIND_NEXT(3);
}

LIND_OP(op_memory_init) {
  uint64_t dst = LIND_SLOT(uint32_t, pc[1].s.a);
  uint64_t src = LIND_SLOT(uint32_t, pc[1].s.b);
  uint64_t len = LIND_SLOT(uint32_t, pc[2].s.a);
  uint32_t seg = pc[2].s.b;
  const auto& bytes = t->inst->mod().datas[seg].bytes;
  uint64_t seg_size = t->inst->data_dropped[seg] ? 0 : bytes.size();
  if (LIND_UNLIKELY(!t->inst->memory->in_bounds(dst, len) || src > seg_size ||
                    len > seg_size - src))
    return raise_trap(t, TrapKind::MemoryOutOfBounds, kOutOfBounds);
  if (len) std::memcpy(mem + dst, bytes.data() + src, len);
  LIND_NEXT(3);
}

LIND_OP(op_data_drop) {
  t->inst->data_dropped[pc[1].s.a] = true;
  LIND_NEXT(2);
}

}  // namespace lind::rt::interp
