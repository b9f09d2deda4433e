#include "cage.h"

#include <array>
#include <mutex>

namespace lind::rawposix {
namespace {
std::mutex g_mu;
std::unique_ptr<std::atomic<Cage*>[]> g_cages = std::make_unique<std::atomic<Cage*>[]>(threei::kMaxCages);
}  // namespace

Cage* find_cage(CageId id) {
  if (id >= threei::kMaxCages) return nullptr;
  return g_cages[id].load(std::memory_order_acquire);
}

Cage* add_cage(CageId id) {
  std::lock_guard lock(g_mu);
  if (id == 0 || id >= threei::kMaxCages || g_cages[id].load()) return nullptr;
  auto* c = new Cage;
  c->id = id;
  g_cages[id].store(c, std::memory_order_release);
  return c;
}

void remove_cage(CageId id) {
  std::lock_guard lock(g_mu);
  if (id >= threei::kMaxCages) return;
  delete g_cages[id].exchange(nullptr);
}

}  // namespace lind::rawposix
