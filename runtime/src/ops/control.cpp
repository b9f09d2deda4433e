// Control flow, calls and data movement. Calls push a Frame on the thread's
// own frame stack and continue in the callee's code; the native stack does
// not grow. The callee's frame starts at the caller's argument slots, so
// arguments are never copied and results come back in the same slots.
#include <cstring>

#include "../instance_impl.h"
#include "../ops.h"

namespace lind::rt::interp {

void raise_trap(Thread* t, TrapKind kind, const char* message) {
  t->trapped = true;
  t->trap_kind = kind;
  t->trap_message = message;
}

LIND_OP(op_unreachable) { return raise_trap(t, TrapKind::Unreachable, "unreachable"); }

// Each branch exists twice: as is, and `_back` for a branch to a loop
// header, whose jump is a safe point (LIND_JUMP_BACK checks for an
// interrupt). br_table_back is used when any target is a loop header;
// checking on every taken entry is simpler than telling them apart.
#define BRANCH_OPS(suffix, JUMP)                            \
  LIND_OP(op_br##suffix) { JUMP(pc + pc[1].i64); }          \
  LIND_OP(op_br_if##suffix) {                               \
    if (LIND_SLOT(uint32_t, pc[1].s.a)) JUMP(pc + pc[2].i64); \
    LIND_NEXT(3);                                           \
  }                                                         \
  LIND_OP(op_br_unless##suffix) {                           \
    if (!LIND_SLOT(uint32_t, pc[1].s.a)) JUMP(pc + pc[2].i64); \
    LIND_NEXT(3);                                           \
  }                                                         \
  LIND_OP(op_br_table##suffix) {                            \
    uint32_t i = LIND_SLOT(uint32_t, pc[1].s.a);            \
    uint32_t count = pc[1].s.b;                             \
    if (i > count) i = count;                               \
    JUMP(pc + pc[2 + i].i64);                               \
  }
BRANCH_OPS(, LIND_JUMP)
BRANCH_OPS(_back, LIND_JUMP_BACK)

#define BRANCH_CMP_JUMP(name, T, cmp, suffix, JUMP)                   \
  LIND_OP(op_br_if_##name##suffix) {                                  \
    if (LIND_SLOT(T, pc[1].s.a) cmp LIND_SLOT(T, pc[1].s.b)) JUMP(pc + pc[2].i64); \
    LIND_NEXT(3);                                                     \
  }
#define BRANCH_CMP_IMM_JUMP(name, T, cmp, suffix, JUMP)               \
  LIND_OP(op_br_if_##name##Imm##suffix) {                             \
    if (LIND_SLOT(T, pc[1].s.a) cmp static_cast<T>(pc[1].s.b)) JUMP(pc + pc[2].i64); \
    LIND_NEXT(3);                                                     \
  }
#define BRANCH_CMP_BOTH(name, T, cmp)                      \
  BRANCH_CMP_JUMP(name, T, cmp, , LIND_JUMP)               \
  BRANCH_CMP_IMM_JUMP(name, T, cmp, , LIND_JUMP)           \
  BRANCH_CMP_JUMP(name, T, cmp, _back, LIND_JUMP_BACK)     \
  BRANCH_CMP_IMM_JUMP(name, T, cmp, _back, LIND_JUMP_BACK)
BRANCH_CMP_BOTH(I32Eq, uint32_t, ==)
BRANCH_CMP_BOTH(I32Ne, uint32_t, !=)
BRANCH_CMP_BOTH(I32LtS, int32_t, <)
BRANCH_CMP_BOTH(I32LtU, uint32_t, <)
BRANCH_CMP_BOTH(I32GtS, int32_t, >)
BRANCH_CMP_BOTH(I32GtU, uint32_t, >)
BRANCH_CMP_BOTH(I32LeS, int32_t, <=)
BRANCH_CMP_BOTH(I32LeU, uint32_t, <=)
BRANCH_CMP_BOTH(I32GeS, int32_t, >=)
BRANCH_CMP_BOTH(I32GeU, uint32_t, >=)

OpFn backward_op(OpFn fn) {
  if (fn == op_br) return op_br_back;
  if (fn == op_br_if) return op_br_if_back;
  if (fn == op_br_unless) return op_br_unless_back;
  if (fn == op_br_table) return op_br_table_back;
#define BACK_CASE(name)                                                    \
  if (fn == op_br_if_##name) return op_br_if_##name##_back;                \
  if (fn == op_br_if_##name##Imm) return op_br_if_##name##Imm_back;
  LIND_BRANCH_CMP_OPS(BACK_CASE)
#undef BACK_CASE
  return fn;
}

LIND_OP(op_interrupted) {
  // A handler that stopped the execution may have longjmp'd instead.
  if (!safepoint(t, fp) && !(pc = take_pending_jump(t, fp, mem))) return;
  LIND_JUMP(pc);
}

bool safepoint(Thread* t, char* fp) {
  if (!t->interrupt.exchange(0, std::memory_order_acquire)) return true;
  // The top frame is the running wasm function (fp); a nested invocation
  // from the handler starts above all of it, as from a host function.
  const FuncCode* f = t->ftop[-1].func;
  char* saved_sp = t->host_sp;
  char* saved_args = t->host_args;
  t->host_sp = fp + f->frame_bytes;
  t->host_args = nullptr;
  if (t->interrupt_handler) {
    HostContext ctx(t, t->inst->self);
    // A copy: the handler may replace itself.
    InterruptHandler handler = t->interrupt_handler;
    try {
      handler(ctx);
    } catch (const std::exception& e) {
      raise_trap(t, TrapKind::Host, "");
      t->trap_message = std::string("interrupt handler failed: ") + e.what();
    }
  } else {
    raise_trap(t, TrapKind::Host, "interrupted");
  }
  t->host_sp = saved_sp;
  t->host_args = saved_args;
  return !t->trapped;
}

namespace {

void switch_instance(Thread* t, Instance::Impl* inst, uint8_t*& mem) {
  t->inst = inst;
  t->globals = inst->global_cells.data();
  t->memory = inst->memory.get();
  mem = inst->mem_base;
}

bool frame_fits(Thread* t, const char* nfp, const FuncCode* f) {
  return nfp + f->frame_bytes <= t->stack_end && t->ftop != t->fend;
}

// Calls host function `f` with its arguments at `nfp`; see enter(). Not
// inlined, so that entering a wasm function needs no stack frame for it.
[[gnu::noinline]] const Word* call_host(const Word* next, char*& fp, uint8_t*& mem, Thread* t,
                                        const FuncImpl* f, char* nfp) {
  if (LIND_UNLIKELY(t->ftop == t->fend)) {
    raise_trap(t, TrapKind::StackExhausted, "call stack exhausted");
    return nullptr;
  }
  *t->ftop++ = Frame{next, fp, nullptr, f, t->inst};
  size_t slots = std::max(f->sig.params.size(), f->sig.results.size());
  // A host function may call back into wasm, which may call host functions
  // in turn: put the outer call's values back afterwards.
  char* saved_sp = t->host_sp;
  char* saved_args = t->host_args;
  t->host_sp = nfp + slots * sizeof(uint64_t);
  t->host_args = nfp;
  auto* args = reinterpret_cast<uint64_t*>(nfp);
  HostContext ctx(t, t->inst->self);
  try {
    f->host(ctx, args, args);
  } catch (const std::exception& e) {
    raise_trap(t, TrapKind::Host, "");
    t->trap_message = std::string("host function ") + f->name + " failed: " + e.what();
  }
  t->host_sp = saved_sp;
  t->host_args = saved_args;
  // A trap keeps the frame for the backtrace; a longjmp continues at its
  // target, or stops this invocation if the target is in an outer one.
  if (LIND_UNLIKELY(t->trapped)) return take_pending_jump(t, fp, mem);
  --t->ftop;
  // Back in the caller: a safe point, so an interrupt that arrived during
  // the host call (a blocking syscall) is handled before wasm continues.
  if (LIND_UNLIKELY(t->interrupt.load(std::memory_order_relaxed)) && !safepoint(t, fp))
    return take_pending_jump(t, fp, mem);
  return next;
}

// Enters function instance `f` (wasm or host) with its arguments at
// fp+argbase. Returns where to continue, or nullptr to stop (trap).
const Word* enter(const Word* next, char*& fp, uint8_t*& mem, Thread* t, const FuncImpl* f,
                  uint32_t argbase) {
  char* nfp = fp + argbase;
  const FuncCode* code = f->code;
  if (!code) return call_host(next, fp, mem, t, f, nfp);
  if (LIND_UNLIKELY(!frame_fits(t, nfp, code))) {
    raise_trap(t, TrapKind::StackExhausted, "call stack exhausted");
    return nullptr;
  }
  *t->ftop++ = Frame{next, fp, code, f, f->inst};
  if (f->inst != t->inst) switch_instance(t, f->inst, mem);
  zero_locals(nfp + code->locals_offset, code->locals_bytes);
  fp = nfp;
  return code->entry();
}

}  // namespace

LIND_OP(op_return) {
  Frame* f = --t->ftop;
  fp = f->ret_fp;
  if (LIND_UNLIKELY(f->ret_pc == nullptr)) return;  // back to the host
  Instance::Impl* caller = (f - 1)->inst;
  if (LIND_UNLIKELY(caller != f->inst)) switch_instance(t, caller, mem);
  LIND_JUMP(f->ret_pc);
}

LIND_OP(op_return1) {
  LIND_SLOT(uint64_t, 0) = LIND_SLOT(uint64_t, pc[1].s.a);
  [[clang::musttail]] return op_return(pc, fp, mem, t);
}

LIND_OP(op_call) {
  LIND_SAFEPOINT();
  const auto* f = static_cast<const FuncCode*>(pc[1].ptr);
  char* nfp = fp + pc[2].s.a;
  if (LIND_UNLIKELY(!frame_fits(t, nfp, f)))
    return raise_trap(t, TrapKind::StackExhausted, "call stack exhausted");
  *t->ftop++ = Frame{pc + 3, fp, f, nullptr, t->inst};
  zero_locals(nfp + f->locals_offset, f->locals_bytes);
  fp = nfp;
  LIND_JUMP(f->entry());
}

LIND_OP(op_call_import) {
  LIND_SAFEPOINT();
  const FuncImpl* f = t->inst->func_ptrs[pc[1].s.a];
  const Word* next = enter(pc + 2, fp, mem, t, f, pc[1].s.b);
  if (!next) return;
  LIND_JUMP(next);
}

LIND_OP(op_call_indirect) {
  LIND_SAFEPOINT();
  TableInst& table = *t->inst->table_ptrs[pc[1].s.a];
  uint32_t i = LIND_SLOT(uint32_t, pc[2].s.b);
  if (LIND_UNLIKELY(i >= table.size()))
    return raise_trap(t, TrapKind::UndefinedElement, "undefined element");
  const auto* f = reinterpret_cast<const FuncImpl*>(table.elems()[i]);
  if (LIND_UNLIKELY(!f))
    return raise_trap(t, TrapKind::UninitializedElement, "uninitialized element");
  if (LIND_UNLIKELY(f->type_id != pc[2].s.a))
    return raise_trap(t, TrapKind::IndirectCallTypeMismatch, "indirect call type mismatch");
  const Word* next = enter(pc + 3, fp, mem, t, f, pc[1].s.b);
  if (!next) return;
  LIND_JUMP(next);
}

LIND_OP(op_copy) {
  LIND_SLOT(uint64_t, pc[1].s.b) = LIND_SLOT(uint64_t, pc[1].s.a);
  LIND_NEXT(2);
}

LIND_OP(op_copy_n) {
  auto* src = &LIND_SLOT(uint64_t, pc[1].s.a);
  auto* dst = &LIND_SLOT(uint64_t, pc[1].s.b);
  for (uint32_t i = 0, n = pc[2].s.a; i < n; ++i) dst[i] = src[i];
  LIND_NEXT(3);
}

LIND_OP(op_zero_n) {
  zero_locals(&LIND_SLOT(char, pc[1].s.a), pc[1].s.b * 8);
  LIND_NEXT(2);
}

LIND_OP(op_const32) {
  LIND_SLOT(uint64_t, pc[1].s.a) = pc[1].s.b;
  LIND_NEXT(2);
}

LIND_OP(op_const64) {
  LIND_SLOT(uint64_t, pc[1].s.a) = pc[2].u64;
  LIND_NEXT(3);
}

LIND_OP(op_select) {
  LIND_SLOT(uint64_t, pc[2].s.b) = LIND_SLOT(uint32_t, pc[2].s.a) ? LIND_SLOT(uint64_t, pc[1].s.a)
                                                                  : LIND_SLOT(uint64_t, pc[1].s.b);
  LIND_NEXT(3);
}

LIND_OP(op_global_get) {
  LIND_SLOT(uint64_t, pc[1].s.b) = *t->globals[pc[1].s.a];
  LIND_NEXT(2);
}

LIND_OP(op_global_set) {
  *t->globals[pc[1].s.a] = LIND_SLOT(uint64_t, pc[1].s.b);
  LIND_NEXT(2);
}

}  // namespace lind::rt::interp
