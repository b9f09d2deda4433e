// Table and reference operations. Table elements are raw 64-bit references
// (FuncImpl* for funcref, the embedder's value for externref; 0 is null).
#include <algorithm>

#include "../instance_impl.h"
#include "../ops.h"

namespace lind::rt::interp {
namespace {
const char kOutOfBounds[] = "out of bounds table access";
TableInst& table(Thread* t, uint32_t index) { return *t->inst->table_ptrs[index]; }
bool in_bounds(uint64_t start, uint64_t len, uint64_t size) {
  return start <= size && len <= size - start;
}
}  // namespace

LIND_OP(op_ref_func) {
  LIND_SLOT(uint64_t, pc[1].s.b) = reinterpret_cast<uint64_t>(t->inst->func_ptrs[pc[1].s.a]);
  LIND_NEXT(2);
}

LIND_OP(op_table_get) {
  TableInst& tab = table(t, pc[2].s.a);
  uint32_t i = LIND_SLOT(uint32_t, pc[1].s.a);
  if (LIND_UNLIKELY(i >= tab.size())) return raise_trap(t, TrapKind::TableOutOfBounds, kOutOfBounds);
  LIND_SLOT(uint64_t, pc[1].s.b) = tab.elems()[i];
  LIND_NEXT(3);
}

LIND_OP(op_table_set) {
  TableInst& tab = table(t, pc[2].s.a);
  uint32_t i = LIND_SLOT(uint32_t, pc[1].s.a);
  if (LIND_UNLIKELY(i >= tab.size())) return raise_trap(t, TrapKind::TableOutOfBounds, kOutOfBounds);
  tab.elems()[i] = LIND_SLOT(uint64_t, pc[1].s.b);
  LIND_NEXT(3);
}

LIND_OP(op_table_size) {
  LIND_SLOT(uint32_t, pc[1].s.b) = table(t, pc[1].s.a).size();
  LIND_NEXT(2);
}

LIND_OP(op_table_grow) {
  uint64_t init = LIND_SLOT(uint64_t, pc[1].s.a);
  uint32_t delta = LIND_SLOT(uint32_t, pc[1].s.b);
  LIND_SLOT(int32_t, pc[2].s.b) = static_cast<int32_t>(table(t, pc[2].s.a).grow(delta, init));
  LIND_NEXT(3);
}

LIND_OP(op_table_fill) {
  TableInst& tab = table(t, pc[2].s.b);
  uint32_t start = LIND_SLOT(uint32_t, pc[1].s.a);
  uint64_t value = LIND_SLOT(uint64_t, pc[1].s.b);
  uint32_t len = LIND_SLOT(uint32_t, pc[2].s.a);
  if (LIND_UNLIKELY(!in_bounds(start, len, tab.size())))
    return raise_trap(t, TrapKind::TableOutOfBounds, kOutOfBounds);
  std::fill_n(tab.elems().begin() + start, len, value);
  LIND_NEXT(3);
}

LIND_OP(op_table_copy) {
  TableInst& dst_tab = table(t, pc[3].s.a);
  TableInst& src_tab = table(t, pc[3].s.b);
  uint32_t dst = LIND_SLOT(uint32_t, pc[1].s.a);
  uint32_t src = LIND_SLOT(uint32_t, pc[1].s.b);
  uint32_t len = LIND_SLOT(uint32_t, pc[2].s.a);
  if (LIND_UNLIKELY(!in_bounds(dst, len, dst_tab.size()) || !in_bounds(src, len, src_tab.size())))
    return raise_trap(t, TrapKind::TableOutOfBounds, kOutOfBounds);
  auto& d = dst_tab.elems();
  auto& s = src_tab.elems();
  if (len) std::memmove(&d[dst], &s[src], len * sizeof(uint64_t));
  LIND_NEXT(4);
}

LIND_OP(op_table_init) {
  TableInst& tab = table(t, pc[3].s.a);
  uint32_t seg = pc[3].s.b;
  uint32_t dst = LIND_SLOT(uint32_t, pc[1].s.a);
  uint32_t src = LIND_SLOT(uint32_t, pc[1].s.b);
  uint32_t len = LIND_SLOT(uint32_t, pc[2].s.a);
  const auto& values = t->inst->elem_values[seg];
  uint64_t seg_size = t->inst->elem_dropped[seg] ? 0 : values.size();
  if (LIND_UNLIKELY(!in_bounds(dst, len, tab.size()) || !in_bounds(src, len, seg_size)))
    return raise_trap(t, TrapKind::TableOutOfBounds, kOutOfBounds);
  std::copy_n(values.begin() + src, len, tab.elems().begin() + dst);
  LIND_NEXT(4);
}

LIND_OP(op_elem_drop) {
  t->inst->elem_dropped[pc[1].s.a] = true;
  LIND_NEXT(2);
}

}  // namespace lind::rt::interp
