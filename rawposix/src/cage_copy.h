// Copying fixed-size structures between the host and a cage's memory (for
// the time, random and memory calls). Structures cross byte for byte with
// memcpy, so a cage address need not be aligned. Address 0 is NULL, as
// the C library in the cage means it: where Linux accepts NULL the caller
// checks for it first; where Linux does not, copying to or from it is
// -EFAULT, as on Linux (in linear memory offset 0 exists, but no correct
// program passes it as a structure pointer).
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "cage_memory.h"

namespace lind::rawposix {

// x86-64 struct timespec / __kernel_timespec, and struct timeval.
struct KTimespec {
  int64_t sec;
  int64_t nsec;
};
struct KTimeval {
  int64_t sec;
  int64_t usec;
};
static_assert(sizeof(KTimespec) == 16 && sizeof(KTimeval) == 16);

// 0, or -EFAULT.
template <typename T>
int copy_to_cage(CageId cage, uint64_t addr, const T& value) {
  if (addr == 0) return -EFAULT;
  uint8_t* p = CageMemory(cage).range(addr, sizeof(T));
  if (!p) return -EFAULT;
  std::memcpy(p, &value, sizeof(T));
  return 0;
}

template <typename T>
int copy_from_cage(CageId cage, uint64_t addr, T& value) {
  if (addr == 0) return -EFAULT;
  const uint8_t* p = CageMemory(cage).range(addr, sizeof(T));
  if (!p) return -EFAULT;
  std::memcpy(&value, p, sizeof(T));
  return 0;
}

}  // namespace lind::rawposix
