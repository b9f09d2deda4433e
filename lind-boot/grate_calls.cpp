#include "grate_calls.h"

#include "cage_thread_state.h"

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <utility>
#include <vector>

#include "lind/abi.h"
#include "lind/rawposix.h"
#include "lind/threei.h"

namespace lind::boot {

std::atomic<bool> g_cage_is_grate[threei::kMaxCages] = {};

namespace {

using threei::CageId;

constexpr const char* kDispatcher = "pass_fptr_to_wt";
constexpr const char* kResultMap = "__lind_grate_result";
constexpr uint64_t kVarargsBytes = 12 * sizeof(uint64_t);
// A handler call's own C stack in the grate's memory (calls into one grate
// interleave while one is blocked in an outgoing call).
constexpr uint64_t kHandlerStackBytes = 256 * 1024;
constexpr uint64_t kRedZone = 128;  // below the stack pointer of a leaf function

enum class Dispatch { TableIndex, Fixed, Variadic, BadType };

// What lind-boot keeps per cage: the instance it runs, and, for calling its
// handlers, what its program exports. One per cage id, made on first use
// and never freed (cage ids are few), so the hot path needs no global lock:
// `mu` is the grate's lock, and guards the rest.
struct CageSlot {
  std::mutex mu;  // one execution in the grate's wasm at a time
  std::shared_ptr<rt::Instance> instance;
  std::shared_ptr<rt::FuncInst> dispatcher, result_map;
  std::shared_ptr<rt::GlobalInst> stack_pointer;  // the C stack pointer, if named
  Dispatch dispatch = Dispatch::TableIndex;
  std::vector<uint64_t> free_stacks;  // tops of C stack regions not in use
  // Handler calls in progress (changed under mu; read by RawPOSIX's pin
  // query without it): the grate's process state outlives them even if
  // its own thread ends meanwhile, since their calls act as the grate.
  std::atomic<int> calls{0};
  // Instances replaced (exec) or dropped (exit) while handlers were still
  // running in them, freed when the last of those calls returns.
  std::vector<std::shared_ptr<rt::Instance>> retired;
};

// Changes `calls` (under mu, so no read-modify-write is needed).
void add_calls(CageSlot& s, int d) {
  s.calls.store(s.calls.load(std::memory_order_relaxed) + d, std::memory_order_release);
}

std::array<std::atomic<CageSlot*>, threei::kMaxCages> g_slots{};

CageSlot& slot(CageId c) {
  CageSlot* s = g_slots[c].load(std::memory_order_acquire);
  if (s) return *s;
  auto* fresh = new CageSlot;
  if (g_slots[c].compare_exchange_strong(s, fresh, std::memory_order_acq_rel)) return *fresh;
  delete fresh;
  return *s;
}

// The grate locks this thread holds: its own cage's, if that is a grate,
// and one per nested handler call (at most kMaxHops of those).
constexpr int kMaxHops = 64;
struct HeldLocks {
  CageId ids[kMaxHops + 2];
  int n = 0;
  bool holds(CageId g) const {
    for (int i = 0; i < n; ++i)
      if (ids[i] == g) return true;
    return false;
  }
  void add(CageId g) {
    if (n == static_cast<int>(std::size(ids))) {  // t_hops bounds it: a bug if not
      std::cerr << "lind-boot: internal error: too many grate locks held on one thread\n";
      std::abort();
    }
    ids[n++] = g;
  }
  bool remove(CageId g) {  // false if not held
    for (int i = n - 1; i >= 0; --i)
      if (ids[i] == g) {
        ids[i] = ids[--n];
        return true;
      }
    return false;
  }
};
thread_local HeldLocks t_held;

bool holds(CageId g) { return t_held.holds(g); }

// Runs `fn` with the slot locked, unless this thread already holds it.
template <typename Fn>
void with_slot_locked(CageId c, Fn fn) {
  CageSlot& s = slot(c);
  if (holds(c)) return fn(s);
  std::lock_guard lock(s.mu);
  fn(s);
}

rt::FuncSig i64_sig(size_t n, bool trailing_i32) {
  rt::FuncSig s;
  s.params.assign(n, rt::ValType::I64);
  if (trailing_i32) s.params.push_back(rt::ValType::I32);
  s.results.push_back(rt::ValType::I32);
  return s;
}
const rt::FuncSig kHandlerSig = i64_sig(13, false);
const rt::SigId kHandlerSigId(kHandlerSig);
const rt::FuncSig kFixedSig = i64_sig(14, false);
const rt::FuncSig kVariadicSig = i64_sig(2, true);

void learn_exports(CageSlot& s) {
  s.dispatcher = nullptr;
  s.result_map = nullptr;
  s.stack_pointer = nullptr;
  s.dispatch = Dispatch::TableIndex;
  s.free_stacks.clear();
  if (!s.instance) return;
  if (auto e = s.instance->get_export(kDispatcher); e && e->func) {
    s.dispatcher = e->func;
    const rt::FuncSig& sig = e->func->sig();
    s.dispatch = sig == kFixedSig ? Dispatch::Fixed : sig == kVariadicSig ? Dispatch::Variadic : Dispatch::BadType;
  }
  if (auto e = s.instance->get_export(kResultMap); e && e->func) s.result_map = e->func;
  s.stack_pointer = s.instance->global_named("__stack_pointer");
}

// Puts `next` in place of the slot's instance (under mu). The old one
// stays alive while handler calls still run in it; else it is returned,
// for the caller to let go of outside the lock.
std::shared_ptr<rt::Instance> replace_instance(CageSlot& s, std::shared_ptr<rt::Instance> next) {
  std::shared_ptr<rt::Instance> old = std::exchange(s.instance, std::move(next));
  learn_exports(s);
  if (old && s.calls.load(std::memory_order_relaxed) > 0) s.retired.push_back(std::move(old));
  return old;
}

// A C stack region for one handler call (its top), mapped in the grate's
// memory by RawPOSIX's own mmap (the grate never made this call, so
// nothing interposing on it should see it) and reused afterwards. 0 when
// the grate's memory is full.
uint64_t take_stack(CageId g, CageSlot& s) {
  if (!s.free_stacks.empty()) {
    uint64_t top = s.free_stacks.back();
    s.free_stacks.pop_back();
    return top;
  }
  threei::Args a{{0, kHandlerStackBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, static_cast<uint64_t>(-1), 0},
                 {g, g, g, g, g, g}};
  int64_t r = threei::registry().call_default(LIND_SYS_mmap, g, g, a);
  return r > 0 ? static_cast<uint64_t>(r) + kHandlerStackBytes : 0;
}

uint32_t sp_of(const CageSlot& s) { return s.stack_pointer ? static_cast<uint32_t>(*s.stack_pointer->cell()) : 0; }
void set_sp(CageSlot& s, uint64_t v) {
  if (s.stack_pointer) *s.stack_pointer->cell() = static_cast<uint32_t>(v);
}

// Calls handler `fn` of grate `g` (slot `s`, locked); the i32 result in
// slots[0]. false and `trap` if it trapped.
bool call_handler(CageSlot& s, CageId g, uint32_t fn, const threei::Args& a, uint64_t* slots, rt::Trap& trap) {
  switch (s.dispatch) {
    case Dispatch::TableIndex:
      slots[0] = g;
      for (int i = 0; i < 6; ++i) {
        slots[1 + 2 * i] = a.a[i];
        slots[2 + 2 * i] = a.cage[i];
      }
      return s.instance->call_indirect_raw(fn, kHandlerSigId, std::span(slots, 13), trap);
    case Dispatch::Fixed:
      slots[0] = fn;
      slots[1] = g;
      for (int i = 0; i < 6; ++i) {
        slots[2 + 2 * i] = a.a[i];
        slots[3 + 2 * i] = a.cage[i];
      }
      return s.dispatcher->call_raw(std::span(slots, 14), trap);
    case Dispatch::Variadic: {
      // int pass_fptr_to_wt(uint64_t fn, uint64_t grate, ...): the other
      // twelve values, 8-byte aligned, in the grate's memory: just below
      // the call's stack pointer, which then goes below them.
      uint64_t block = s.stack_pointer ? (sp_of(s) - kRedZone - kVarargsBytes) & ~uint64_t{15} : 0;
      if (block) set_sp(s, block);
      uint64_t vals[12];
      for (int i = 0; i < 6; ++i) {
        vals[2 * i] = a.a[i];
        vals[2 * i + 1] = a.cage[i];
      }
      rt::MemoryInst* mem = s.instance->memory();
      if (!block || !mem || !mem->write(block, vals, sizeof vals)) {
        trap = rt::Trap{rt::TrapKind::Host, "no memory for pass_fptr_to_wt's arguments", {}, 0};
        return false;
      }
      slots[0] = fn;
      slots[1] = g;
      slots[2] = block;
      return s.dispatcher->call_raw(std::span(slots, 3), trap);
    }
    case Dispatch::BadType: break;
  }
  trap = rt::Trap{rt::TrapKind::IndirectCallTypeMismatch,
                  "pass_fptr_to_wt has type " + s.dispatcher->sig().to_string() +
                      ", not (i64 x14) -> i32 or (i64, i64, i32) -> i32",
                  {},
                  0};
  return false;
}

// Handler calls nested on this thread: a chain of forwards that loops
// (a grate forwarding to itself, two grates forwarding to each other)
// ends with ELOOP here instead of exhausting the host stack.
thread_local int t_hops = 0;

// 3i's GrateInvoker.
int64_t invoke(CageId g, uint32_t fn, uint32_t nr, CageId self, CageId target, const threei::Args& a) {
  if (g >= threei::kMaxCages) return -ESRCH;
  if (t_hops >= kMaxHops) return -ELOOP;
  ++t_hops;
  struct HopsDone {
    ~HopsDone() { --t_hops; }
  } hops_done;
  CageSlot& s = slot(g);
  const bool reentry = holds(g);
  std::unique_lock lock(s.mu, std::defer_lock);
  if (!reentry) {
    lock.lock();
    t_held.add(g);
  }
  int64_t result;
  bool last_of_gone_grate = false;
  std::vector<std::shared_ptr<rt::Instance>> retired;  // freed after the lock
  if (!s.instance) {
    result = -ESRCH;  // the grate is gone: fail closed
  } else {
    add_calls(s, 1);  // keeps the instance alive even if it execs meanwhile
    if (!is_grate(g)) g_cage_is_grate[g].store(true, std::memory_order_release);
    uint64_t slots[14];
    rt::Trap trap;
    bool ok;
    // A fresh call runs on a C stack of its own; a nested one (the same
    // thread still holds the lock) below the one it is nested in.
    const uint64_t sp = sp_of(s);
    const uint64_t stack = reentry || !s.stack_pointer ? 0 : take_stack(g, s);
    if (stack) set_sp(s, stack);
    {
      threei::ServingScope serving(self, target);
      ok = call_handler(s, g, fn, a, slots, trap);
    }
    // Whatever the handler did (a trap leaves its frames' stack behind),
    // the stack pointer is what it was and the region is free again.
    set_sp(s, sp);
    if (stack) s.free_stacks.push_back(stack);
    if (!ok) {
      std::cerr << "lind-boot: grate " << g << ": handler " << fn << " for call " << nr << " of cage " << target
                << " failed: " << (trap.message.empty() ? rt::to_string(trap.kind) : trap.message) << '\n';
      result = -EIO;
    } else {
      auto v = static_cast<int32_t>(slots[0]);
      // Only -errno values need the grate's numbering mapped back.
      if (v < 0 && s.result_map) {
        uint64_t m[1] = {static_cast<uint32_t>(v)};
        if (s.result_map->call_raw(m, trap)) v = static_cast<int32_t>(m[0]);
      }
      result = v;
    }
    // (The grate's thread may have ended while the handler was out in a
    // call: then RawPOSIX kept its zombie for us.)
    add_calls(s, -1);
    if (s.calls.load(std::memory_order_relaxed) == 0) {
      last_of_gone_grate = !s.instance;
      retired.swap(s.retired);
    }
  }
  if (!reentry) {
    t_held.remove(g);
    lock.unlock();
  }
  if (last_of_gone_grate) rawposix::cage_unpinned(g);
  return result;
}

bool handlers_running(rawposix::CageId g) {
  CageSlot* s = g < threei::kMaxCages ? g_slots[g].load(std::memory_order_acquire) : nullptr;
  return s && s->calls.load(std::memory_order_seq_cst) > 0;
}

}  // namespace

void setup_grate_calls() {
  threei::registry().set_grate_invoker(&invoke);
  rawposix::set_pin_query(&handlers_running);
}

void set_thread_cage(uint64_t cage) { t_cage_thread.cage = cage; }

void set_cage_instance(uint64_t cage, std::shared_ptr<rt::Instance> instance) {
  if (cage >= threei::kMaxCages) return;
  std::shared_ptr<rt::Instance> old;
  with_slot_locked(cage, [&](CageSlot& s) { old = replace_instance(s, std::move(instance)); });
}

void forget_cage_instance(uint64_t cage) {
  if (cage >= threei::kMaxCages) return;
  std::shared_ptr<rt::Instance> old;
  with_slot_locked(cage, [&](CageSlot& s) { old = replace_instance(s, nullptr); });
  g_cage_is_grate[cage].store(false, std::memory_order_release);
}

std::shared_ptr<rt::Instance> cage_instance(uint64_t cage) {
  if (cage >= threei::kMaxCages) return nullptr;
  std::shared_ptr<rt::Instance> inst;
  with_slot_locked(cage, [&](CageSlot& s) { inst = s.instance; });
  return inst;
}

GrateCallWindow::GrateCallWindow(uint64_t cage) : cage_(cage) {
  CageSlot& s = slot(cage);
  sp_ = sp_of(s);
  if (t_held.remove(cage)) s.mu.unlock();
}

GrateCallWindow::~GrateCallWindow() {
  if (holds(cage_)) return;
  CageSlot& s = slot(cage_);
  s.mu.lock();
  t_held.add(cage_);
  // Other executions ran in the grate meanwhile, each with its own stack.
  set_sp(s, sp_);
}

void release_grate_lock(uint64_t cage) {
  if (t_held.remove(cage)) slot(cage).mu.unlock();
}

}  // namespace lind::boot
