// The program break and anonymous mappings, inside the cage's linear memory:
// brk, mmap, munmap, mprotect. State: Cage::vm (vm_state.h).
//
// Page size. Linux's page size, 4096, is the granularity here: mmap returns
// 4096-aligned addresses and rounds lengths up to 4096; munmap, mprotect
// and MAP_FIXED need 4096-aligned addresses. A cage's getpagesize() says
// 65536 (wasi-libc's PAGESIZE, the wasm page), a multiple of 4096, so a
// program that aligns to what getpagesize() says is always accepted too;
// only the 64 KiB alignment of mmap's result is not promised. Memory itself
// comes from growing the linear memory by whole 64 KiB wasm pages; the rest
// of the last page stays in the arena for later mappings.
//
// Ownership. Other code grows the memory too (wasi-libc's malloc through
// sbrk → memory.grow), so brk and mmap hand out only memory they grew
// themselves (vm_state.h). The break cannot move past memory someone else
// grew after it: brk then fails (returns the old break) as Linux does when
// the heap runs into another mapping. The allocator must keep to its own
// pages as well: wasi-libc's dlmalloc claims [__heap_base, memory size) on
// its first malloc, so the C library initialises it before the program
// runs (vm_state.h).
//
// brk: brk(0), or any address below the initial break or beyond 4 GiB,
// returns the current break; the initial break is the size of the memory
// when the cage first calls brk (a multiple of 64 KiB). Growing returns
// zeroed bytes (also after a shrink: the bytes are zeroed when the break
// passes them again); shrinking keeps the pages for the heap and gives
// their host memory back.
//
// mmap: anonymous mappings, private (MAP_PRIVATE) or shared (MAP_SHARED),
// with MAP_FIXED allowed inside memory mmap already owns (mapped or munmap'd;
// the old contents are replaced by zeros, as Linux replaces the mapping),
// MAP_FIXED_NOREPLACE likewise over munmap'd memory, and a hint address
// honoured when that range is free. MAP_NORESERVE, MAP_POPULATE, MAP_STACK,
// MAP_LOCKED, MAP_NONBLOCK, MAP_32BIT (every wasm32 address is below 4 GiB),
// MAP_UNINITIALIZED and the ignored MAP_DENYWRITE/MAP_EXECUTABLE are accepted.
// munmap'd ranges are reused by later mmaps and come back zeroed. Refused,
// with the errno Linux uses for the same kind of failure:
//   - a file mapping (no MAP_ANONYMOUS): EBADF for a bad or O_PATH fd, EACCES
//     when the fd is not open for reading (or MAP_SHARED|PROT_WRITE without
//     O_RDWR), otherwise ENODEV ("the file system does not support mmap");
//   - MAP_SHARED_VALIDATE with MAP_ANONYMOUS: EINVAL (Linux knows no
//     validated anonymous type either);
//   - MAP_GROWSDOWN, MAP_HUGETLB: EINVAL;
//   - MAP_FIXED outside memory mmap owns: ENOMEM (that memory belongs to
//     the program: its data, stack or malloc heap); MAP_FIXED_NOREPLACE over
//     anything in use: EEXIST;
//   - no memory left (the linear memory cannot grow: 4 GiB, or its maximum),
//     a length over 4 GiB, or more than 65530 mappings: ENOMEM.
// Other Linux checks keep their errnos: offset not 4096-aligned, length 0,
// unknown MAP_TYPE: EINVAL.
//
// Shared memory. A MAP_SHARED mapping is the memory's shared region
// (MemoryInst::map_shared: host shared memory over that part of linear
// memory), so a fork's child maps the same pages instead of a copy, and
// its children too. Anything that replaces part of it in one cage —
// munmap, MAP_FIXED — unshares that part in this cage's memory only
// (private zero pages there); the other cages keep the pages. An exec'd
// image starts with a new memory and so with no shared regions.
//
// munmap: EINVAL for an unaligned address, length 0 or a range beyond
// 4 GiB; unmapping memory mmap does not own (or owns but is not mapped) is
// accepted and does nothing, as unmapping a hole is on Linux.
//
// mprotect: validates like Linux (EINVAL: unaligned address, unknown prot
// bits, PROT_GROWSDOWN|PROT_GROWSUP, PROT_GROWSDOWN/UP on memory that does
// not grow; ENOMEM: any part not mapped — beyond the memory, munmap'd, or
// above the break), then accepts. KNOWN DEVIATION: the protection is not
// enforced. Linear memory is one read-write region for the wasm code, so
// after mprotect(PROT_READ) or PROT_NONE the cage can still write and read
// those bytes; a program that relies on a fault (guard pages) does not get
// one. PROT_EXEC means nothing in wasm and is accepted like the rest.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <climits>
#include <cstring>

