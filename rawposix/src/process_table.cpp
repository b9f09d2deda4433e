// The process table (process_table.h) and the process-level entry points
// of rawposix.h: the end of a cage (cage_exited, destroy_cage), the cage
// limit, and exec's RawPOSIX half (prepare_exec).
#include "process_table.h"

#include <algorithm>
#include <atomic>

#include "syscalls.h"

namespace lind::rawposix {
namespace {

constexpr CageId kInit = 1;  // cage 1: orphans' parent while it runs
std::atomic<size_t> g_max_cages{256};
std::atomic<PinQuery> g_pin_query{nullptr};

void erase_child(Cage& parent, CageId child) {
  auto it = std::find(parent.children.begin(), parent.children.end(), child);
  if (it != parent.children.end()) parent.children.erase(it);
}

}  // namespace

size_t max_cages() { return g_max_cages.load(std::memory_order_relaxed); }

void set_max_cages(size_t n) {
  // Ids index 3i's tables; id 0 means "none".
  n = std::clamp<size_t>(n, 1, threei::kMaxCages - 1);
  g_max_cages.store(n, std::memory_order_relaxed);
}

CageId lowest_free_id_locked() {
  std::vector<CageId> used;
  used.reserve(cage_ids_locked().size() * 3);
  for (CageId id : cage_ids_locked()) {
    const Cage* c = find_cage(id);
    used.push_back(id);
    used.push_back(c->pgid);
    used.push_back(c->sid);
  }
  std::sort(used.begin(), used.end());
  CageId want = 2;
  for (CageId id : used) {
    if (id < want) continue;
    if (id > want) break;
    ++want;  // id == want: taken
  }
  return want < threei::kMaxCages ? want : 0;
}

bool process_group_exists_locked(CageId pgid, CageId sid) {
  for (CageId id : cage_ids_locked()) {
    const Cage* c = find_cage(id);
    if (c->pgid == pgid && c->sid == sid) return true;
  }
  return false;
}

bool reparent_children_locked(Cage& cage) {
  Cage* init = cage.id == kInit ? nullptr : find_cage(kInit);
  if (init && init->zombie) init = nullptr;
  bool zombie_to_init = false;
  for (CageId id : cage.children) {
    Cage* ch = find_cage(id);
    if (!ch) continue;
    ch->exit_signal = SIGCHLD;
    if (init) {
      ch->parent.store(kInit, std::memory_order_release);
      init->children.push_back(id);
      zombie_to_init |= ch->zombie;
    } else {
      ch->parent.store(0, std::memory_order_release);
      if (ch->zombie) take_cage_locked(id);  // a zombie holds no fds: delete here
    }
  }
  cage.children.clear();
  return zombie_to_init;
}

void reap_locked(Cage& zombie) {
  if (Cage* p = find_cage(zombie.parent.load(std::memory_order_relaxed))) erase_child(*p, zombie.id);
  take_cage_locked(zombie.id);
}

void notify_parent_of_child_exit(CageId parent, CageId child) {
  (void)parent;
  (void)child;
  process_changed().notify_all();  // the signal was posted under the lock
}

void wake_waiters() {
  // Taking the mutex orders this after a waiter's check of its flag and
  // before its wait, so the notification cannot fall in between.
  { std::lock_guard lock(process_mutex()); }
  process_changed().notify_all();
}

void cage_exited(CageId cage, int wait_status) {
  Cage* c = find_cage(cage);
  if (!c) return;
  {
    std::lock_guard lock(process_mutex());
    if (c->zombie) return;
  }
  // The cage's own state, dropped before it becomes a zombie (so a parent
  // whose wait4 returns sees the fds closed: EOF on pipes it held) and
  // outside the lock (closing can take time). Last references close the
  // host fds; descriptions shared with other cages stay open.
  {
    FdTable fds = std::move(c->fds);
    c->fds.clear();
    std::shared_ptr<const OpenFile> cwd = std::move(c->cwd);
  }
  c->memory = nullptr;  // lind-boot releases the instance as the thread ends
  threei::registry().remove(cage);
  cancel_real_timer(cage);

  CageId parent = 0;
  bool wake = false;
  std::unique_ptr<Cage> freed;
  {
    std::lock_guard lock(process_mutex());
    c->zombie = true;
    c->wait_status = wait_status;
    wake = reparent_children_locked(*c);
    parent = c->parent.load(std::memory_order_relaxed);
    // Nobody can wait for an orphan once cage 1 is gone: free it now. Cage 1
    // itself stays a zombie: lind-boot reads its status and exits.
    if (parent == 0 && cage != kInit) {
      if (!pinned_locked(*c)) freed = take_cage_locked(cage);  // else cage_unpinned frees it
    } else if (Cage* p = find_cage(parent)) {
      if (c->exit_signal > 0 && c->exit_signal <= kMaxSignal) post_signal_locked(*p, c->exit_signal, cage);
      // A parent ignoring SIGCHLD (or with SA_NOCLDWAIT) never sees zombies.
      if (!pinned_locked(*c) && child_exit_reaps_itself_locked(*p)) reap_locked(*c);
    }
  }
  if (parent != 0) notify_parent_of_child_exit(parent, cage);
  else if (wake) process_changed().notify_all();
}

bool pin_cage(CageId cage) {
  std::lock_guard lock(process_mutex());
  Cage* c = find_cage(cage);
  if (!c) return false;
  ++c->pins;
  return true;
}

void unpin_cage(CageId cage) {
  {
    std::lock_guard lock(process_mutex());
    Cage* c = find_cage(cage);
    if (!c || --c->pins > 0) return;
  }
  cage_unpinned(cage);
}

void set_pin_query(PinQuery query) { g_pin_query.store(query, std::memory_order_release); }

bool pinned_locked(const Cage& c) {
  if (c.pins > 0) return true;
  PinQuery q = g_pin_query.load(std::memory_order_acquire);
  return q && q(c.id);
}

void cage_unpinned(CageId cage) {
  std::unique_ptr<Cage> freed;
  {
    std::lock_guard lock(process_mutex());
    Cage* c = find_cage(cage);
    if (!c || !c->zombie || pinned_locked(*c)) return;
    // What cage_exited put off: an orphan is freed, a child of a parent
    // that ignores SIGCHLD reaped; otherwise its parent's wait4 may now
    // reap it.
    Cage* p = find_cage(c->parent.load(std::memory_order_relaxed));
    if (!p && cage != kInit) {
      freed = take_cage_locked(cage);
    } else if (p && child_exit_reaps_itself_locked(*p)) {
      reap_locked(*c);
    }
  }
  process_changed().notify_all();
}

void destroy_cage(CageId cage) {
  std::unique_ptr<Cage> c;
  {
    std::lock_guard lock(process_mutex());
    Cage* p = find_cage(cage);
    if (!p) return;
    reparent_children_locked(*p);
    if (Cage* parent = find_cage(p->parent.load(std::memory_order_relaxed))) erase_child(*parent, cage);
    c = take_cage_locked(cage);
  }
  threei::registry().remove(cage);
  cancel_real_timer(cage);
  process_changed().notify_all();
  // c's fds and cwd close here, outside the lock.
}

void prepare_exec(CageId cage) {
  Cage* c = find_cage(cage);
  if (!c) return;
  c->fds.close_on_exec();
  c->vm.reset();
  reset_signals_for_exec(*c);
  std::lock_guard lock(process_mutex());
  c->execed = true;
}

}  // namespace lind::rawposix
