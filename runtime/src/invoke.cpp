// Entering the interpreter from the host: one run of the operation chain per
// invocation. Nested invocations (a host function calling back into wasm)
// continue on the same thread's stacks above the calling host function.
#include <sys/mman.h>

#include <cstring>

#include "instance_impl.h"
#include "memory_fault.h"

namespace lind::rt::interp {

thread_local Thread* tls_running_thread = nullptr;

namespace {

void* map_stack(size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw Error(Error::Kind::Unsupported, "cannot allocate the interpreter's stacks");
  return p;
}

// The thread's Thread lives as long as any ThreadHandle on it; its stacks
// only as long as the host thread.
struct ThreadStacks {
  std::shared_ptr<Thread> thread = std::make_shared<Thread>();
  ~ThreadStacks() {
    Thread& t = *thread;
    if (t.stack_base) munmap(t.stack_base, t.stack_bytes);
    if (t.frames) munmap(t.frames, t.max_frames * sizeof(Frame));
    t.stack_base = t.stack_end = nullptr;
    t.frames = t.ftop = t.fend = nullptr;
    t.interrupt_handler = nullptr;
  }
};

std::string frame_name(const Frame& f) {
  const FuncImpl* callee = frame_callee(f);
  if (!f.func) return "host " + (callee && !callee->name.empty() ? callee->name : std::string("function"));
  std::string name = f.inst ? f.inst->self->func_name(f.func->func_index) : "func";
  return name;
}

}  // namespace

Thread& current_thread(const EngineConfig& config) {
  thread_local ThreadStacks stacks;
  Thread& t = *stacks.thread;
  if (!t.stack_base) {
    install_fault_handler();
    t.stack_bytes = config.value_stack_bytes;
    t.stack_base = static_cast<char*>(map_stack(t.stack_bytes));
    t.stack_end = t.stack_base + t.stack_bytes;
    t.max_frames = config.max_call_depth;
    t.frames = static_cast<Frame*>(map_stack(t.max_frames * sizeof(Frame)));
    t.ftop = t.frames;
    t.fend = t.frames + t.max_frames;
  }
  return t;
}

namespace {

Trap jump_trap() {
  return Trap{TrapKind::Jump, "longjmp to an outer invocation: return without touching wasm state", {}, 0};
}

// The outermost invocation cannot pass a jump on (long_jump checked that
// the target is on the stack, so only a broken host function gets here).
void lose_jump(Thread& t, Trap& trap) {
  t.trapped = false;
  if (t.jumps) t.jumps->pending = false;
  trap = Trap{TrapKind::Host, "longjmp: the target's invocation has ended", {}, 0};
}

// Runs the operation chain from `pc` with frame `fp` until the invocation
// whose entry frame is `entry` returns or traps. The caller has pushed the
// frames; results (on success) are in the entry function's frame at `base`.
// Restores the thread's running state as it was before.
bool run(Thread& t, Frame* entry, const Word* pc, char* fp, Instance::Impl* inst, char* base,
         size_t num_results, std::span<uint64_t> slots, Trap& trap) {
  Instance::Impl* saved_inst = t.inst;
  uint64_t* const* saved_globals = t.globals;
  MemoryInst* saved_memory = t.memory;
  sigjmp_buf* saved_jmp = t.fault_jmp;
  Thread* saved_running = tls_running_thread;
  const Invocation invocation{entry, base, t.host_args, t.invocation};

  t.inst = inst;
  t.globals = inst->global_cells.data();
  t.memory = inst->memory.get();
  t.trapped = false;
  t.invocation = &invocation;
  tls_running_thread = &t;

  sigjmp_buf jmp;
  t.fault_jmp = &jmp;
  if (sigsetjmp(jmp, 0) == 0) {
    pc->fn(pc, fp, inst->mem_base, &t);
  } else {
    t.trapped = true;
    t.trap_kind = TrapKind::MemoryOutOfBounds;
    t.trap_message = "out of bounds memory access";
  }

  bool ok = !t.trapped;
  if (!ok && t.trap_kind == TrapKind::Jump) {
    // A longjmp to an outer invocation: t.trapped stays set, so the host
    // code between returns and the jump continues there (see TrapKind::Jump).
    trap = jump_trap();
    if (entry == t.frames) lose_jump(t, trap);
  } else if (!ok) {
    if (t.jumps) t.jumps->pending = false;
    trap.kind = t.trap_kind;
    trap.message = t.trap_message;
    trap.exit_code = t.exit_code;
    trap.backtrace.clear();
    // Deep recursion would give a very long list: keep both ends.
    constexpr size_t kKeep = 16;
    size_t depth = static_cast<size_t>(t.ftop - entry);
    for (size_t i = 0; i < depth; ++i) {
      if (depth > 2 * kKeep && i == kKeep) {
        trap.backtrace.push_back("... " + std::to_string(depth - 2 * kKeep) + " more frames ...");
        i = depth - kKeep;
      }
      trap.backtrace.push_back("#" + std::to_string(i) + " " + frame_name(t.ftop[-1 - static_cast<ptrdiff_t>(i)]));
    }
    t.trapped = false;
  } else {
    if (num_results == 1) {
      std::memcpy(slots.data(), base, 8);
    } else {
      std::memcpy(slots.data(), base, num_results * 8);
    }
  }
  t.ftop = entry;
  t.inst = saved_inst;
  t.globals = saved_globals;
  t.memory = saved_memory;
  t.fault_jmp = saved_jmp;
  t.invocation = invocation.outer;
  tls_running_thread = saved_running;
  return ok;
}

}  // namespace

bool invoke(const EngineConfig& config, const FuncImpl* f, std::span<uint64_t> slots, Trap& trap) {
  Thread& t = current_thread(config);
  Frame* const entry = t.ftop;
  bool nested = entry != t.frames;
  char* base = nested ? t.host_sp : t.stack_base;
  if (t.trapped && t.trap_kind == TrapKind::Jump) {
    // Unwinding to an outer invocation: no wasm runs until it gets there.
    trap = jump_trap();
    if (!nested) lose_jump(t, trap);
    return false;
  }
  // No activation is left from earlier invocations on this thread.
  if (!nested && t.jumps) t.jumps->points.clear();

  if (!f->code) {  // calling a host function directly
    HostContext ctx(&t, nullptr);
    try {
      f->host(ctx, slots.data(), slots.data());
    } catch (const std::exception& e) {
      trap.kind = TrapKind::Host;
      trap.message = std::string("host function failed: ") + e.what();
      return false;
    }
    if (t.trapped && t.trap_kind == TrapKind::Jump) {
      // It called wasm that jumped out: pass the jump on.
      trap = jump_trap();
      if (!nested) lose_jump(t, trap);
      return false;
    }
    if (t.trapped) {
      t.trapped = false;
      trap.kind = t.trap_kind;
      trap.message = t.trap_message;
      trap.exit_code = t.exit_code;
      return false;
    }
    return true;
  }

  const FuncCode* code = f->code;
  if (base + code->frame_bytes > t.stack_end || t.ftop == t.fend) {
    trap.kind = TrapKind::StackExhausted;
    trap.message = "call stack exhausted";
    return false;
  }
  std::memcpy(base, slots.data(), code->num_params * 8);
  zero_locals(base + code->locals_offset, code->locals_bytes);
  *t.ftop++ = Frame{nullptr, nullptr, code, f, f->inst};
  return run(t, entry, code->entry(), base, f->inst, base, code->num_results, slots, trap);
}

// ---- fork support ----

namespace {

bool has_frame_of(const Frame* from, const Frame* to, const Instance::Impl* inst) {
  for (const Frame* f = from; f < to; ++f)
    if (f->inst == inst) return true;
  return false;
}

// Copies invocation `inv`, whose frames end at `top` with a host call that
// has its slots at `host_args` and the value stack in use up to `host_sp`.
bool capture_invocation(const Thread& t, const Invocation& inv, Frame* top, char* host_sp,
                        char* host_args, Continuation::Impl& out) {
  Frame* entry = inv.entry;
  if (top - entry < 2 || !host_args) return false;
  if (top[-1].func) return false;  // not inside a host function call
  Instance::Impl* inst = entry->inst;
  for (Frame* f = entry; f < top; ++f)
    if (f->inst != inst) return false;  // a call into another instance is on the stack
  char* base = inv.base;
  out.stack.assign(base, host_sp);
  out.frames.assign(entry, top);
  out.base = base;
  out.host_args_offset = static_cast<size_t>(host_args - base);
  out.inst = inst;
  out.num_results = entry->func->num_results;
  out.result_types = inst->mod().func_sig(entry->func->func_index).results;
  out.jump_points = capture_jump_points(t, static_cast<size_t>(entry - t.frames),
                                        static_cast<size_t>(top - t.frames));
  out.next_jump_token = t.jumps ? t.jumps->next_token : 1;
  return true;
}

}  // namespace

bool capture(Thread& t, Continuation::Impl& out) {
  return t.invocation && capture_invocation(t, *t.invocation, t.ftop, t.host_sp, t.host_args, out);
}

bool capture_invocation_of(Thread& t, const Instance::Impl* inst, Continuation::Impl& out) {
  Frame* top = t.ftop;
  char* host_sp = t.host_sp;
  char* host_args = t.host_args;
  for (const Invocation* inv = t.invocation; inv; inv = inv->outer) {
    if (has_frame_of(inv->entry, top, inst))
      return capture_invocation(t, *inv, top, host_sp, host_args, out);
    // What was running when the nested invocation began: the host call
    // that started it, with the nested frames and slots just above its own.
    top = inv->entry;
    host_sp = inv->base;
    host_args = inv->host_args;
  }
  return false;
}

bool resume(const EngineConfig& config, const Continuation::Impl& c, Instance::Impl& inst,
            uint64_t host_result, std::vector<uint64_t>& results, Trap& trap) {
  Thread& t = current_thread(config);
  if (t.ftop != t.frames) {
    trap.kind = TrapKind::Host;
    trap.message = "a continuation must be resumed on a thread not running wasm";
    return false;
  }
  char* base = t.stack_base;
  if (c.stack.size() > t.stack_bytes / 2 || c.frames.size() >= t.max_frames) {
    trap.kind = TrapKind::StackExhausted;
    trap.message = "call stack exhausted";
    return false;
  }
  std::memcpy(base, c.stack.data(), c.stack.size());
  auto rebase = [&](char* p) { return p ? base + (p - c.base) : nullptr; };
  auto map_func = [&](const FuncImpl* f) -> const FuncImpl* {
    if (!f || f->inst != c.inst) return f;  // host functions are shared
    return inst.func_ptrs[f->code->func_index];
  };
  Frame* entry = t.frames;
  for (const Frame& f : c.frames) {
    Frame& copy = *t.ftop++;
    copy = Frame{f.ret_pc, rebase(f.ret_fp), f.func, map_func(frame_callee(f)),
                 f.inst == c.inst ? &inst : f.inst};
    if (has_jump_mark(f)) set_jump_mark(copy);
  }
  install_jump_points(t, c.jump_points, c.next_jump_token, c.base, base, c.inst, &inst);
  // The host call returns `host_result` in its first argument slot, and
  // execution continues after it.
  std::memcpy(base + c.host_args_offset, &host_result, sizeof host_result);
  Frame host = *--t.ftop;
  if (results.size() < c.num_results) results.resize(c.num_results);
  return run(t, entry, host.ret_pc, host.ret_fp, &inst, base, c.num_results, results, trap);
}

}  // namespace lind::rt::interp

namespace lind::rt {

std::shared_ptr<ThreadHandle> HostContext::thread_handle() const {
  return std::make_shared<ThreadHandle>(thread_->shared_from_this());
}

void ThreadHandle::interrupt() noexcept { thread_->interrupt.store(1, std::memory_order_release); }

bool ThreadHandle::interrupt_pending() const noexcept {
  return thread_->interrupt.load(std::memory_order_relaxed) != 0;
}

void ThreadHandle::clear_interrupt() noexcept { thread_->interrupt.store(0, std::memory_order_relaxed); }

void ThreadHandle::set_interrupt_handler(InterruptHandler handler) {
  thread_->interrupt_handler = std::move(handler);
}

}  // namespace lind::rt