#include "lind/runtime.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kWasmPage = rt::MemoryInst::kPageSize;
constexpr uint64_t kAddressSpace = uint64_t{1} << 32;  // wasm32: everything is below 4 GiB
constexpr size_t kMaxMapCount = 65530;                  // Linux's vm.max_map_count default
// Ranges at least this long are zeroed / released with madvise instead of
// memset, so large mappings never commit host memory just to zero it.
constexpr uint64_t kMadviseMin = 64 * 1024;

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#ifndef MAP_UNINITIALIZED
#define MAP_UNINITIALIZED 0x4000000
#endif
#ifndef PROT_SEM
#define PROT_SEM 0x8
#endif

// Flags MAP_SHARED_VALIDATE knows (LEGACY_MAP_MASK | MAP_SYNC | ...): any
// other bit with it is EOPNOTSUPP on Linux.
constexpr uint32_t kValidatedFlags = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS |
                                     MAP_DENYWRITE | MAP_EXECUTABLE | MAP_UNINITIALIZED |
                                     MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE |
                                     MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_SYNC |
                                     MAP_FIXED_NOREPLACE | (0x3fu << 26) /* huge page size */;

uint64_t page_up(uint64_t x) { return (x + kPage - 1) & ~(kPage - 1); }

uint64_t host_page() {
  static const uint64_t p = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  return p;
}

// Gives the host memory behind the whole host pages of [addr, addr+len)
// back; they read as zeros afterwards. Returns the part it did, [lo, hi),
// or lo == hi.
void release(rt::MemoryInst* m, uint64_t addr, uint64_t len, uint64_t& lo, uint64_t& hi) {
  const uint64_t hp = host_page();
  lo = (addr + hp - 1) & ~(hp - 1);
  hi = (addr + len) & ~(hp - 1);
  if (len < kMadviseMin || hi <= lo || ::madvise(m->data() + lo, hi - lo, MADV_DONTNEED) != 0) lo = hi = addr;
}
void release(rt::MemoryInst* m, uint64_t addr, uint64_t len) {
  uint64_t lo, hi;
  release(m, addr, len, lo, hi);
}

// Makes [addr, addr+len) read as zeros.
void zero(rt::MemoryInst* m, uint64_t addr, uint64_t len) {
  if (len == 0) return;
  uint64_t lo, hi;
  release(m, addr, len, lo, hi);
  if (lo == hi) {
    std::memset(m->data() + addr, 0, len);
    return;
  }
  std::memset(m->data() + addr, 0, lo - addr);
  std::memset(m->data() + hi, 0, addr + len - hi);
}

// Disjoint, coalesced ranges: start → end.
using RangeSet = std::map<uint64_t, uint64_t>;

void range_insert(RangeSet& set, uint64_t s, uint64_t e) {
  auto it = set.lower_bound(s);
  if (it != set.begin()) {
    auto prev = std::prev(it);
    if (prev->second >= s) {  // touches or overlaps the previous range
      s = prev->first;
      e = std::max(e, prev->second);
      it = set.erase(prev);
    }
  }
  while (it != set.end() && it->first <= e) {
    e = std::max(e, it->second);
    it = set.erase(it);
  }
  set.emplace(s, e);
}

