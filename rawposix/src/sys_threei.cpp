// The 3i calls, as the default handlers of their numbers (so a grate can
// interpose on them like on any call): register_handler (1001),
// copy_data_between_cages (1002), copy_handler_table_to_cage (1003). Their
// argument slots carry values, not pointer cages (glibc-shim/README.md
// "The 3i calls"). The rules of DESIGN.md "Authority" are applied here;
// has_authority is also what lind-boot checks every call's cage ids with.
#include <mutex>

#include "cage_memory.h"
#include "process_table.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

using threei::Entry;

constexpr uint64_t kCopyMemcpy = 0, kCopyStrncpy = 1;

// `c` is `ancestor` or one of its descendants. Under process_mutex().
bool in_line_of_locked(CageId ancestor, CageId c) {
  for (int hops = 0; c != 0 && hops <= static_cast<int>(threei::kMaxCages); ++hops) {
    if (c == ancestor) return true;
    const Cage* p = find_cage(c);
    if (!p) return false;
    c = p->parent.load(std::memory_order_relaxed);
  }
  return false;
}

bool in_line_of(CageId ancestor, CageId c) {
  if (c == ancestor) return true;
  std::lock_guard lock(process_mutex());
  return in_line_of_locked(ancestor, c);
}

// An entry that `actor` may leave or put in a table: the default (or
// nothing), or a handler of `actor` or one of its descendants.
bool entry_in_line_of(CageId actor, Entry e) {
  CageId g = threei::entry_grate(e);
  return g == 0 || in_line_of(actor, g);
}

// Whether `actor` may replace `cur` with `next` in entry `nr` of cage
// `table`'s table (itself or a descendant). New handlers must be its own
// or its descendants'. It may never lift a descendant (or itself) out from
// under a grate one of its ancestors holds on that call: in its own table
// such an entry does not move; in a descendant's, pointing it at one of
// its own handlers is fine (every call they make still meets the
// ancestor's grate), but back to the default only if the actor itself is
// not under an ancestor's grate for that call -- else two steps (its own
// handler first, then the default) would free the descendant.
bool may_replace(CageId actor, CageId table, uint32_t nr, Entry cur, Entry next) {
  if (cur == next) return true;
  if (!entry_in_line_of(actor, next)) return false;
  const bool cur_ours = entry_in_line_of(actor, cur);
  if (table == actor) return cur_ours;
  if (threei::entry_grate(next) != 0) return true;
  return cur_ours && entry_in_line_of(actor, threei::registry().get(actor, nr));
}

// A cage id as the 3i calls take it: 0 is the caller; the grate-memory
// flag is dropped.
CageId cage_arg(uint64_t v, CageId caller) {
  v &= ~LIND_GRATE_MEMORY_FLAG;
  return v == 0 ? caller : v;
}

}  // namespace

bool has_authority(CageId actor, CageId over) {
  return over == actor || threei::ServingScope::serving(over) || in_line_of(actor, over);
}

// register_handler: self = the caller, a1 = the cage whose table changes
// (also `target`), a1cage = the call number, a2cage = the handler's cage
// (500: back to the default), a3 = the handler's function-table index.
LIND_SYSCALL(register_handler) {
  const CageId table = cage_arg(a.a[0], self);
  const uint64_t nr = a.cage[0];
  const CageId grate = a.cage[1];
  const uint64_t fn = a.a[2];
  if (nr >= LIND_SYS_TABLE_SIZE || fn > UINT32_MAX) return -EINVAL;
  if (!threei::registry().exists(table)) return -ESRCH;
  const bool deregister = grate == LIND_THREEI_DEREGISTER;
  if (!deregister && (grate == 0 || !threei::registry().exists(grate))) return -ESRCH;
  const auto n = static_cast<uint32_t>(nr);
  const Entry next = deregister ? threei::registry().default_entry(n) : threei::grate_entry(grate, static_cast<uint32_t>(fn));
  // Its own table or a descendant's (may_replace) -- or, for its own entry
  // until its first exec, pointing it at its parent (a forked child
  // registering for itself, then exec'ing: the seed's grate).
  if (!in_line_of(self, table)) return -EPERM;
  const Entry cur = threei::registry().get(table, n);
  if (!may_replace(self, table, n, cur, next)) {
    if (table != self || !entry_in_line_of(self, cur)) return -EPERM;
    std::lock_guard lock(process_mutex());
    const Cage* c = find_cage(self);
    if (!c || c->execed || threei::entry_grate(next) != c->parent.load(std::memory_order_relaxed)) return -EPERM;
  }
  return threei::registry().set(table, n, next) ? 0 : -ESRCH;
}

// copy_data_between_cages: a1/a1cage the source, a2/a2cage the
// destination, a3 the length, a4 the copy type (0: exactly a3 bytes; 1: a
// NUL-terminated string of at most a3 bytes with its NUL). Returns the
// destination address.
LIND_SYSCALL(copy_data_between_cages) {
  const CageId from = cage_arg(a.cage[0], self);
  const CageId to = cage_arg(a.cage[1], self);
  const uint64_t src = a.a[0], dst = a.a[1], len = a.a[2], type = a.a[3];
  if (type != kCopyMemcpy && type != kCopyStrncpy) return -EINVAL;
  if (!has_authority(self, from) || !has_authority(self, to)) return -EPERM;
  CageMemory in(from), out(to);
  uint64_t n = len;
  if (type == kCopyStrncpy) {
    std::string_view s;
    int r = in.string(src, len, s);
    if (r == -ENAMETOOLONG) return -EINVAL;  // no NUL within len bytes
    if (r < 0) return r;
    n = s.size() + 1;
  }
  const uint8_t* from_p = in.range(src, n);
  uint8_t* to_p = out.range(dst, n);
  if (!from_p || !to_p) return -EFAULT;
  std::memmove(to_p, from_p, n);
  return static_cast<int64_t>(dst);
}

// copy_handler_table_to_cage: a1 = the source cage, a1cage = the cage
// whose table is replaced.
LIND_SYSCALL(copy_handler_table_to_cage) {
  const CageId from = cage_arg(a.a[0], self);
  const CageId to = cage_arg(a.cage[0], self);
  if (!threei::registry().exists(from) || !threei::registry().exists(to)) return -ESRCH;
  if (!in_line_of(self, from) || !in_line_of(self, to)) return -EPERM;
  // Every entry that changes, by register_handler's rule (may_replace).
  const std::vector<Entry> cur = threei::registry().snapshot(to);
  const std::vector<Entry> next = threei::registry().snapshot(from);
  for (size_t i = 0; i < cur.size() && i < next.size(); ++i)
    if (!may_replace(self, to, static_cast<uint32_t>(i), cur[i], next[i])) return -EPERM;
  return threei::registry().replace(from, to) ? 0 : -ESRCH;
}

}  // namespace lind::rawposix
