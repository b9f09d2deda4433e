#include "cage.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "process_table.h"

namespace lind::rawposix {
namespace {
// None of this is ever destroyed: when lind-boot exits, cages still running
// on other threads may be in a syscall, and must not find the table freed
// under them. The array and the mutex are constant-initialized and
// trivially destructible; the rest is leaked on purpose.
std::atomic<Cage*> g_cages[threei::kMaxCages];  // lock-free lookup by id; written under g_mu
std::mutex g_mu;
struct Rest {
  std::condition_variable changed;
  std::vector<CageId> ids;  // ascending; under g_mu
};
Rest& rest() {
  static Rest* r = new Rest;
  return *r;
}
}  // namespace

std::mutex& process_mutex() { return g_mu; }
std::condition_variable& process_changed() { return rest().changed; }

Cage* find_cage(CageId id) {
  if (id >= threei::kMaxCages) return nullptr;
  return g_cages[id].load(std::memory_order_acquire);
}

const std::vector<CageId>& cage_ids_locked() { return rest().ids; }

Cage* add_cage_locked(CageId id) {
  if (id == 0 || id >= threei::kMaxCages || g_cages[id].load()) return nullptr;
  auto* c = new Cage;
  c->id = id;
  std::vector<CageId>& ids = rest().ids;
  ids.insert(std::lower_bound(ids.begin(), ids.end(), id), id);
  g_cages[id].store(c, std::memory_order_release);
  return c;
}

std::unique_ptr<Cage> take_cage_locked(CageId id) {
  if (id >= threei::kMaxCages) return nullptr;
  std::unique_ptr<Cage> c(g_cages[id].exchange(nullptr, std::memory_order_acq_rel));
  if (c) {
    std::vector<CageId>& ids = rest().ids;
    ids.erase(std::lower_bound(ids.begin(), ids.end(), id));
  }
  return c;
}

Cage* add_cage(CageId id) {
  std::lock_guard lock(g_mu);
  return add_cage_locked(id);
}

void remove_cage(CageId id) {
  std::unique_ptr<Cage> c;
  {
    std::lock_guard lock(g_mu);
    c = take_cage_locked(id);
  }
}

}  // namespace lind::rawposix
