// A cage's program break and anonymous mappings (sys_memory.cpp), all
// inside its wasm linear memory.
//
// Linear memory only grows at its end, in 64 KiB wasm pages, and other code
// grows it too (wasi-libc's sbrk, which malloc uses, calls memory.grow
// itself). So RawPOSIX hands out only memory it grew itself, and remembers
// which:
//   - the heap: [brk_start, heap_end), grown for brk. The break moves inside
//     it; it can be extended only while heap_end is still the end of the
//     memory (nobody grew after it).
//   - the mapping arena: every range grown for mmap, split into `maps`
//     (mapped) and `free` (munmap'd or not yet used). Ranges are 4096-byte
//     aligned (Linux's page size; see sys_memory.cpp).
// Everything else in the memory (the program's data, its stack, what
// malloc grew) belongs to the program.
//
// This is safe only if the program's allocator, too, uses only memory it
// grew. wasi-libc's dlmalloc (the 2022 snapshot Debian ships) does after
// its first malloc, but that first malloc claims [__heap_base, memory size)
// — including pages grown by anyone before it. So the C library must
// initialise its allocator before the program can call brk or mmap
// (rawposix/README.md, "Ownership").

#pragma once

#include <cstdint>
#include <map>
#include <mutex>

namespace lind::rawposix {

struct VmState {
  std::mutex mu;  // one cage may have several threads (later issues)
  // The heap. Unset until the first brk call.
  bool heap_started = false;
  uint64_t brk_start = 0;  // the initial break (page aligned)
  uint64_t brk = 0;        // the current break
  uint64_t heap_end = 0;   // end of the memory grown for the heap (64 KiB aligned)
  // The mapping arena: start → end, each map coalesced, disjoint.
  std::map<uint64_t, uint64_t> maps;
  std::map<uint64_t, uint64_t> free;
  uint64_t arena_top = 0;  // end of the highest range grown for mmap

  // fork: the child's memory is a copy of the parent's, so is its
  // bookkeeping. `this` is the new cage's (no other thread uses it yet).
  void copy_from(VmState& parent) {
    std::scoped_lock lock(parent.mu, mu);
    heap_started = parent.heap_started;
    brk_start = parent.brk_start;
    brk = parent.brk;
    heap_end = parent.heap_end;
    maps = parent.maps;
    free = parent.free;
    arena_top = parent.arena_top;
  }
  // exec: the old image's heap and mappings are gone with its memory.
  void reset() {
    std::lock_guard lock(mu);
    heap_started = false;
    brk_start = brk = heap_end = 0;
    maps.clear();
    free.clear();
    arena_top = 0;
  }
};

}  // namespace lind::rawposix
