// Checked access to a cage's linear memory. A pointer argument is an offset
// into the memory of the cage its pair names; every range is checked here
// before the host touches it, and a bad one is -EFAULT.
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "cage.h"
#include "lind/runtime.h"

namespace lind::rawposix {

class CageMemory {
 public:
  explicit CageMemory(const rt::MemoryInst* m) : m_(m) {}
  explicit CageMemory(CageId id) {
    Cage* c = find_cage(id);
    m_ = c ? c->memory : nullptr;
  }

  // Host address of [addr, addr+len), or nullptr if any of it is outside
  // the memory. A zero-length range is valid anywhere up to the end.
  // Address 0 is C's NULL (no cage object lives there: the linker starts
  // data above it), so a non-empty range at 0 is a fault, as on Linux.
  uint8_t* range(uint64_t addr, uint64_t len) const {
    if (!m_ || !m_->in_bounds(addr, len) || (addr == 0 && len != 0)) return nullptr;
    return m_->data() + addr;
  }
  template <typename T>
  T* object(uint64_t addr) const {
    return reinterpret_cast<T*>(range(addr, sizeof(T)));
  }

  // The NUL-terminated string at addr, at most `max` bytes with its NUL.
  // Returns 0, -EFAULT (runs off the memory), or -ENAMETOOLONG.
  int string(uint64_t addr, size_t max, std::string_view& out) const {
    if (!m_ || addr == 0 || addr >= m_->size_bytes()) return -EFAULT;
    const char* p = reinterpret_cast<const char*>(m_->data() + addr);
    size_t avail = m_->size_bytes() - addr;
    size_t limit = avail < max ? avail : max;
    const void* nul = std::memchr(p, 0, limit);
    if (!nul) return limit == max ? -ENAMETOOLONG : -EFAULT;
    out = std::string_view(p, static_cast<const char*>(nul) - p);
    return 0;
  }

 private:
  const rt::MemoryInst* m_ = nullptr;
};

}  // namespace lind::rawposix