// Removes [s, e) from the set; calls cut(lo, hi) for each piece removed.
template <typename F>
void range_erase(RangeSet& set, uint64_t s, uint64_t e, F&& cut) {
  auto it = set.lower_bound(s);
  if (it != set.begin() && std::prev(it)->second > s) --it;
  while (it != set.end() && it->first < e) {
    uint64_t rs = it->first, re = it->second;
    it = set.erase(it);
    if (rs < s) set.emplace(rs, s);
    if (re > e) it = set.emplace(e, re).first;
    cut(std::max(rs, s), std::min(re, e));
  }
}
void range_erase(RangeSet& set, uint64_t s, uint64_t e) {
  range_erase(set, s, e, [](uint64_t, uint64_t) {});
}

bool range_intersects(const RangeSet& set, uint64_t s, uint64_t e) {
  auto it = set.lower_bound(s);
  if (it != set.end() && it->first < e) return true;
  return it != set.begin() && std::prev(it)->second > s;
}

// The range of `set` containing address p, or end().
RangeSet::const_iterator range_containing(const RangeSet& set, uint64_t p) {
  auto it = set.upper_bound(p);
  if (it == set.begin()) return set.end();
  --it;
  return it->second > p ? it : set.end();
}

bool range_contains(const RangeSet& set, uint64_t s, uint64_t e) {
  auto it = range_containing(set, s);
  return it != set.end() && it->second >= e;
}

// Is [s, e) entirely memory mmap owns (mapped or free)?
bool in_arena(const VmState& vm, uint64_t s, uint64_t e) {
  uint64_t p = s;
  while (p < e) {
    auto it = range_containing(vm.maps, p);
    if (it == vm.maps.end()) it = range_containing(vm.free, p);
    if (it == vm.free.end()) return false;
    p = it->second;
  }
  return true;
}

// Would adding a mapping [s, e) exceed the mapping limit? (Coalescing with
// a neighbour adds none.)
bool too_many_maps(const VmState& vm) { return vm.maps.size() >= kMaxMapCount; }

// Maps [s, e), which is inside the arena: backs it with new shared memory,
// or makes it private (it may have been shared) and zeroes it up to
// `fresh` (memory at and above `fresh` was just grown and is zero
// already); then takes it out of `free` and `maps` and records it as one
// mapping. Returns s, or -ENOMEM when the host refuses.
int64_t take(VmState& vm, rt::MemoryInst* m, uint64_t s, uint64_t e, uint64_t fresh, bool shared) {
  if (shared) {
    if (!m->map_shared(s, e - s)) return -ENOMEM;
  } else {
    if (!m->unshare(s, e - s)) return -ENOMEM;
    if (fresh > s) zero(m, s, std::min(fresh, e) - s);
  }
  range_erase(vm.free, s, e);
  range_erase(vm.maps, s, e);
  range_insert(vm.maps, s, e);
  return static_cast<int64_t>(s);
}

// A free range of at least `len` bytes, first fit; 0 when none.
bool first_fit(const VmState& vm, uint64_t len, uint64_t& at) {
  for (const auto& [s, e] : vm.free) {
    if (e - s >= len) {
      at = s;
      return true;
    }
  }
  return false;
}

