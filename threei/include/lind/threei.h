// 3i: one syscall handler table per cage, and the dispatch every syscall of
// every cage goes through. A table is a flat array indexed by syscall
// number, so a lookup is two loads and the call one indirect jump.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "lind/abi.h"

namespace lind::threei {

using CageId = uint64_t;

// The six (value, cage) argument pairs of a call. Cage ids are resolved
// (never 0, flag bit cleared) before a handler sees them.
struct Args {
  uint64_t a[6];
  CageId cage[6];
};

// A handler implemented in the host (RawPOSIX). Returns the result, or
// -errno.
using NativeHandler = int64_t (*)(CageId target, const Args& args);

struct Entry {
  NativeHandler native = nullptr;  // set: call it
  CageId grate = 0;                // otherwise, set: call grate_fn in this grate (issue 5)
  uint64_t grate_fn = 0;
  bool empty() const { return native == nullptr && grate == 0; }
};

struct HandlerTable {
  Entry entries[LIND_SYS_TABLE_SIZE];
};

// Cage ids index the registry directly.
constexpr CageId kMaxCages = 4096;

class Registry {
 public:
  Registry();
  ~Registry();

  // The table every new (non-forked) cage starts with.
  HandlerTable& defaults() { return *defaults_; }

  // Gives `cage` a copy of the default table. Fails (false) if the id is out
  // of range or already has a table.
  bool create(CageId cage);
  // Gives `to` a copy of `from`'s table (fork).
  bool copy(CageId from, CageId to);
  // Drops `cage`'s table (exit).
  void remove(CageId cage);
  bool exists(CageId cage) const { return cage < kMaxCages && tables_[cage].load(std::memory_order_acquire); }

  // Looks `nr` up in `self`'s table and runs the handler on `target`.
  int64_t dispatch(CageId self, uint32_t nr, CageId target, const Args& args) const {
    if (nr >= LIND_SYS_TABLE_SIZE || self >= kMaxCages) return -38;  // ENOSYS
    const HandlerTable* t = tables_[self].load(std::memory_order_acquire);
    if (!t) return -3;  // ESRCH: no such cage
    const Entry& e = t->entries[nr];
    if (e.native) return e.native(target, args);
    return dispatch_slow(e, nr, target, args);
  }

 private:
  int64_t dispatch_slow(const Entry& e, uint32_t nr, CageId target, const Args& args) const;

  std::unique_ptr<HandlerTable> defaults_;
  std::unique_ptr<std::atomic<HandlerTable*>[]> tables_;
  std::mutex mu_;  // serialises create/copy/remove
};

// The process-wide registry.
Registry& registry();

}  // namespace lind::threei
