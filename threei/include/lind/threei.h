// 3i: one syscall handler table per cage, and the dispatch every syscall of
// every cage goes through. A table is a flat array indexed by syscall
// number of one-word entries, so a lookup is two loads, and a call to the
// default implementation (RawPOSIX) one more load and an indirect call.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "lind/abi.h"

namespace lind::threei {

using CageId = uint64_t;

// The six (value, cage) argument pairs of a call. Cage ids are resolved
// (never 0, flag bit cleared) before a handler sees them.
struct Args {
  uint64_t a[6];
  CageId cage[6];
};

// A handler implemented in the host (RawPOSIX): `self` made the call,
// `target` is the cage it acts on. Returns the result, or -errno.
using NativeHandler = int64_t (*)(CageId self, CageId target, const Args& args);

// Runs handler `fn` (a function-table index) of grate `grate` for a call
// `nr` that `self` made on behalf of `target`. Set by lind-boot.
using GrateInvoker = int64_t (*)(CageId grate, uint32_t fn, uint32_t nr, CageId self, CageId target,
                                 const Args& args);

// A table entry, one word so that a table can change while its cage runs:
// kEmpty (-ENOSYS), kDefault (the default implementation of that number),
// or a grate handler, grate_entry(grate, fn).
using Entry = uint64_t;
constexpr Entry kEmpty = 0;
constexpr Entry kDefault = 1;
constexpr Entry grate_entry(CageId grate, uint32_t fn) { return grate << 32 | fn; }
constexpr CageId entry_grate(Entry e) { return e >> 32; }  // 0: not a grate entry
constexpr uint32_t entry_fn(Entry e) { return static_cast<uint32_t>(e); }

struct HandlerTable {
  std::atomic<Entry> entries[LIND_SYS_TABLE_SIZE];
  HandlerTable() = default;
  HandlerTable(const HandlerTable& o) { *this = o; }
  HandlerTable& operator=(const HandlerTable& o) {
    for (size_t i = 0; i < LIND_SYS_TABLE_SIZE; ++i)
      entries[i].store(o.entries[i].load(std::memory_order_relaxed), std::memory_order_relaxed);
    return *this;
  }
};

// Cage ids index the registry directly.
constexpr CageId kMaxCages = 4096;

class Registry {
 public:
  Registry();
  ~Registry();

  // The default implementation of each number (RawPOSIX registers them);
  // a new (non-forked) cage's table points every implemented number at it.
  void set_default(uint32_t nr, NativeHandler fn);
  void set_grate_invoker(GrateInvoker invoker) { invoker_.store(invoker, std::memory_order_release); }

  // Gives `cage` the default table. Fails (false) if the id is out of range
  // or already has a table.
  bool create(CageId cage);
  // Gives `to` a copy of `from`'s table (fork).
  bool copy(CageId from, CageId to);
  // Drops `cage`'s table, and empties every entry of every table that
  // points at it (exit): its handlers are gone, and a call that would have
  // gone to them fails (-ENOSYS) rather than reaching whatever cage gets
  // its id next -- except exit and exit_group, which go back to the
  // default (a cage must always be able to end; no filter is bypassed).
  void remove(CageId cage);
  // What a deregistered entry goes back to: the default implementation.
  Entry default_entry(uint32_t nr) const {
    return nr < LIND_SYS_TABLE_SIZE && natives_[nr] ? kDefault : kEmpty;
  }
  bool exists(CageId cage) const { return cage < kMaxCages && tables_[cage].load(std::memory_order_acquire); }

  // Entry `nr` of `cage`'s table (kEmpty if there is no such table).
  Entry get(CageId cage, uint32_t nr) const {
    if (cage >= kMaxCages || nr >= LIND_SYS_TABLE_SIZE) return kEmpty;
    const HandlerTable* t = tables_[cage].load(std::memory_order_acquire);
    return t ? t->entries[nr].load(std::memory_order_relaxed) : kEmpty;
  }
  // Sets entry `nr` of `cage`'s table; false if there is no such table.
  bool set(CageId cage, uint32_t nr, Entry e);
  // A snapshot of `cage`'s table (empty if none).
  std::vector<Entry> snapshot(CageId cage) const;
  // Replaces `to`'s table with `from`'s; false if either is missing.
  bool replace(CageId from, CageId to);

  // Runs the default implementation of `nr` (bypassing every table): for
  // the runtime's own needs in a cage's name, which no grate should see.
  int64_t call_default(uint32_t nr, CageId self, CageId target, const Args& args) const {
    if (nr >= LIND_SYS_TABLE_SIZE || !natives_[nr]) return -38;  // ENOSYS
    return natives_[nr](self, target, args);
  }

  // Looks `nr` up in `self`'s table and runs the handler on `target`.
  int64_t dispatch(CageId self, uint32_t nr, CageId target, const Args& args) const {
    if (nr >= LIND_SYS_TABLE_SIZE || self >= kMaxCages) return -38;  // ENOSYS
    const HandlerTable* t = tables_[self].load(std::memory_order_acquire);
    if (!t) return -3;  // ESRCH: no such cage
    const Entry e = t->entries[nr].load(std::memory_order_relaxed);
    if (e == kDefault) return natives_[nr](self, target, args);
    return dispatch_slow(e, nr, self, target, args);
  }

 private:
  int64_t dispatch_slow(Entry e, uint32_t nr, CageId self, CageId target, const Args& args) const;

  NativeHandler natives_[LIND_SYS_TABLE_SIZE] = {};
  std::unique_ptr<HandlerTable> defaults_;
  std::unique_ptr<std::atomic<HandlerTable*>[]> tables_;
  std::atomic<GrateInvoker> invoker_{nullptr};
  mutable std::mutex mu_;  // serialises create/copy/remove/replace
};

// The cages whose calls this thread is serving right now: while a grate's
// handler runs for a call that `self` made on behalf of `target`, the grate
// may act on both (DESIGN.md "Authority"), and on whatever the calls it
// serves in turn were for. The grate invoker opens one per handler call.
class ServingScope {
 public:
  ServingScope(CageId self, CageId target);
  ~ServingScope();
  ServingScope(const ServingScope&) = delete;
  ServingScope& operator=(const ServingScope&) = delete;
  // Whether `cage` is among the cages this thread is serving.
  static bool serving(CageId cage);
};

// The process-wide registry (inline: every syscall asks for it).
inline Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace lind::threei
