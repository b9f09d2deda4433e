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

struct ThreadStacks {
  Thread thread;
  ~ThreadStacks() {
    if (thread.stack_base) munmap(thread.stack_base, thread.stack_bytes);
    if (thread.frames) munmap(thread.frames, thread.max_frames * sizeof(Frame));
  }
};

std::string frame_name(const Frame& f) {
  if (!f.func) return "host " + (f.callee && !f.callee->name.empty() ? f.callee->name : std::string("function"));
  std::string name = f.inst ? f.inst->self->func_name(f.func->func_index) : "func";
  return name;
}

}  // namespace

Thread& current_thread(const EngineConfig& config) {
  thread_local ThreadStacks stacks;
  Thread& t = stacks.thread;
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

bool invoke(const EngineConfig& config, const FuncImpl* f, std::vector<uint64_t>& slots, Trap& trap) {
  Thread& t = current_thread(config);
  Frame* const entry = t.ftop;
  bool nested = entry != t.frames;
  char* base = nested ? t.host_sp : t.stack_base;
  Instance::Impl* saved_inst = t.inst;
  uint64_t* const* saved_globals = t.globals;
  MemoryInst* saved_memory = t.memory;
  sigjmp_buf* saved_jmp = t.fault_jmp;
  Thread* saved_running = tls_running_thread;

  auto fail = [&](TrapKind kind, std::string msg) {
    trap.kind = kind;
    trap.message = std::move(msg);
    return false;
  };

  if (!f->code) {  // calling a host function directly
    HostContext ctx(&t, nullptr);
    try {
      f->host(ctx, slots.data(), slots.data());
    } catch (const std::exception& e) {
      return fail(TrapKind::Host, std::string("host function failed: ") + e.what());
    }
    if (t.trapped) {
      t.trapped = false;
      trap.exit_code = t.exit_code;
      return fail(t.trap_kind, t.trap_message);
    }
    return true;
  }

  const FuncCode* code = f->code;
  if (base + code->frame_bytes > t.stack_end || t.ftop == t.fend)
    return fail(TrapKind::StackExhausted, "call stack exhausted");
  std::memcpy(base, slots.data(), code->num_params * 8);
  std::memset(base + code->locals_offset, 0, code->locals_bytes);
  *t.ftop++ = Frame{nullptr, nullptr, code, f, f->inst};
  t.inst = f->inst;
  t.globals = f->inst->global_cells.data();
  t.memory = f->inst->memory.get();
  t.trapped = false;
  tls_running_thread = &t;

  sigjmp_buf jmp;
  t.fault_jmp = &jmp;
  if (sigsetjmp(jmp, 0) == 0) {
    code->entry()->fn(code->entry(), base, f->inst->mem_base, &t);
  } else {
    t.trapped = true;
    t.trap_kind = TrapKind::MemoryOutOfBounds;
    t.trap_message = "out of bounds memory access";
  }

  bool ok = !t.trapped;
  if (!ok) {
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
    size_t n = code->num_results;
    if (slots.size() < n) slots.resize(n);
    std::memcpy(slots.data(), base, n * 8);
  }
  t.ftop = entry;
  t.inst = saved_inst;
  t.globals = saved_globals;
  t.memory = saved_memory;
  t.fault_jmp = saved_jmp;
  tls_running_thread = saved_running;
  return ok;
}

}  // namespace lind::rt::interp
