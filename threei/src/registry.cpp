#include <cerrno>
#include <cstring>

#include "lind/threei.h"

namespace lind::threei {

Registry::Registry()
    : defaults_(std::make_unique<HandlerTable>()),
      tables_(std::make_unique<std::atomic<HandlerTable*>[]>(kMaxCages)) {}

Registry::~Registry() {
  for (CageId c = 0; c < kMaxCages; ++c) delete tables_[c].load();
}

void Registry::set_default(uint32_t nr, NativeHandler fn) {
  if (nr >= LIND_SYS_TABLE_SIZE) return;
  natives_[nr] = fn;
  defaults_->entries[nr].store(fn ? kDefault : kEmpty, std::memory_order_relaxed);
}

bool Registry::create(CageId cage) {
  std::lock_guard lock(mu_);
  if (cage == 0 || cage >= kMaxCages || tables_[cage].load()) return false;
  tables_[cage].store(new HandlerTable(*defaults_), std::memory_order_release);
  return true;
}

bool Registry::copy(CageId from, CageId to) {
  std::lock_guard lock(mu_);
  if (from >= kMaxCages || to == 0 || to >= kMaxCages || tables_[to].load()) return false;
  const HandlerTable* src = tables_[from].load();
  if (!src) return false;
  tables_[to].store(new HandlerTable(*src), std::memory_order_release);
  return true;
}

void Registry::remove(CageId cage) {
  std::lock_guard lock(mu_);
  if (cage >= kMaxCages) return;
  // The exiting cage's own thread is the only one using its table.
  delete tables_[cage].exchange(nullptr, std::memory_order_acq_rel);
  for (CageId c = 1; c < kMaxCages; ++c) {
    HandlerTable* t = tables_[c].load(std::memory_order_relaxed);
    if (!t) continue;
    for (uint32_t nr = 0; nr < LIND_SYS_TABLE_SIZE; ++nr) {
      Entry v = t->entries[nr].load(std::memory_order_relaxed);
      if (entry_grate(v) != cage) continue;
      const bool ending = nr == LIND_SYS_exit || nr == LIND_SYS_exit_group;
      t->entries[nr].compare_exchange_strong(v, ending ? default_entry(nr) : kEmpty, std::memory_order_relaxed);
    }
  }
}

bool Registry::set(CageId cage, uint32_t nr, Entry e) {
  std::lock_guard lock(mu_);
  if (cage >= kMaxCages || nr >= LIND_SYS_TABLE_SIZE) return false;
  HandlerTable* t = tables_[cage].load(std::memory_order_acquire);
  if (!t) return false;
  t->entries[nr].store(e, std::memory_order_relaxed);
  return true;
}

std::vector<Entry> Registry::snapshot(CageId cage) const {
  std::lock_guard lock(mu_);
  std::vector<Entry> out;
  if (cage >= kMaxCages) return out;
  const HandlerTable* t = tables_[cage].load(std::memory_order_acquire);
  if (!t) return out;
  out.reserve(LIND_SYS_TABLE_SIZE);
  for (const auto& e : t->entries) out.push_back(e.load(std::memory_order_relaxed));
  return out;
}

bool Registry::replace(CageId from, CageId to) {
  std::lock_guard lock(mu_);
  if (from >= kMaxCages || to >= kMaxCages) return false;
  const HandlerTable* src = tables_[from].load(std::memory_order_acquire);
  HandlerTable* dst = tables_[to].load(std::memory_order_acquire);
  if (!src || !dst) return false;
  if (src != dst) *dst = *src;
  return true;
}

int64_t Registry::dispatch_slow(Entry e, uint32_t nr, CageId self, CageId target, const Args& args) const {
  if (e == kEmpty) return -ENOSYS;
  GrateInvoker invoke = invoker_.load(std::memory_order_acquire);
  if (!invoke) return -ENOSYS;
  return invoke(entry_grate(e), entry_fn(e), nr, self, target, args);
}

namespace {
// Two cages per handler call in progress on this thread; deep enough for
// any sane stack of grates, and a bound an overflowing chain cannot pass.
constexpr size_t kMaxServing = 64;
thread_local CageId t_serving[kMaxServing];
thread_local size_t t_depth = 0;
}  // namespace

ServingScope::ServingScope(CageId self, CageId target) {
  if (t_depth + 2 <= kMaxServing) {
    t_serving[t_depth] = self;
    t_serving[t_depth + 1] = target;
  }
  t_depth += 2;
}

ServingScope::~ServingScope() { t_depth -= 2; }

bool ServingScope::serving(CageId cage) {
  const size_t n = t_depth < kMaxServing ? t_depth : kMaxServing;
  for (size_t i = 0; i < n; ++i)
    if (t_serving[i] == cage) return true;
  return false;
}

}  // namespace lind::threei