// mmap of a file: refused, with the errno Linux gives first.
int64_t refuse_file_mapping(Cage* c, uint64_t fd, uint64_t len, uint64_t addr, uint32_t flags,
                            uint64_t prot) {
  OpenFile* f = fd <= UINT_MAX && static_cast<int>(fd) >= 0 ? c->fds.get(static_cast<int>(fd)) : nullptr;
  int fl = f ? ::fcntl(f->host_fd, F_GETFL) : -1;
  if (fl < 0 || (fl & O_PATH)) return -EBADF;
  if (len == 0) return -EINVAL;
  if (len > kAddressSpace) return -ENOMEM;
  if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && (addr & (kPage - 1))) return -EINVAL;
  uint32_t type = flags & MAP_TYPE;
  if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE) return -EINVAL;
  if (type == MAP_SHARED_VALIDATE && (flags & ~kValidatedFlags)) return -EOPNOTSUPP;
  int acc = fl & O_ACCMODE;
  if (acc == O_WRONLY) return -EACCES;
  if (type != MAP_PRIVATE && (prot & PROT_WRITE) && acc != O_RDWR) return -EACCES;
  return -ENODEV;
}

}  // namespace

LIND_SYSCALL(brk) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  VmState& vm = c->vm;
  std::lock_guard lock(vm.mu);
  rt::MemoryInst* m = c->memory;
  if (!m) return 0;
  if (!vm.heap_started) {
    vm.heap_started = true;
    vm.brk_start = vm.brk = vm.heap_end = m->size_bytes();
  }
  const uint64_t want = a.a[0];
  if (want < vm.brk_start || want > kAddressSpace) return static_cast<int64_t>(vm.brk);
  if (want <= vm.heap_end) {
    if (want > vm.brk) {
      zero(m, vm.brk, want - vm.brk);
    } else if (want < vm.brk) {
      release(m, want, vm.brk - want);
    }
    vm.brk = want;
    return static_cast<int64_t>(vm.brk);
  }
  // Beyond the heap: grow the memory, if the heap still ends where the
  // memory does.
  if (vm.heap_end != m->size_bytes()) return static_cast<int64_t>(vm.brk);
  const uint64_t pages = (want - vm.heap_end + kWasmPage - 1) / kWasmPage;
  if (m->grow(pages) < 0) return static_cast<int64_t>(vm.brk);
  zero(m, vm.brk, vm.heap_end - vm.brk);  // the old tail; the new pages are zero
  vm.heap_end += pages * kWasmPage;
  vm.brk = want;
  return static_cast<int64_t>(vm.brk);
}

LIND_SYSCALL(mmap) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  uint64_t addr = a.a[0], len = a.a[1];
  const uint64_t prot = a.a[2];
  const auto flags = static_cast<uint32_t>(a.a[3]);
  const uint64_t off = a.a[5];
  if (off & (kPage - 1)) return -EINVAL;
  if (!(flags & MAP_ANONYMOUS)) return refuse_file_mapping(c, a.a[4], len, addr, flags, prot);
  if (len == 0) return -EINVAL;
  if (len > kAddressSpace) return -ENOMEM;
  len = page_up(len);
  const bool noreplace = flags & MAP_FIXED_NOREPLACE;
  const bool fixed = (flags & MAP_FIXED) || noreplace;
  if (fixed && (addr & (kPage - 1))) return -EINVAL;
  const uint32_t type = flags & MAP_TYPE;
  if (type != MAP_PRIVATE && type != MAP_SHARED) return -EINVAL;  // MAP_SHARED_VALIDATE, unknown types
  const bool shared = type == MAP_SHARED;
  if (flags & (MAP_GROWSDOWN | MAP_HUGETLB)) return -EINVAL;

  VmState& vm = c->vm;
  std::lock_guard lock(vm.mu);
  rt::MemoryInst* m = c->memory;
  if (!m) return -ENOMEM;
  if (too_many_maps(vm)) return -ENOMEM;
  const uint64_t mem_end = m->size_bytes();

  if (fixed) {
    if (addr > kAddressSpace - len) return -ENOMEM;
    const uint64_t end = addr + len;
    if (noreplace) {
      if (range_contains(vm.free, addr, end)) return take(vm, m, addr, end, end, shared);
      // Anything else below the end of the memory is in use: a mapping, or
      // the program's own memory.
      return addr < mem_end ? -EEXIST : -ENOMEM;
    }
    if (!in_arena(vm, addr, end)) return -ENOMEM;
    return take(vm, m, addr, end, end, shared);
  }

  // A hint is honoured when that range is free.
  addr = page_up(addr);
  if (addr != 0 && addr <= kAddressSpace - len && range_contains(vm.free, addr, addr + len))
    return take(vm, m, addr, addr + len, addr + len, shared);
  uint64_t at;
  if (first_fit(vm, len, at)) return take(vm, m, at, at + len, at + len, shared);

  // Grow the memory. If the arena's last range is free and still ends the
  // memory, extend it rather than leave it behind.
  uint64_t start = mem_end, have = 0;
  if (vm.arena_top == mem_end && !vm.free.empty()) {
    auto last = std::prev(vm.free.end());
    if (last->second == mem_end) {
      start = last->first;
      have = mem_end - start;
    }
  }
  const uint64_t pages = (len - have + kWasmPage - 1) / kWasmPage;
  const int64_t old = m->grow(pages);
  if (old < 0) return -ENOMEM;
  const uint64_t grown = static_cast<uint64_t>(old) * kWasmPage;
  if (grown != mem_end) return -ENOMEM;  // cannot happen: the memory is ours while we hold the call
  vm.arena_top = grown + pages * kWasmPage;
  range_insert(vm.free, grown, vm.arena_top);
  return take(vm, m, start, start + len, grown, shared);
}

