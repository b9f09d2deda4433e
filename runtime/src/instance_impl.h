// Runtime objects: function instances and module instances.
#pragma once

#include <memory>
#include <vector>

#include "code.h"
#include "lind/runtime.h"
#include "module_impl.h"

namespace lind::rt {

namespace interp {
// A function instance: wasm code bound to its instance, or a host function.
// A funcref value is a pointer to one of these (0 is null).
struct FuncImpl {
  FuncSig sig;
  uint32_t type_id = 0;
  Instance::Impl* inst = nullptr;  // null for host functions
  const FuncCode* code = nullptr;  // null for host functions
  HostFn host;
  std::string name;
};
}  // namespace interp

struct FuncInst::Impl : interp::FuncImpl {};

struct Instance::Impl {
  std::shared_ptr<Module> module;
  Instance* self = nullptr;

  std::vector<std::shared_ptr<FuncInst>> funcs;
  std::vector<interp::FuncImpl*> func_ptrs;
  std::vector<std::shared_ptr<TableInst>> tables;
  std::vector<TableInst*> table_ptrs;
  std::shared_ptr<MemoryInst> memory;
  uint8_t* mem_base = nullptr;
  std::vector<std::shared_ptr<GlobalInst>> globals;
  std::vector<uint64_t*> global_cells;
  std::vector<std::vector<uint64_t>> elem_values;  // evaluated element segments
  std::vector<bool> elem_dropped;
  std::vector<bool> data_dropped;

  const Module::Impl& mod() const { return module->impl(); }
};

struct Continuation::Impl {
  std::vector<char> stack;             // the invocation's value stack
  std::vector<interp::Frame> frames;   // its frames; the last is the host call's
  char* base = nullptr;                // where `stack` lived
  size_t host_args_offset = 0;         // the host call's slots, from base
  Instance::Impl* inst = nullptr;      // the instance it ran in
  size_t num_results = 0;              // of the invocation's entry function
  std::vector<ValType> result_types;
  std::vector<interp::JumpPoint> jump_points;  // depths from the entry frame
  uint64_t next_jump_token = 1;
};

namespace interp {
// Captures the current thread's innermost invocation at a host call.
bool capture(Thread& t, Continuation::Impl& out);
// Captures the innermost invocation on this thread with a frame of `inst`,
// at the host call that leads (maybe through nested invocations of other
// instances) to the running one; see HostContext::capture_invocation_of.
bool capture_invocation_of(Thread& t, const Instance::Impl* inst, Continuation::Impl& out);
// Runs a captured invocation on this thread in `inst`; see Continuation.
bool resume(const EngineConfig& config, const Continuation::Impl& c, Instance::Impl& inst,
            uint64_t host_result, std::vector<uint64_t>& results, Trap& trap);
// Runs `f` with the given raw argument slots; results come back in `slots`
// (at least max(params, results) of them: the caller sizes it). Returns
// false and fills `trap` on a trap.
bool invoke(const EngineConfig& config, const FuncImpl* f, std::span<uint64_t> slots, Trap& trap);
}  // namespace interp

}  // namespace lind::rt
