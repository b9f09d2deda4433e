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
}

int64_t Registry::dispatch_slow(const Entry& e, uint32_t, CageId, const Args&) const {
  if (e.empty()) return -ENOSYS;
  // Grate handlers arrive with issue 5; until then nothing registers one.
  return -ENOSYS;
}

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace lind::threei