LIND_SYSCALL(munmap) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  const uint64_t addr = a.a[0];
  uint64_t len = a.a[1];
  if (addr & (kPage - 1)) return -EINVAL;
  if (addr > kAddressSpace || len > kAddressSpace - addr) return -EINVAL;
  len = page_up(len);
  if (len == 0) return -EINVAL;
  const uint64_t end = addr + len;

  VmState& vm = c->vm;
  std::lock_guard lock(vm.mu);
  rt::MemoryInst* m = c->memory;
  if (!m) return 0;
  // Cutting a hole in the middle of one mapping makes two.
  auto it = range_containing(vm.maps, addr);
  if (it != vm.maps.end() && it->first < addr && it->second > end && too_many_maps(vm)) return -ENOMEM;
  range_erase(vm.maps, addr, end, [&](uint64_t s, uint64_t e) {
    range_insert(vm.free, s, e);
    // A shared page must not stay shared in the arena (madvise would not
    // zero it either); if the host refuses now, take() unshares it on reuse.
    m->unshare(s, e - s);
    release(m, s, e - s);
  });
  return 0;
}

LIND_SYSCALL(mprotect) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  const uint64_t addr = a.a[0];
  uint64_t len = a.a[1];
  uint64_t prot = static_cast<uint32_t>(a.a[2]);  // int in Linux
  const uint64_t grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
  prot &= ~grows;
  if (grows == (PROT_GROWSDOWN | PROT_GROWSUP)) return -EINVAL;
  if (addr & (kPage - 1)) return -EINVAL;
  if (len == 0) return 0;
  if (len > kAddressSpace) return -ENOMEM;
  len = page_up(len);
  if (prot & ~uint64_t{PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM}) return -EINVAL;
  if (addr > kAddressSpace - len) return -ENOMEM;
  const uint64_t end = addr + len;

  VmState& vm = c->vm;
  std::lock_guard lock(vm.mu);
  rt::MemoryInst* m = c->memory;
  if (!m || end > m->size_bytes()) return -ENOMEM;
  if (range_intersects(vm.free, addr, end)) return -ENOMEM;
  if (vm.heap_started) {
    const uint64_t heap_mapped_end = std::min(page_up(vm.brk), vm.heap_end);
    if (addr < vm.heap_end && end > heap_mapped_end) return -ENOMEM;
  }
  // Mapped. No memory here grows down or up.
  if (grows) return -EINVAL;
  return 0;  // accepted, not enforced (see the top of this file)
}

}  // namespace lind::rawposix
