#include "grate_calls.h"

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <iostream>
#include <mutex>
#include <vector>

#include "lind/abi.h"
#include "lind/threei.h"

namespace lind::boot {

std::atomic<bool> g_cage_is_grate[threei::kMaxCages] = {};

namespace {

using threei::CageId;

constexpr const char* kDispatcher = "pass_fptr_to_wt";
constexpr const char* kResultMap = "__lind_grate_result";
constexpr size_t kVarargsBytes = 12 * sizeof(uint64_t);
constexpr size_t kScratchBytes = 65536;  // varargs blocks, one per nesting level

struct GrateState {
  std::mutex mu;          // one execution in the grate's wasm at a time
  uint64_t scratch = 0;   // cage address of the varargs blocks (0: not yet)
  int depth = 0;          // handler calls in progress (under mu, or nested)
};

std::mutex g_mu;
std::array<std::shared_ptr<rt::Instance>, threei::kMaxCages> g_instances;
std::array<std::shared_ptr<GrateState>, threei::kMaxCages> g_grates;


// The grate locks this thread holds.
thread_local std::vector<CageId> t_held;

bool holds(CageId g) { return std::find(t_held.begin(), t_held.end(), g) != t_held.end(); }

std::shared_ptr<GrateState> state_of(CageId g, bool create) {
  std::lock_guard lock(g_mu);
  if (g >= g_grates.size()) return nullptr;
  if (!g_grates[g] && create) {
    g_grates[g] = std::make_shared<GrateState>();
    g_cage_is_grate[g].store(true, std::memory_order_release);
  }
  return g_grates[g];
}

thread_local uint64_t t_own_cage = 0;

const rt::FuncSig& sig_of(size_t i64_params, bool trailing_i32) {
  static const auto make = [](size_t n, bool t) {
    rt::FuncSig s;
    s.params.assign(n, rt::ValType::I64);
    if (t) s.params.push_back(rt::ValType::I32);
    s.results.push_back(rt::ValType::I32);
    return s;
  };
  static const rt::FuncSig handler = make(13, false), fixed = make(14, false), variadic = make(2, true);
  return trailing_i32 ? variadic : (i64_params == 13 ? handler : fixed);
}

// The varargs block for nesting level `depth` of grate `g`, mapped in the
// grate's memory on first use (as the grate itself would mmap it).
uint64_t varargs_block(CageId g, GrateState& st, int depth) {
  if (st.scratch == 0) {
    threei::Args a{{0, kScratchBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                    static_cast<uint64_t>(-1), 0},
                   {g, g, g, g, g, g}};
    int64_t r = threei::registry().dispatch(g, LIND_SYS_mmap, g, a);
    if (r <= 0) return 0;
    st.scratch = static_cast<uint64_t>(r);
  }
  auto off = static_cast<uint64_t>(depth) * kVarargsBytes;
  return off + kVarargsBytes <= kScratchBytes ? st.scratch + off : 0;
}

rt::CallResult call_handler(rt::Instance& inst, CageId g, GrateState& st, uint32_t fn, const threei::Args& a) {
  std::vector<rt::Value> args;
  args.reserve(14);
  auto push_pairs = [&] {
    for (int i = 0; i < 6; ++i) {
      args.push_back(rt::Value::i64(a.a[i]));
      args.push_back(rt::Value::i64(a.cage[i]));
    }
  };
  auto dispatcher = inst.get_export(kDispatcher);
  if (dispatcher && dispatcher->func) {
    const rt::FuncSig& sig = dispatcher->func->sig();
    args.push_back(rt::Value::i64(fn));
    args.push_back(rt::Value::i64(g));
    if (sig == sig_of(14, false)) {
      push_pairs();
    } else if (sig == sig_of(2, true)) {
      // int pass_fptr_to_wt(uint64_t fn, uint64_t grate, ...): the other
      // twelve values, 8-byte aligned, in the grate's memory.
      uint64_t block = varargs_block(g, st, st.depth);
      uint64_t vals[12];
      for (int i = 0; i < 6; ++i) {
        vals[2 * i] = a.a[i];
        vals[2 * i + 1] = a.cage[i];
      }
      if (!block || !inst.memory() || !inst.memory()->write(block, vals, sizeof vals)) {
        rt::CallResult r;
        r.trap = rt::Trap{rt::TrapKind::Host, "no memory for pass_fptr_to_wt's arguments", {}, 0};
        return r;
      }
      args.push_back(rt::Value::i32(static_cast<uint32_t>(block)));
    } else {
      rt::CallResult r;
      r.trap = rt::Trap{rt::TrapKind::IndirectCallTypeMismatch,
                        "pass_fptr_to_wt has type " + sig.to_string() +
                            ", not (i64 x14) -> i32 or (i64, i64, i32) -> i32",
                        {},
                        0};
      return r;
    }
    return dispatcher->func->call(args);
  }
  args.push_back(rt::Value::i64(g));
  push_pairs();
  return inst.call_indirect(fn, sig_of(13, false), args);
}

// 3i's GrateInvoker.
int64_t invoke(CageId g, uint32_t fn, uint32_t nr, CageId self, CageId target, const threei::Args& a) {
  std::shared_ptr<rt::Instance> inst = cage_instance(g);
  std::shared_ptr<GrateState> st = inst ? state_of(g, true) : nullptr;
  if (!st) return -ESRCH;  // the grate is gone: fail closed
  const bool reentry = holds(g);
  std::unique_lock lock(st->mu, std::defer_lock);
  if (!reentry) {
    lock.lock();
    t_held.push_back(g);
  }
  ++st->depth;
  rt::CallResult r;
  {
    threei::ServingScope serving(self, target);
    r = call_handler(*inst, g, *st, fn, a);
  }
  int64_t result;
  if (r.trap) {
    std::cerr << "lind-boot: grate " << g << ": handler " << fn << " for call " << nr << " of cage " << target
              << " failed: " << (r.trap->message.empty() ? rt::to_string(r.trap->kind) : r.trap->message) << '\n';
    result = -EIO;
  } else {
    auto v = static_cast<int32_t>(r.results.empty() ? 0 : r.results[0].as_i32());
    if (inst->get_export(kResultMap)) {
      const rt::Value arg = rt::Value::i32(static_cast<uint32_t>(v));
      rt::CallResult m = inst->call(kResultMap, std::span(&arg, 1));
      if (!m.trap && !m.results.empty()) v = static_cast<int32_t>(m.results[0].as_i32());
    }
    result = v;
  }
  --st->depth;
  if (!reentry) {
    t_held.pop_back();
    lock.unlock();
  }
  return result;
}

}  // namespace

void setup_grate_calls() { threei::registry().set_grate_invoker(&invoke); }

void set_thread_cage(uint64_t cage) { t_own_cage = cage; }
uint64_t thread_cage() { return t_own_cage; }

void set_cage_instance(uint64_t cage, std::shared_ptr<rt::Instance> instance) {
  std::lock_guard lock(g_mu);
  if (cage < g_instances.size()) g_instances[cage] = std::move(instance);
}

void forget_cage_instance(uint64_t cage) {
  std::shared_ptr<rt::Instance> old;
  std::lock_guard lock(g_mu);
  if (cage >= g_instances.size()) return;
  old = std::move(g_instances[cage]);
  g_grates[cage].reset();
  g_cage_is_grate[cage].store(false, std::memory_order_release);
}

std::shared_ptr<rt::Instance> cage_instance(uint64_t cage) {
  std::lock_guard lock(g_mu);
  return cage < g_instances.size() ? g_instances[cage] : nullptr;
}

OwnSyscall::OwnSyscall(uint64_t cage) : cage_(cage) {
  if (t_held.empty()) return;
  auto it = std::find(t_held.begin(), t_held.end(), cage);
  if (it == t_held.end()) return;
  t_held.erase(it);
  state_of(cage, false)->mu.unlock();
}

OwnSyscall::~OwnSyscall() {
  std::shared_ptr<GrateState> st = state_of(cage_, false);
  if (!st || holds(cage_)) return;
  st->mu.lock();
  t_held.push_back(cage_);
}

void release_grate_lock(uint64_t cage) {
  auto it = std::find(t_held.begin(), t_held.end(), cage);
  if (it == t_held.end()) return;
  t_held.erase(it);
  if (std::shared_ptr<GrateState> st = state_of(cage, false)) st->mu.unlock();
}

}  // namespace lind::boot
