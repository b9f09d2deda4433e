// The process table: which cages exist, and their parents, children,
// process groups, sessions and states (running, or a zombie holding its
// wait status until its parent reaps it). Cages run on different host
// threads; one mutex guards all of it (the Cage fields marked in cage.h and
// the set of cages), and one condition variable wakes blocked wait4 calls.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "cage.h"

namespace lind::rawposix {

std::mutex& process_mutex();
// Notified (notify_all) whenever a wait4 may have something new to see: a
// child exited or was reparented, or a cage's interrupt_pending was set.
std::condition_variable& process_changed();

// set_max_cages(): at most this many cages exist at once, zombies included.
size_t max_cages();

// ---- Under process_mutex() ----

// Every cage id in use, ascending.
const std::vector<CageId>& cage_ids_locked();
// The lowest id >= 2 that no cage has and that is nobody's process group or
// session id (as Linux, which frees a pid only when nothing refers to it);
// 0 when none is left.
CageId lowest_free_id_locked();
Cage* add_cage_locked(CageId id);
// Unlinks the cage from the table; the caller deletes it (after unlocking,
// if it may still hold host fds).
std::unique_ptr<Cage> take_cage_locked(CageId id);
// Some cage (zombies included) in process group `pgid` of session `sid`.
bool process_group_exists_locked(CageId pgid, CageId sid);

// Gives away `cage`'s children as it exits or is destroyed: to cage 1, or
// to nobody if cage 1 is `cage` or has exited itself (zombies among them
// are then freed at once, running ones when they exit, since nobody can
// wait for them). Their exit signal becomes SIGCHLD, as on Linux. Returns
// whether any zombie went to cage 1 (its wait4 must look again).
bool reparent_children_locked(Cage& cage);
// Whether code of `c` still runs elsewhere (pin_cage, or lind-boot's pin
// query): its zombie is then neither reaped nor freed.
bool pinned_locked(const Cage& c);

// Frees a zombie: off its parent's list of children, out of the table. Its
// id can be used again.
void reap_locked(Cage& zombie);

// ---- Without the mutex ----

// A child of `parent` has exited (its exit signal, SIGCHLD, was posted
// under the lock). Wakes the parent's wait4: every waiter re-checks.
void notify_parent_of_child_exit(CageId parent, CageId child);
// Wakes every blocked wait4 to re-check its cage (interrupt_pending).
void wake_waiters();

}  // namespace lind::rawposix
