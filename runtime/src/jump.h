// Jump points: the runtime half of setjmp/longjmp (HostContext::set_jump_point
// and long_jump). See runtime/README.md ("Jump points").
#pragma once

#include <cstdint>
#include <vector>

#include "lind/runtime.h"

namespace lind::rt::interp {

union Word;
struct FuncCode;
struct FuncImpl;
struct Thread;

// One recorded host call: the wasm activation that made it, and how to make
// that call return again.
struct JumpPoint {
  uint64_t token = 0;
  size_t depth = 0;               // the activation's index on the frame stack
  char* fp = nullptr;             // its frame pointer
  const FuncCode* func = nullptr;
  Instance::Impl* inst = nullptr;
  const Word* ret_pc = nullptr;   // where it continues after the host call
  uint32_t args_offset = 0;       // the host call's slots, from fp
  uint32_t num_results = 0;       // of the host function
  ValType result = ValType::I64;  // its first result (a number)
  // The activation's operand slots below the host call's arguments, as they
  // were at the call: [operands_offset, args_offset) from fp. Restored by a
  // jump, so every slot holds a value of the type the code there expects.
  uint32_t operands_offset = 0;
  std::vector<uint64_t> operands;
};

// A thread's jump points, ordered by depth (a new one is recorded only after
// every deeper one is dropped), and the jump a host function asked for.
struct JumpTable {
  std::vector<JumpPoint> points;
  uint64_t next_token = 1;
  bool pending = false;
  uint64_t pending_token = 0;
  uint64_t pending_value = 0;
};

// At most this many jump points per thread (one per activation and call
// site that is still on the stack, after pruning).
constexpr size_t kMaxJumpPoints = 1u << 16;

// HostContext::set_jump_point / long_jump for the host call on top of `t`.
uint64_t set_jump_point(Thread& t);
void long_jump(Thread& t, uint64_t token, uint64_t value);

// After execution stopped (t.trapped) at the operation that called a host
// function or ran the interrupt handler, in the activation at `fp`: if a
// jump is pending and its target is in the running invocation, performs it
// (fp, mem and the running instance become the target's) and returns where
// to continue. nullptr: stop this invocation (a trap, or a jump to an outer
// invocation, which the caller of that invocation continues).
const Word* take_pending_jump(Thread* t, char*& fp, uint8_t*& mem);

// For a Continuation: copies of the jump points of the invocation whose
// frames are [entry_depth, end_depth), with depths relative to entry_depth
// (those of invocations nested above it stay behind); and their
// installation on a thread that resumes that invocation from frame 0, with
// its stack at `new_base` instead of `old_base` and `new_inst` for
// `old_inst`.
std::vector<JumpPoint> capture_jump_points(const Thread& t, size_t entry_depth, size_t end_depth);
void install_jump_points(Thread& t, const std::vector<JumpPoint>& points, uint64_t next_token,
                         char* old_base, char* new_base, Instance::Impl* old_inst,
                         Instance::Impl* new_inst);

}  // namespace lind::rt::interp
