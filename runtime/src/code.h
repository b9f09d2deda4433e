// The internal code the translator emits and the interpreter runs.
// See runtime/README.md ("Interpreter design") for the reasons.
#pragma once

#include <atomic>
#include <csetjmp>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "jump.h"
#include "lind/runtime.h"

namespace lind::rt::interp {

union Word;
struct Thread;

// Every operation is a function of this type. Each ends by tail-calling the
// next operation's function ([[clang::musttail]]), so dispatch is one
// indirect jump and the native stack never grows. An operation that stops
// execution (trap, return to the host) simply returns.
using OpFn = void (*)(const Word* pc, char* fp, uint8_t* mem, Thread* t);

// Code is an array of 64-bit words: the operation's function pointer, then
// its immediates. Operands are byte offsets from the frame pointer `fp`,
// resolved at translation time (two per word).
union Word {
  OpFn fn;
  uint64_t u64;
  int64_t i64;
  const void* ptr;
  struct {
    uint32_t a, b;
  } s;
};
static_assert(sizeof(Word) == 8);

// One translated function. Frame layout (8-byte slots from fp):
//   [params][declared locals][operand-stack slots]
// Results are returned in the first slots of the frame.
struct FuncCode {
  std::vector<Word> code;
  uint32_t func_index = 0;   // index in the module's function space
  uint32_t type_id = 0;      // canonical signature id
  uint32_t num_params = 0;
  uint32_t num_locals = 0;   // declared locals, zeroed on entry
  uint32_t num_results = 0;
  uint32_t frame_slots = 0;  // params + locals + max operand stack height
  // Derived at the end of translation, for the call path.
  uint32_t frame_bytes = 0;
  uint32_t locals_offset = 0;  // byte offset of the first declared local
  uint32_t locals_bytes = 0;
  const Word* entry() const { return code.data(); }
};

struct FuncImpl;  // FuncInst::Impl

// One activation, kept on the thread's own frame stack (never the native
// stack). `func`/`inst` describe the activation itself; `ret_pc`/`ret_fp`
// are where its caller continues. ret_pc == nullptr returns to the host.
struct Frame {
  const Word* ret_pc;
  char* ret_fp;
  const FuncCode* func;     // nullptr for a host function activation
  const FuncImpl* callee;   // for host activations and backtraces (see frame_callee)
  Instance::Impl* inst;
};

// Zeroes `bytes` (a multiple of 8) of slots: a new frame's locals, a
// call's unused arguments. Mostly a few: up to eight plain stores.
inline void zero_locals(char* p, uint32_t bytes) {
  auto* w = reinterpret_cast<uint64_t*>(p);
  switch (bytes / 8) {
    case 8: w[7] = 0; [[fallthrough]];
    case 7: w[6] = 0; [[fallthrough]];
    case 6: w[5] = 0; [[fallthrough]];
    case 5: w[4] = 0; [[fallthrough]];
    case 4: w[3] = 0; [[fallthrough]];
    case 3: w[2] = 0; [[fallthrough]];
    case 2: w[1] = 0; [[fallthrough]];
    case 1: w[0] = 0; [[fallthrough]];
    case 0: return;
    default:
#if defined(__x86_64__)
      // Not a call of memset: that would make every op using this a
      // non-leaf function, saving registers even on the short paths.
      size_t n = bytes / 8;
      asm volatile("rep stosq" : "+D"(w), "+c"(n) : "a"(uint64_t{0}) : "memory");
#else
      std::memset(p, 0, bytes);
#endif
  }
}

// An activation that recorded a jump point (jump.h) is marked in its Frame:
// bit 0 of `callee` (FuncImpls are aligned). Every push of a new activation
// writes a whole Frame, so a mark that is still there means "still the
// activation that recorded it"; ordinary calls pay nothing for this.
inline const FuncImpl* frame_callee(const Frame& f) {
  return reinterpret_cast<const FuncImpl*>(reinterpret_cast<uintptr_t>(f.callee) & ~uintptr_t{1});
}
inline bool has_jump_mark(const Frame& f) { return reinterpret_cast<uintptr_t>(f.callee) & 1; }
inline void set_jump_mark(Frame& f) {
  f.callee = reinterpret_cast<const FuncImpl*>(reinterpret_cast<uintptr_t>(f.callee) | 1);
}

// One run of the interpreter from the host, kept on run()'s native stack.
// An invocation nested in another (started by a host function or the
// interrupt handler) sits right above it: the outer one's frames end at the
// nested one's `entry`, its slots at the nested one's `base`, and the host
// call it is in has its slots at the nested one's `host_args`. That is what
// capturing the outer one needs (HostContext::capture_invocation_of).
struct Invocation {
  Frame* entry;           // its first frame
  char* base;             // where its frames' slots begin
  char* host_args;        // t.host_args when it began (nullptr: not from a host call)
  const Invocation* outer;
};

// Execution context of one host thread running wasm. Owned by a
// shared_ptr (ThreadHandles keep it alive); the stacks are unmapped when the
// host thread exits.
struct Thread : std::enable_shared_from_this<Thread> {
  // Non-zero: an interrupt is pending. Set by ThreadHandle::interrupt() from
  // any thread; checked at safe points (loop back-edges, calls, returns from
  // host functions) with one relaxed load; see safepoint().
  std::atomic<uint32_t> interrupt{0};
  InterruptHandler interrupt_handler;

  char* stack_base = nullptr;  // value stack (frames of slots)
  char* stack_end = nullptr;
  Frame* frames = nullptr;     // frame stack
  Frame* ftop = nullptr;       // one past the top frame
  Frame* fend = nullptr;

  Instance::Impl* inst = nullptr;   // instance of the running function
  uint64_t* const* globals = nullptr;  // inst's global cells
  MemoryInst* memory = nullptr;        // inst's memory 0 (explicit-check builds)

  // Set by an operation that stops execution.
  bool trapped = false;
  TrapKind trap_kind = TrapKind::Unreachable;
  std::string trap_message;
  int exit_code = 0;

  // Recovery point for faults in linear memory (see memory_fault.cpp).
  sigjmp_buf* fault_jmp = nullptr;
  const Word* fault_pc_hint = nullptr;

  // Where a nested invocation (a host function calling back into wasm) may
  // start its frames: just above the calling host function's arguments.
  char* host_sp = nullptr;
  // The running host function's argument/result slots.
  char* host_args = nullptr;
  // The innermost invocation; each links to the one it is nested in.
  const Invocation* invocation = nullptr;

  size_t stack_bytes = 0;
  size_t max_frames = 0;

  // setjmp/longjmp; allocated by the first set_jump_point.
  std::unique_ptr<JumpTable> jumps;
};

Thread& current_thread(const EngineConfig& config);

// The slow path of a safe point, taken when `t->interrupt` is set: runs the
// interrupt handler with the running function's frame at `fp` (the top
// frame) protected. Returns false if the handler stopped the execution.
[[gnu::noinline, gnu::cold]] bool safepoint(Thread* t, char* fp);

}  // namespace lind::rt::interp
